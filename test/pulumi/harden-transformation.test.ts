import * as k8s from '@pulumi/kubernetes';
import { hardenObject, isWorkloadObject, K8sObject } from '../../lib/core';
import { capture, findManifest } from '../../lib/pulumi/testing';
import { expectPssRestricted } from '../conformance/pss';

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
