import { audit } from '../../lib/audit';
import { appliesToPods, covers, overlaps, PodTarget } from '../../lib/audit/rules/mesh/istio';
import { K8sObject } from '../../lib/core';

// Istio attaches a policy by targetRefs by API group, kind and name (istio/istio pilot/pkg/model/policyattachment.go
// `GetTargetRefs`, `ShouldAttachPolicy`, `matchesGroupKind`; the group '' is read as `core`: pkg/config/model.go
// `CanonicalGroup`): a Service of the core group and of the policy's namespace, a waypoint Gateway of
// gateway.networking.k8s.io, or from the root namespace the GatewayClass `istio-waypoint` (every waypoint). Istio's
// validation refuses an AuthorizationPolicy or RequestAuthentication whose targetRef names another group or kind
// (pkg/config/validation/validation.go `validatePolicyTargetReference`, `allowedTargetRefs`: Service, ServiceEntry,
// Gateway, GatewayClass); the CRD schemas (istio/api kubernetes/customresourcedefinitions.gen.yaml, shared/crds/istio)
// refuse a targetRef namespace, and have no `targetRef` for an EnvoyFilter (pilot/pkg/model/envoyfilter.go
// `GetTargetRef` returns nil), whose targetRefs Istio does not validate so.
const policy = (kind: string, name: string, spec: Record<string, unknown>, namespace = 'pay'): K8sObject => ({
  apiVersion: kind === 'EnvoyFilter' ? 'networking.istio.io/v1alpha3' : 'security.istio.io/v1',
  kind,
  metadata: { name, namespace },
  spec,
});
const ap = (name: string, spec: Record<string, unknown>, namespace?: string) => policy('AuthorizationPolicy', name, spec, namespace);
const ra = (name: string, spec: Record<string, unknown>) => policy('RequestAuthentication', name, spec);
const GATEWAY_API = 'gateway.networking.k8s.io';
const pods: PodTarget = { namespace: 'pay', labels: { app: 'api' }, services: ['api'], waypoint: 'wp' };

describe('Istio targetRefs: API group, kind and name |', () => {
  test.each([
    ['a Service of the core group (group omitted)', { kind: 'Service', name: 'api' }, true],
    ['a Service of the core group (group \'\')', { group: '', kind: 'Service', name: 'api' }, true],
    ['a Service of the core group (group core)', { group: 'core', kind: 'Service', name: 'api' }, true],
    ['the waypoint, a Gateway API Gateway', { group: GATEWAY_API, kind: 'Gateway', name: 'wp' }, true],
    ['a Service of another group (a Knative Service)', { group: 'serving.knative.dev', kind: 'Service', name: 'api' }, false],
    ['Istio\'s own Gateway of the waypoint\'s name', { group: 'networking.istio.io', kind: 'Gateway', name: 'wp' }, false],
    ['a Gateway without a group (the core group has none)', { kind: 'Gateway', name: 'wp' }, false],
    ['a ServiceEntry of the Service\'s name', { group: 'networking.istio.io', kind: 'ServiceEntry', name: 'api' }, false],
    ['a GatewayClass from the policy\'s own namespace', { group: GATEWAY_API, kind: 'GatewayClass', name: 'istio-waypoint' }, false],
    ['a Service of another namespace', { kind: 'Service', name: 'api', namespace: 'other' }, false],
  ])('an AuthorizationPolicy attached to %s applies to the pods: %s', (_, ref, applies) => {
    expect(appliesToPods(ap('p', { targetRefs: [ref] }), pods)).toBe(applies);
    expect(appliesToPods(ap('p', { targetRef: ref }), pods)).toBe(applies);
  });

  test('a policy with one targetRef Istio refuses applies to nothing, even when another one names the pods\' Service', () => {
    const mixed = ap('p', { targetRefs: [{ kind: 'Service', name: 'api' }, { group: 'networking.istio.io', kind: 'Gateway', name: 'wp' }] });
    expect(appliesToPods(mixed, pods)).toBe(false);
  });

  test('an EnvoyFilter\'s targetRef to another kind attaches nothing, and its other targetRefs attach it (Istio does not validate them)', () => {
    const filter = policy('EnvoyFilter', 'rl', { targetRefs: [{ group: 'networking.istio.io', kind: 'Gateway', name: 'wp' }, { group: GATEWAY_API, kind: 'Gateway', name: 'wp' }] });
    expect(appliesToPods(filter, pods)).toBe(true);
    expect(appliesToPods(policy('EnvoyFilter', 'rl', { targetRefs: [{ kind: 'Gateway', name: 'wp' }] }), pods)).toBe(false);
  });

  test('an EnvoyFilter\'s targetRef (the single form, not in its schema) is pruned: the filter applies as one without', () => {
    const filter = policy('EnvoyFilter', 'rl', { targetRef: { group: GATEWAY_API, kind: 'Gateway', name: 'other' }, workloadSelector: { labels: { app: 'api' } } });
    expect(appliesToPods(filter, pods)).toBe(true);
    expect(appliesToPods(filter, { ...pods, labels: { app: 'web' } })).toBe(false);
  });

  test('from the root namespace, the GatewayClass istio-waypoint attaches a policy to every waypoint, and to no pods without one', () => {
    const everyWaypoint = ap('p', { targetRefs: [{ group: GATEWAY_API, kind: 'GatewayClass', name: 'istio-waypoint' }] }, 'istio-system');
    expect(appliesToPods(everyWaypoint, pods)).toBe(true);
    expect(appliesToPods(everyWaypoint, { ...pods, waypoint: undefined })).toBe(false);
    // a Service named from the root namespace is the root namespace's
    expect(appliesToPods(ap('p', { targetRefs: [{ kind: 'Service', name: 'api' }] }, 'istio-system'), pods)).toBe(false);
  });

  test('covers: each of the target\'s targets is one of the policy\'s, however the group is spelled; the waypoints\' GatewayClass covers a Service', () => {
    const service = ra('jwt', { targetRefs: [{ kind: 'Service', name: 'api' }] });
    expect(covers(ap('p', { targetRefs: [{ group: 'core', kind: 'Service', name: 'api' }, { kind: 'Service', name: 'web' }] }), service)).toBe(true);
    expect(covers(ap('p', { targetRef: { group: '', kind: 'Service', name: 'api' } }), service)).toBe(true);
    expect(covers(ap('p', { targetRefs: [{ group: 'serving.knative.dev', kind: 'Service', name: 'api' }] }), service)).toBe(false);
    expect(covers(ap('p', { targetRefs: [{ kind: 'Service', name: 'web' }] }), ra('jwt', { targetRefs: [{ kind: 'Service', name: 'api' }, { kind: 'Service', name: 'web' }] }))).toBe(false);
    expect(covers(ap('p', { targetRefs: [{ group: GATEWAY_API, kind: 'GatewayClass', name: 'istio-waypoint' }] }, 'istio-system'), service)).toBe(true);
    // a RequestAuthentication Istio refuses is covered by nothing (it applies to nothing)
    const refused = ra('jwt', { targetRefs: [{ group: 'networking.istio.io', kind: 'Gateway', name: 'wp' }] });
    expect(covers(ap('p', { targetRefs: [{ group: 'networking.istio.io', kind: 'Gateway', name: 'wp' }] }), refused)).toBe(false);
  });

  test('overlaps: policies meet at a common target, however the group is spelled, or at a waypoint', () => {
    const jwt = ap('jwt', { targetRefs: [{ kind: 'Service', name: 'api' }] });
    expect(overlaps(ap('p', { targetRefs: [{ group: 'core', kind: 'Service', name: 'api' }, { kind: 'Service', name: 'web' }] }), jwt)).toBe(true);
    expect(overlaps(ap('p', { targetRefs: [{ group: 'serving.knative.dev', kind: 'Service', name: 'api' }] }), jwt)).toBe(false);
    const everyWaypoint = ap('p', { targetRefs: [{ group: GATEWAY_API, kind: 'GatewayClass', name: 'istio-waypoint' }] }, 'istio-system');
    expect([overlaps(everyWaypoint, jwt), overlaps(jwt, everyWaypoint)]).toEqual([true, true]);
    expect(overlaps(everyWaypoint, ap('gw', { targetRefs: [{ group: GATEWAY_API, kind: 'Gateway', name: 'ingress' }] }))).toBe(true);
    expect(overlaps(ap('gw', { targetRefs: [{ kind: 'Gateway', name: 'wp' }] }), ap('gw2', { targetRefs: [{ group: GATEWAY_API, kind: 'Gateway', name: 'wp' }] }))).toBe(false);
  });
});

describe('Istio targetRefs in the mesh rules |', () => {
  const namespace: K8sObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pay', labels: { 'istio.io/use-waypoint': 'wp' } } };
  const labels = { 'app': 'api', 'kube-harden.io/payment': 'true' };
  const payment: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'pay', labels },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'api', image: 'registry.example.com/api:1' }] } } },
  };
  const service: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'pay' }, spec: { selector: { app: 'api' } } };
  const requireJwt = { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] };
  const messages = (objects: K8sObject[], id: string) => audit(objects).findings.filter((f) => f.ruleId === id).map((f) => f.message);

  test('KH-MESH-007: a JWT policy attached to Istio\'s networking.istio.io Gateway of the waypoint\'s name does not cover the payment workload', () => {
    const byGroup = (group: string) => ap('jwt', { ...requireJwt, targetRefs: [{ group, kind: 'Gateway', name: 'wp' }] });
    expect(messages([namespace, payment, service, byGroup(GATEWAY_API)], 'KH-MESH-007')).toEqual([]);
    expect(messages([namespace, payment, service, byGroup('networking.istio.io')], 'KH-MESH-007')).toEqual(['no AuthorizationPolicy requires a JWT for this payment workload']);
  });

  test('KH-MESH-007: a JWT policy of the root namespace attached to the waypoints\' GatewayClass covers a payment workload behind a waypoint', () => {
    const everyWaypoint = ap('jwt', { ...requireJwt, targetRefs: [{ group: GATEWAY_API, kind: 'GatewayClass', name: 'istio-waypoint' }] }, 'istio-system');
    expect(messages([namespace, payment, service, everyWaypoint], 'KH-MESH-007')).toEqual([]);
  });

  test('KH-MESH-004: a RequestAuthentication attached to a Service is paired with a JWT policy attached to it with group core', () => {
    const jwt = ra('jwt', { targetRefs: [{ group: '', kind: 'Service', name: 'api' }], jwtRules: [{ issuer: 'https://idp.example.com' }] });
    const withCore = ap('require', { ...requireJwt, targetRefs: [{ group: 'core', kind: 'Service', name: 'api' }] });
    expect(messages([namespace, service, jwt, withCore], 'KH-MESH-004')).toEqual([]);
    const knative = ap('require', { ...requireJwt, targetRefs: [{ group: 'serving.knative.dev', kind: 'Service', name: 'api' }] });
    expect(messages([namespace, service, jwt, knative], 'KH-MESH-004')).toEqual(['no AuthorizationPolicy requires a request principal for these workloads: requests without a token are accepted']);
  });

  test('KH-MESH-005: an ALLOW policy attached to the same Service with group core bypasses the JWT requirement', () => {
    const jwt = ap('jwt', { targetRefs: [{ kind: 'Service', name: 'api' }], rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
    const open = ap('open', { targetRefs: [{ group: 'core', kind: 'Service', name: 'api' }], rules: [{}] });
    expect(messages([namespace, service, jwt, open], 'KH-MESH-005')).toEqual([
      'AuthorizationPolicy pay/open also allows these workloads without a JWT, so this policy\'s JWT requirement is bypassed',
    ]);
  });
});
