import { ApiObject, Lazy, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { emitObjects, objectIds } from '../../lib/cdk8s';
import { K8sObject, KubeHardenValidationError } from '../../lib/core';

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

// Found in review (helper-30): emitObjects froze the caller's own objects, and gave its one-copy synthesis values
// (an array with own `value`/`resolve` members) that cdk8s's own toJson resolves differently.
describe('emitObjects |', () => {
  const configMap = () => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'pay' }, data: { a: '1' } });

  test('emits copies of the caller\'s objects: they are not frozen, and changing them afterwards changes nothing written', () => {
    const chart = Testing.chart();
    const given = configMap();
    emitObjects(new Construct(chart, 'mine'), [given]);
    expect(Object.isFrozen(given)).toBe(false);
    given.data.a = 'changed';
    expect(Testing.synth(chart).find((o) => o.kind === 'ConfigMap').data).toEqual({ a: '1' });
  });

  test('writes what cdk8s\'s own toJson writes for the same props, whatever own members the caller\'s values carry', () => {
    const chart = Testing.chart();
    const args = Object.assign(['--a'], { value: 'x', resolve: () => ['--privileged'] });
    const data = Object.defineProperty({ a: '1' }, 'resolve', { value: () => ({ b: '2' }), enumerable: false });
    const [emitted] = emitObjects(new Construct(chart, 'mine'), [{ ...configMap(), data, spec: { args } } as K8sObject]);
    const written = Testing.synth(chart).find((o) => o.kind === 'ConfigMap');
    expect(written).toStrictEqual(ApiObject.prototype.toJson.call(emitted));
    expect(written.spec.args).toEqual(['--a']);
  });

  test('refuses what is not a Kubernetes object as plain JSON, naming every problem, and emits nothing', () => {
    const chart = Testing.chart();
    const scope = new Construct(chart, 'mine');
    const given = [{ ...configMap(), data: { a: Lazy.any({ produce: () => '1' }) } }, { apiVersion: 'v1', kind: 'Secret', metadata: {} }];
    expect(() => emitObjects(scope, given as unknown as K8sObject[])).toThrow(KubeHardenValidationError);
    expect(() => emitObjects(scope, given as unknown as K8sObject[])).toThrow(/objects\[0\]\.data\.a: is a Lazy[\s\S]*objects\[1\]\.metadata\.name/);
    expect(scope.node.children).toHaveLength(0);
  });
});
