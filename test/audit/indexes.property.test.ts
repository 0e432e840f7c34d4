import * as fc from 'fast-check';
import { SelectorIndex, selectorMatches } from '../../lib/audit';
import { appliesToPods, covers, overlaps, PodTarget } from '../../lib/audit/rules/mesh/istio';
import { IstioPolicyIndex } from '../../lib/audit/rules/mesh/istio-index';
import { K8sObject } from '../../lib/core';

// The indexes only narrow the candidates: every lookup must return exactly what testing each item returns.
const KEYS = ['app', 'tier', 'version'];
const VALUES = ['a', 'b'];
const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });
const namespaceArb = fc.constantFrom('pay', 'istio-system', 'other');

const policyArb = fc.record({
  name: fc.string({ minLength: 1, maxLength: 4 }),
  namespace: namespaceArb,
  selector: fc.option(labelsArb, { nil: undefined }),
  targetRef: fc.option(fc.record({ kind: fc.constantFrom('Service', 'Gateway'), name: fc.constantFrom('api', 'waypoint') }), { nil: undefined }),
}).map(({ name, namespace, selector, targetRef }): K8sObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name, namespace },
  spec: { ...(targetRef ? { targetRefs: [targetRef] } : selector ? { selector: { matchLabels: selector } } : {}) },
}));

const targetArb = fc.record({
  namespace: fc.constantFrom('pay', 'other'),
  labels: labelsArb,
  services: fc.subarray(['api', 'web']),
  waypoint: fc.option(fc.constantFrom('waypoint'), { nil: undefined }),
}) as fc.Arbitrary<PodTarget>;

describe('IstioPolicyIndex |', () => {
  test('applyingTo, covering and overlapping return exactly what testing every policy returns, in order', () => {
    fc.assert(fc.property(fc.array(policyArb, { maxLength: 12 }), targetArb, policyArb, (policies, target, probe) => {
      const inScope = policies.filter((p) => p.metadata.namespace === target.namespace || p.metadata.namespace === 'istio-system');
      const index = new IstioPolicyIndex(inScope);
      const scopedProbe = { ...probe, metadata: { ...probe.metadata, namespace: target.namespace } };
      expect(index.applyingTo(target)).toEqual(inScope.filter((p) => appliesToPods(p, target)));
      expect(index.covering(scopedProbe)).toEqual(inScope.filter((p) => covers(p, scopedProbe)));
      expect(index.overlapping(scopedProbe)).toEqual(inScope.filter((p) => overlaps(p, scopedProbe)));
    }), { numRuns: 200 });
  });
});

describe('SelectorIndex |', () => {
  test('selecting returns exactly the items whose selector matches the labels, in order', () => {
    const selectorArb = fc.option(fc.record({
      matchLabels: labelsArb,
      matchExpressions: fc.array(fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.subarray(VALUES) }), { maxLength: 2 }),
    }), { nil: undefined });
    fc.assert(fc.property(fc.array(selectorArb, { maxLength: 12 }), labelsArb, (selectors, labels) => {
      const index = new SelectorIndex(selectors, (s) => s, (s, l) => selectorMatches(s, l));
      expect(index.selecting(labels)).toEqual(selectors.filter((s) => selectorMatches(s, labels)));
    }), { numRuns: 200 });
  });
});
