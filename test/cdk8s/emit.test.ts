import { objectIds } from '../../lib/cdk8s';
import { K8sObject } from '../../lib/core';

function obj(kind: string, name: string, namespace?: string): K8sObject {
  return { apiVersion: 'v1', kind, metadata: namespace === undefined ? { name } : { name, namespace } };
}

describe('objectIds', () => {
  test('the kind alone, kind and name, or kind, name and namespace: whatever tells the objects apart', () => {
    const objects = [
      obj('Deployment', 'api', 'shop'),
      obj('NetworkPolicy', 'api', 'shop'),
      obj('NetworkPolicy', 'web.to.shop.api', 'shop'),
      obj('Role', 'reader', 'a'),
      obj('Role', 'reader', 'b'),
      obj('ClusterRole', 'reader'),
    ];
    expect(objectIds(objects)).toEqual([
      'Deployment', 'NetworkPolicy-api', 'NetworkPolicy-web.to.shop.api', 'Role-reader@a', 'Role-reader@b', 'ClusterRole',
    ]);
  });

  test('ids are distinct even where a name looks like another form', () => {
    // Kubernetes names are RFC 1123 subdomains and never contain '@', so `<kind>-<name>` (here `Role-a-b`) cannot
    // equal a `<kind>-<name>@<namespace>` (here `Role-b@a`), nor a kind (which has no '-') either form
    const objects = [obj('Role', 'a-b', 'x'), obj('Role', 'b', 'a'), obj('Role', 'b', 'c'), obj('Role', 'b.a'), obj('RoleBinding', 'b')];
    const ids = objectIds(objects);
    expect(new Set(ids).size).toBe(objects.length);
  });

  test('the same objects give the same ids, whatever the instance', () => {
    const of = (name: string) => objectIds([obj('ServiceAccount', name, 'ns'), obj('Service', name, 'ns'), obj('Deployment', name, 'ns')]);
    expect(of('one')).toEqual(of('two'));
  });
});
