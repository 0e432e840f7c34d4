import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { hardenObject, isWorkloadObject, K8sObject, KubeHardenValidationError } from '../../lib/core';
import { capture, findManifest } from '../../lib/pulumi/testing';
import { expectPssRestricted } from '../conformance/pss';
import { problemsOf } from '../helpers/problems';

/** The pattern of docs/migration-cdk8s-plus.md for Pulumi: plain manifests hardened by a ConfigGroup transformation. */
describe('hardenObject as a Pulumi transformation', () => {
  test('GIVEN a plain Deployment in a ConfigGroup WHEN the transformation hardens it THEN Pulumi registers a PSS restricted pod', async () => {
    const legacy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }] } },
      },
    };

    const program = await capture(() => {
      new k8s.yaml.ConfigGroup('legacy', {
        objs: [legacy],
        transformations: [(obj: K8sObject) => {
          if (isWorkloadObject(obj)) Object.assign(obj, hardenObject(obj).object);
        }],
      });
    });

    const deployment = findManifest(program.manifests, 'Deployment', 'web', 'shop') as any;
    expectPssRestricted([deployment]);
    expect(deployment.spec.template.spec.securityContext.runAsUser).toBe(10001);
  });
});

/** hardenObject in a resource transformation, whose props hold Outputs (docs/migration-cdk8s-plus.md: "a Pulumi transform"). */
describe('hardenObject as a Pulumi resource transformation', () => {
  const template = (spec: Record<string, unknown>): any => ({
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec } },
  });
  const hardening = (args: pulumi.ResourceTransformationArgs): pulumi.ResourceTransformationResult => ({
    props: hardenObject({ apiVersion: 'apps/v1', kind: 'Deployment', ...args.props } as K8sObject).object,
    opts: args.opts,
  });

  test('GIVEN an Output image WHEN the transformation hardens the Deployment THEN the image passes through as the same Output', async () => {
    const image = pulumi.output('registry.example.com/shop/web:1.4.2');
    const hardened = hardenObject({ apiVersion: 'apps/v1', kind: 'Deployment', ...template({ containers: [{ name: 'web', image }] }) } as K8sObject);
    expect((hardened.object as any).spec.template.spec.containers[0].image).toBe(image);

    const program = await capture(() => {
      new k8s.apps.v1.Deployment('web', template({ containers: [{ name: 'web', image }] }), { transformations: [hardening] });
    });

    const deployment = findManifest(program.manifests, 'Deployment', 'web', 'shop') as any;
    expect(deployment.spec.template.spec.containers[0].image).toBe('registry.example.com/shop/web:1.4.2');
    expectPssRestricted([deployment]);
  });

  test('GIVEN an Output securityContext, a field the hardener reads, THEN it refuses it naming the field and the fix, never corrupting it', () => {
    const input = { apiVersion: 'apps/v1', kind: 'Deployment', ...template({ securityContext: pulumi.output({ runAsUser: 0 }), containers: [{ name: 'web', image: 'web:1.0' }] }) };
    expect(() => hardenObject(input as K8sObject)).toThrow(KubeHardenValidationError);
    expect(problemsOf(() => hardenObject(input as K8sObject))).toEqual([
      'spec.template.spec.securityContext: is an OutputImpl, not plain JSON, and the hardener has to read it',
    ]);
    expect(() => hardenObject(input as K8sObject)).toThrow(/Fix: give an object as plain JSON: resolve it first \(a Pulumi Output: harden inside pulumi\.output\(\.\.\.\)\.apply\(\)\)/);
  });
});
