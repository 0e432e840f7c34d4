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
      'Deployment', 'NetworkPolicy-api', 'NetworkPolicy-web.to.shop.api', 'Role-reader%a', 'Role-reader%b', 'ClusterRole',
    ]);
  });

  test('ids are distinct even where a name looks like another form', () => {
    // The laxest Kubernetes name rule, for RBAC names (k8s.io/apimachinery pkg/api/validation/path/name.go,
    // IsValidPathSegmentName: NameMayNotContain = {"/", "%"}), allows '@' and '.', never '%': so `<kind>-<name>`
    // (`RoleBinding-b@a`, `RoleBinding-a-b`) cannot equal a `<kind>-<name>%<namespace>` (`RoleBinding-b%a`), and a
    // kind (no '-') neither form.
    const objects = [
      obj('RoleBinding', 'b@a', 'x'), obj('RoleBinding', 'a-b', 'x'), obj('RoleBinding', 'b', 'a'), obj('RoleBinding', 'b', 'c'),
      obj('RoleBinding', 'b.a'), obj('Role', 'b'),
    ];
    const ids = objectIds(objects);
    expect(ids).toContain('RoleBinding-b@a');
    expect(ids).toContain('RoleBinding-b%a');
    expect(new Set(ids).size).toBe(objects.length);
  });

  test('the same objects give the same ids, whatever the instance', () => {
    const of = (name: string) => objectIds([obj('ServiceAccount', name, 'ns'), obj('Service', name, 'ns'), obj('Deployment', name, 'ns')]);
    expect(of('one')).toEqual(of('two'));
  });
});
