import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { capture } from './harness';
import { K8sObject } from '../../lib/core/manifest';
import { createdOfKinds, createdSatisfying, recordCreated } from '../../lib/pulumi/registry';

function object(kind: string, name: string, namespace?: string): K8sObject {
  return { apiVersion: 'v1', kind, metadata: namespace === undefined ? { name } : { name, namespace } };
}

describe('Pulumi registry (an index, not a scan of every created object) |', () => {
  test('finds by kind and name, checks the namespace only when the reference names one, in creation order', async () => {
    await capture(() => {
      const record = (obj: K8sObject) => {
        const id = `${obj.kind.toLowerCase()}-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`;
        const resource = new k8s.core.v1.ConfigMap(id, { metadata: { name: id, namespace: 'default' } });
        recordCreated(obj, resource);
        return resource;
      };
      const anchor = record(object('SubnamespaceAnchor', 'shop', 'finance'));
      const namespace = record(object('Namespace', 'shop'));
      const shopAccount = record(object('ServiceAccount', 'api', 'shop'));
      const otherAccount = record(object('ServiceAccount', 'api', 'other'));
      record(object('Namespace', 'other'));

      expect(createdSatisfying([{ kinds: ['Namespace'], name: 'shop' }, { kinds: ['SubnamespaceAnchor'], name: 'shop' }])).toEqual([anchor, namespace]);
      expect(createdSatisfying([{ kinds: ['ServiceAccount'], namespace: 'shop', name: 'api' }])).toEqual([shopAccount]);
      expect(createdSatisfying([{ kinds: ['ServiceAccount'], name: 'api' }])).toEqual([shopAccount, otherAccount]);
      expect(createdSatisfying([{ kinds: ['RuntimeClass'], name: undefined }])).toEqual([]);
      expect(createdOfKinds(['Namespace']).map((o) => o.metadata.name)).toEqual(['shop', 'other']);
    });
  });

  test('forgets a program\'s resources once its capture ends (the runtime keeps its last connection until the next one)', async () => {
    let during: string[] = [];
    let monitor: unknown;
    await capture(() => {
      monitor = pulumi.runtime.getMonitor();
      const resource = new k8s.core.v1.Namespace('shop', { metadata: { name: 'shop' } });
      recordCreated(object('Namespace', 'shop'), resource);
      during = createdOfKinds(['Namespace']).map((o) => o.metadata.name);
    });
    expect(during).toEqual(['shop']);
    // the same connection is still the runtime's: what it created is gone, not merely looked up elsewhere
    expect(pulumi.runtime.getMonitor()).toBe(monitor);
    expect(createdOfKinds(['Namespace'])).toEqual([]);
  });
});
