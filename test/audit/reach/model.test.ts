import { namespace, podFlows, policy } from './helpers';
import { buildModel, computeReach } from '../../../lib/audit/reach';
import { K8sObject } from '../../../lib/core';

// Labels are read as the audit's rules read them (podLabels, selectableLabels; docs/audit-and-ci.md): a value set to
// null is '', as Kubernetes decodes it; one of another JSON type meets no selector requirement on its key; pods whose
// labels map is of the wrong type are selected by no selector.
const np = (ns: string, name: string, spec: unknown) => policy('NetworkPolicy', ns, name, spec, 'networking.k8s.io/v1');
const cnp = (ns: string, name: string, spec: unknown) => policy('CiliumNetworkPolicy', ns, name, spec, 'cilium.io/v2');

/** A Deployment whose pod template has `labels` as given (any JSON), serving 8080 as service account `name`. */
function workload(ns: string, name: string, labels: unknown, extra: Record<string, unknown> = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      template: {
        metadata: { labels },
        spec: { serviceAccountName: name, containers: [{ name, image: 'x', ports: [{ containerPort: 8080, name: 'http' }] }], ...extra },
      },
    },
  } as K8sObject;
}

const client = workload('b', 'client', { app: 'client' });
const flowsTo = (objects: unknown[], cni: 'kubernetes' | 'cilium' = 'kubernetes') =>
  podFlows(computeReach([namespace('a'), namespace('b'), client, ...objects] as never, { cni }).flows).filter((f) => f.startsWith('b/client -> a/'));

describe('pod labels as label selectors see them |', () => {
  test('a label set to null is the empty value: a selector for app: \'\' selects the pod', () => {
    const deny = np('a', 'deny', { podSelector: { matchLabels: { app: '' } }, policyTypes: ['Ingress'] });
    expect(flowsTo([workload('a', 'web', { app: null }), deny])).toEqual([]);
  });

  test('a label of the wrong type meets no requirement on its key, not even DoesNotExist', () => {
    const deny = np('a', 'deny', { podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, policyTypes: ['Ingress'] });
    expect(flowsTo([workload('a', 'web', { tier: 1 }), deny])).toEqual(['b/client -> a/web:8080/TCP']);
    expect(flowsTo([workload('a', 'web', {}), deny])).toEqual([]);
  });

  test('pods whose labels map is of the wrong type are selected by no selector, not even an empty one (NetworkPolicy or Cilium)', () => {
    const web = workload('a', 'web', 'app=web');
    expect(flowsTo([web, np('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })])).toEqual(['b/client -> a/web:8080/TCP']);
    expect(flowsTo([web, cnp('a', 'deny', { endpointSelector: {}, ingress: [{}] })], 'cilium')).toEqual(['b/client -> a/web:8080/TCP']);
    // nor named as a peer: an allow rule for every pod of its namespace does not admit them
    const toDb = np('a', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }] }] });
    const flows = podFlows(computeReach([namespace('a'), web, workload('a', 'db', { app: 'db' }), workload('a', 'api', { app: 'api' }), toDb] as never).flows);
    expect(flows.filter((f) => f.includes('-> a/db'))).toEqual(['a/api -> a/db:8080/TCP']);
  });

  test('a namespace label set to null is the empty value, for namespace selectors', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b', labels: { team: null } } },
      workload('a', 'web', { app: 'web' }),
      np('a', 'web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: '' } } }] }] }),
    ];
    expect(podFlows(computeReach([client, ...objects] as never).flows).filter((f) => f.startsWith('b/client -> a/'))).toEqual(['b/client -> a/web:8080/TCP']);
  });

  test('a pod\'s use-waypoint label of the wrong type names no waypoint, and the namespace\'s does not stand in', () => {
    const ambient = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'ns-waypoint' } } };
    const waypointOf = (labels: unknown) => buildModel([ambient, workload('a', 'web', labels)] as never).workloads.find((w) => w.id === 'a/web')?.waypoint;
    expect(waypointOf({ app: 'web' })).toBe('ns-waypoint');
    expect(waypointOf({ 'app': 'web', 'istio.io/use-waypoint': 'own' })).toBe('own');
    expect(waypointOf({ 'app': 'web', 'istio.io/use-waypoint': 1 })).toBeUndefined();
  });
});

describe('Service selectors |', () => {
  const service = (selector: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'a' }, spec: { selector } });
  const selectorOf = (selector: unknown) => buildModel([service(selector)] as never).services[0].selector;

  test('a value set to null is the empty value; a value or a selector of the wrong type selects no pods', () => {
    expect(selectorOf({ app: 'api' })).toEqual({ app: 'api' });
    expect(selectorOf({ app: null })).toEqual({ app: '' });
    expect(selectorOf({ app: 'api', tier: 1 })).toBeUndefined();
    expect(selectorOf('app=api')).toBeUndefined();
  });
});

describe('notes on workloads, Namespaces and Services |', () => {
  test('each field of the wrong type is a note naming the object and what reach makes of it', () => {
    const notes = buildModel([
      workload('a', 'web', { app: 'web', tier: 1 }, { serviceAccountName: 7 }),
      workload('a', 'db', ['db']),
      { ...workload('a', 'api', { app: 'api' }), spec: { template: { spec: { containers: [{ name: 'api', image: 'x', ports: [{ containerPort: '8080' }] }] } } } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: 'team=x' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'a' }, spec: { selector: { app: true } } },
    ] as never).notes;
    // (workloads are read last, after the Namespaces and Services their namespace may hold)
    expect(notes).toEqual([
      { object: 'Namespace a', message: 'metadata.labels is a string, not an object: Kubernetes rejects the object; the namespace has no label but kubernetes.io/metadata.name' },
      { object: 'Service a/api', message: 'spec.selector.app is a boolean, not a string: Kubernetes rejects the object; the Service selects no pods' },
      { object: 'Deployment a/web', message: 'spec.template.metadata.labels.tier is a number, not a string: Kubernetes rejects the object; the label meets no selector requirement on its key' },
      { object: 'Deployment a/web', message: 'spec.template.spec.serviceAccountName is a number, not a string: Kubernetes rejects the object; the pods run as the default service account' },
      {
        object: 'Deployment a/db',
        message: 'spec.template.metadata.labels is a list, not an object: Kubernetes rejects the object; no label selector selects its pods: no policy isolates them, and none names them as a peer',
      },
      { object: 'Deployment a/api', message: 'spec.template.spec.containers[0].ports[0].containerPort is a string, not an integer: Kubernetes rejects the object; reach leaves the port out' },
    ]);
  });
});

describe('objects whose metadata is of the wrong type |', () => {
  test('an object whose name or namespace is of the wrong type is left out and noted (a policy then enforces nothing)', () => {
    const deny = { ...np('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }), metadata: { name: 'deny', namespace: ['a'] } };
    const web = workload('a', 'web', { app: 'web' });
    // (read as in the namespace 'default' before: it isolated the pods there)
    const other = workload('default', 'other', { app: 'other' });
    const result = computeReach([namespace('a'), web, other, deny, { ...workload('a', 'named', {}), metadata: { name: 7, namespace: 'a' } }] as never);
    expect(podFlows(result.flows, ['a/web', 'default/other'])).toEqual(['a/web -> default/other:8080/TCP', 'default/other -> a/web:8080/TCP']);
    expect(result.notes).toEqual([
      { object: 'NetworkPolicy ["a"]/deny', message: 'metadata.namespace is a list, not a string: Kubernetes rejects the object; reach leaves the object out' },
      { object: 'Deployment a/7', message: 'metadata.name is a number, not a string: Kubernetes rejects the object; reach leaves the object out' },
    ]);
  });
});

// Istio's four sidecar injector webhooks (istio/istio manifests/charts/istio-control/istio-discovery/templates/
// mutatingwebhook.yaml): namespace.* selects namespaces with istio-injection=enabled; rev.namespace.* those with
// istio.io/rev and no istio-injection label; object.* and rev.object.* pods with sidecar.istio.io/inject=true or
// istio.io/rev in namespaces with neither label. Each excludes pods with sidecar.istio.io/inject=false.
describe('which pods Istio injects a sidecar into |', () => {
  const meshOf = (namespaceLabels: Record<string, string>, podLabels: Record<string, string>) => buildModel([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: namespaceLabels } },
    workload('a', 'web', { app: 'web', ...podLabels }),
  ] as never).workloads.find((w) => w.id === 'a/web')?.mesh;

  test.each([
    [{ 'istio-injection': 'enabled' }, {}, 'sidecar'],
    [{ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }, {}, 'sidecar'],
    [{ 'istio.io/rev': 'canary' }, {}, 'sidecar'],
    [{}, { 'sidecar.istio.io/inject': 'true' }, 'sidecar'],
    [{}, { 'istio.io/rev': 'canary' }, 'sidecar'],
    [{ 'istio.io/rev': 'canary' }, { 'sidecar.istio.io/inject': 'true' }, 'sidecar'],
    [{ 'istio-injection': 'enabled' }, { 'sidecar.istio.io/inject': 'false' }, 'none'],
    // an istio-injection label of any other value turns every injector off, the revision's and the pod's too
    [{ 'istio-injection': 'disabled' }, { 'sidecar.istio.io/inject': 'true' }, 'none'],
    [{ 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }, {}, 'none'],
    [{ 'istio-injection': 'off', 'istio.io/rev': 'canary' }, {}, 'none'],
    [{ 'istio-injection': 'off' }, { 'istio.io/rev': 'canary' }, 'none'],
    [{}, {}, 'none'],
  ])('namespace %j, pod %j: %s', (namespaceLabels, podLabels, mesh) => {
    expect(meshOf(namespaceLabels, podLabels)).toBe(mesh);
  });
});
