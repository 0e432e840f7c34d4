import * as fc from 'fast-check';
import { CONTAINER_KINDS, ContainerKind, containersOf, podFact, PodSpecRef, podSpecOf, withPodFacts } from '../../lib/audit';
import { imagesOf } from '../../lib/audit/rules/image/images';
import { K8sObject } from '../../lib/core';

const containerArb = fc.record({
  name: fc.option(fc.constantFrom('app', 'init', 'debug'), { nil: undefined }),
  image: fc.option(fc.constantFrom('nginx', 'nginx:latest', 'registry.example.com/app:1.0@sha256:' + 'a'.repeat(64), 'UPPER'), { nil: undefined }),
}, { requiredKeys: [] });

const deploymentArb = fc.record({
  initContainers: fc.array(containerArb, { maxLength: 2 }),
  containers: fc.array(containerArb, { maxLength: 3 }),
  ephemeralContainers: fc.array(containerArb, { maxLength: 2 }),
}, { requiredKeys: [] }).map((spec): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { metadata: { labels: { app: 'web' } }, spec } },
}));

/** Any selection of container lists, in any order, repeats included. */
const kindsArb = fc.array(fc.constantFrom<ContainerKind>(...CONTAINER_KINDS), { maxLength: 4 });

describe('pod facts |', () => {
  test('during an audit, containersOf and imagesOf return what they compute outside one, for any container lists', () => {
    fc.assert(fc.property(deploymentArb, kindsArb, (deployment, kinds) => {
      const podOf = () => podSpecOf(deployment)!;
      const fresh = { all: containersOf(podOf()), some: containersOf(podOf(), kinds), images: imagesOf(podOf()) };
      const remembered = withPodFacts(() => {
        const pod = podSpecOf(deployment)!;
        // the full lists first, so that the selection is read from what is remembered
        const all = containersOf(pod);
        return { all, some: containersOf(pod, kinds), images: imagesOf(pod) };
      });
      expect(remembered).toEqual(fresh);
    }), { numRuns: 200 });
  });

  test('podFact derives once per pod spec during an audit, and afresh outside one', () => {
    const deployment = fc.sample(deploymentArb, { numRuns: 1, seed: 1 })[0];
    let calls = 0;
    const derive = (pod: PodSpecRef) => {
      calls += 1;
      return pod.path;
    };
    const during = withPodFacts(() => [podFact(podSpecOf(deployment)!, derive), podFact(podSpecOf(deployment)!, derive)]);
    expect({ during, calls }).toEqual({ during: ['spec.template.spec', 'spec.template.spec'], calls: 1 });
    podFact(podSpecOf(deployment)!, derive);
    podFact(podSpecOf(deployment)!, derive);
    expect(calls).toBe(3);
  });
});
