import { deployment, namespace, podFlows, policy } from './helpers';
import { computeReach } from '../../../lib/audit/reach';

// Istio AuthorizationPolicy at L4 and identity: istio.io reference/config/security/authorization-policy (DENY before
// ALLOW; no ALLOW policy allows everything; allow-nothing `spec: {}`; principals `<td>/ns/<ns>/sa/<sa>`; ports are
// the workload's), pilot/pkg/security/authz/builder/builder.go, and for ambient istio.io docs/ambient/usage/l4-policy
// (ztunnel enforces L4 only: an ALLOW with L7 attributes matches nothing, a DENY is enforced on its L4 part) and
// docs/ambient/usage/waypoint (targetRefs bind a policy to the waypoint of a Service).
const ap = (ns: string, name: string, spec: unknown) => policy('AuthorizationPolicy', ns, name, spec, 'security.istio.io/v1');
const pa = (ns: string, mode: string) => policy('PeerAuthentication', ns, 'default', { mtls: { mode } }, 'security.istio.io/v1');
const meshed = (mode: 'sidecar' | 'ambient') => [
  namespace('a', mode === 'sidecar' ? { 'istio-injection': 'enabled' } : { 'istio.io/dataplane-mode': 'ambient' }),
  namespace('b', mode === 'sidecar' ? { 'istio-injection': 'enabled' } : { 'istio.io/dataplane-mode': 'ambient' }),
  namespace('plain'),
  deployment('a', 'api', { ports: [8080, 9090] }), deployment('a', 'web'), deployment('b', 'client'), deployment('plain', 'outsider'),
];
const into = (objects: unknown[]) => podFlows(computeReach(objects as never, { cni: 'kubernetes' }).flows, ['a/api']);

describe('Istio AuthorizationPolicy |', () => {
  test.each(['sidecar', 'ambient'] as const)('%s: allow-nothing in the namespace closes every workload; an ALLOW by principal and port opens one', (mode) => {
    const base = [...meshed(mode), ap('a', 'allow-nothing', {})];
    expect(into(base)).toEqual([]);
    const allow = ap('a', 'api', {
      selector: { matchLabels: { app: 'api' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/b/sa/client'] } }], to: [{ operation: { ports: ['8080'] } }] }],
    });
    expect(into([...base, allow])).toEqual(['b/client -> a/api:8080/TCP']);
  });

  test('DENY comes before ALLOW; namespaces and notPrincipals match the peer identity', () => {
    const objects = [
      ...meshed('sidecar'),
      ap('a', 'allow-ns', { rules: [{ from: [{ source: { namespaces: ['a', 'b'] } }] }] }),
      ap('a', 'deny-web', { action: 'DENY', selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { notPrincipals: ['cluster.local/ns/b/sa/client'] } }], to: [{ operation: { ports: ['9090'] } }] }] }),
    ];
    expect(into(objects)).toEqual(['a/web -> a/api:8080/TCP', 'b/client -> a/api:8080/TCP', 'b/client -> a/api:9090/TCP']);
  });

  test('plaintext from outside the mesh is refused under STRICT mTLS and accepted under PERMISSIVE (no identity)', () => {
    expect(into([...meshed('sidecar'), pa('a', 'STRICT')]).filter((f) => f.startsWith('plain/'))).toEqual([]);
    expect(into([...meshed('sidecar'), pa('a', 'PERMISSIVE')]).filter((f) => f.startsWith('plain/'))).toHaveLength(2);
    const byPrincipal = ap('a', 'p', { rules: [{ from: [{ source: { principals: ['*'] } }] }] });
    expect(into([...meshed('sidecar'), byPrincipal]).filter((f) => f.startsWith('plain/'))).toEqual([]);
  });

  test('HTTP conditions: a sidecar admits some requests (flow marked L7); ztunnel matches no ALLOW with L7 attributes', () => {
    const l7 = ap('a', 'http', {
      selector: { matchLabels: { app: 'api' } },
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/b/sa/client'] } }], to: [{ operation: { methods: ['GET'], ports: ['8080'] } }] }],
    });
    const sidecar = computeReach([...meshed('sidecar'), l7] as never, { cni: 'kubernetes' }).flows.filter((f) => f.to === 'a/api');
    expect(sidecar.map((f) => [f.from, f.port, f.l7])).toEqual([['b/client', 8080, true]]);
    expect(into([...meshed('ambient'), l7])).toEqual([]);
  });

  test('ztunnel enforces a DENY with L7 attributes on its L4 part (fail closed); a sidecar does not close the flow', () => {
    const deny = ap('a', 'deny', { action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }] }] });
    expect(into([...meshed('sidecar'), deny]).length).toBeGreaterThan(0);
    expect(into([...meshed('ambient'), deny])).toEqual([]);
  });

  test('ambient with a waypoint: targetRefs policies decide for the caller, selector policies see the waypoint identity', () => {
    const service = policy('Service', 'a', 'api', { selector: { app: 'api' }, ports: [{ port: 8080 }] });
    (service.metadata as { labels?: Record<string, string> }).labels = { 'istio.io/use-waypoint': 'waypoint' };
    const atWaypoint = ap('a', 'api', {
      targetRefs: [{ kind: 'Service', group: '', name: 'api' }],
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/b/sa/client'] } }], to: [{ operation: { methods: ['POST'] } }] }],
    });
    const ztunnel = ap('a', 'from-waypoint', { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/a/sa/waypoint'] } }] }] });
    const result = computeReach([...meshed('ambient'), service, atWaypoint, ztunnel] as never, { cni: 'kubernetes' });
    expect(result.workloads.find((w) => w.id === 'a/api')?.waypoint).toBe('waypoint');
    expect(podFlows(result.flows, ['a/api'])).toEqual(['b/client -> a/api:8080/TCP', 'b/client -> a/api:9090/TCP']);
    expect(podFlows(computeReach([...meshed('ambient'), service, atWaypoint] as never, { cni: 'kubernetes' }).flows, ['a/api'])).toHaveLength(2);
    const onlyClient = ap('a', 'from-client', { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/b/sa/client'] } }] }] });
    expect(podFlows(computeReach([...meshed('ambient'), service, atWaypoint, onlyClient] as never, { cni: 'kubernetes' }).flows, ['a/api'])).toEqual([]);
  });

  test('ambient pods talk HBONE: the CNI must allow port 15008, the application port is Istio\'s decision', () => {
    const np = (name: string, port: number) => policy('NetworkPolicy', 'a', name, { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port }] }] }, 'networking.k8s.io/v1');
    expect(into([...meshed('ambient'), np('app-port', 8080)]).filter((f) => f.startsWith('b/'))).toEqual([]);
    expect(into([...meshed('ambient'), np('hbone', 15008)]).filter((f) => f.startsWith('b/'))).toEqual(['b/client -> a/api:8080/TCP', 'b/client -> a/api:9090/TCP']);
    expect(into([...meshed('ambient'), np('app-port', 8080)]).filter((f) => f.startsWith('plain/'))).toEqual(['plain/outsider -> a/api:8080/TCP']);
  });
});

// An Istio policy that Kubernetes rejects (a field of the wrong JSON type for the CRD schema) allows, denies and
// requires nothing, as the audit's rules read it (KH-MESH-004, KH-MESH-007: docs/audit-and-ci.md).
describe('Istio policy that Kubernetes rejects |', () => {
  const open = into(meshed('sidecar'));

  test.each([
    ['rules a mapping (read as none: allow-nothing)', { rules: { from: [] } }],
    ['principals a string', { rules: [{ from: [{ source: { principals: 'cluster.local/ns/b/sa/client' } }] }] }],
    ['a port of the wrong type', { rules: [{ to: [{ operation: { ports: [8080] } }] }] }],
    ['a condition of the wrong type', { rules: [{ when: [{ key: 'source.namespace', values: 'b' }] }] }],
    ['action of the wrong type', { action: 1, rules: [{ from: [{ source: { namespaces: ['b'] } }] }] }],
    ['a selector value of the wrong type', { selector: { matchLabels: { app: 1 } }, rules: [] }],
    ['targetRefs of the wrong type', { targetRefs: 'waypoint', rules: [] }],
  ])('an ALLOW policy with %s closes nothing', (_, spec) => {
    expect(into([...meshed('sidecar'), ap('a', 'rejected', spec)])).toEqual(open);
  });

  test('a DENY policy whose rule\'s to or from is of the wrong type (read as none: every port, every source) denies nothing', () => {
    const deny = (rule: unknown) => ap('a', 'deny', { action: 'DENY', rules: [rule] });
    expect(into([...meshed('sidecar'), deny({ from: [{ source: { namespaces: ['b'] } }], to: { operation: { ports: ['9090'] } } })])).toEqual(open);
    expect(into([...meshed('sidecar'), deny({ from: { source: { namespaces: ['b'] } } })])).toEqual(open);
  });

  test('a PeerAuthentication whose selector or mode is of the wrong type sets no mode', () => {
    const strict = (spec: unknown) => policy('PeerAuthentication', 'a', 'api', spec, 'security.istio.io/v1');
    const plain = (extra: unknown[]) => into([...meshed('sidecar'), ...extra]).filter((f) => f.startsWith('plain/'));
    expect(plain([strict({ mtls: { mode: 'STRICT' } })])).toEqual([]);
    expect(plain([strict({ selector: { matchLabels: 'app=api' }, mtls: { mode: 'STRICT' } })])).toEqual(['plain/outsider -> a/api:8080/TCP', 'plain/outsider -> a/api:9090/TCP']);
    expect(plain([strict({ mtls: 'STRICT' })])).toEqual(['plain/outsider -> a/api:8080/TCP', 'plain/outsider -> a/api:9090/TCP']);
  });

  test('a selector value set to null selects no pod, as the audit reads it', () => {
    const bySelector = (app: unknown) => ap('a', 'only-web', { selector: { matchLabels: { app } }, rules: [{ from: [{ source: { namespaces: ['a'] } }] }] });
    const objects = [...meshed('sidecar').filter((o) => o.metadata.name !== 'api'), deployment('a', 'api', { labels: { app: '' }, ports: [8080] })];
    expect(into([...objects, bySelector('')])).toEqual(['a/web -> a/api:8080/TCP']);
    expect(into([...objects, bySelector(null)])).toEqual(['a/web -> a/api:8080/TCP', 'b/client -> a/api:8080/TCP', 'plain/outsider -> a/api:8080/TCP']);
  });

  test('each field of the wrong type is a note', () => {
    const notes = computeReach([...meshed('sidecar'), ap('a', 'bad', { action: 1 })] as never, { cni: 'kubernetes' }).notes;
    expect(notes).toEqual([{
      object: 'AuthorizationPolicy a/bad',
      message: 'spec.action is a number, not a string: Kubernetes rejects the object; reach lets the policy allow and deny nothing',
    }]);
  });
});

// A field set to null is absent, as the CRD schema prunes it and the audit's readers read it.
describe('Istio fields set to null |', () => {
  test('a source field set to null is absent: it neither matches nothing nor excludes every address', () => {
    const allow = (source: unknown) => ap('a', 'allow', { selector: { matchLabels: { app: 'api' } }, rules: [{ from: [{ source }] }] });
    const callers = (source: unknown) => [...new Set(into([...meshed('sidecar'), allow(source)]).map((f) => f.split(' ')[0]))];
    expect(callers({ namespaces: ['b'] })).toEqual(['b/client']);
    expect(callers({ principals: null, namespaces: ['b'] })).toEqual(['b/client']);
    expect(callers({ ipBlocks: null, namespaces: ['b'] })).toEqual(['b/client']);
  });

  test('a PeerAuthentication whose selector is null applies to the whole namespace', () => {
    const strict = policy('PeerAuthentication', 'a', 'strict', { selector: null, mtls: { mode: 'STRICT' } }, 'security.istio.io/v1');
    expect(into([...meshed('sidecar'), strict]).filter((f) => f.startsWith('plain/'))).toEqual([]);
  });
});

// A targetRef names its target by API group, kind and name, the group '' read as `core` (istio/istio
// pilot/pkg/model/policyattachment.go `ShouldAttachPolicy`, `matchesGroupKind`; pkg/config/model.go `CanonicalGroup`):
// a waypoint policy attaches to a Service of the core group, to the waypoint, a Gateway of gateway.networking.k8s.io,
// or from the root namespace to every waypoint by the GatewayClass istio-waypoint. Istio's validation refuses an
// AuthorizationPolicy with a targetRef to another group or kind (pkg/config/validation/validation.go
// `validatePolicyTargetReference`), and the CRD schema (shared/crds/istio/authorizationpolicy.yaml) one with a
// targetRef namespace: reach lets such a policy allow and deny nothing, as one Kubernetes rejects.
describe('Istio targetRefs by API group |', () => {
  const service = policy('Service', 'a', 'api', { selector: { app: 'api' }, ports: [{ port: 8080 }] });
  (service.metadata as { labels?: Record<string, string> }).labels = { 'istio.io/use-waypoint': 'waypoint' };
  const onlyClient = (ref: Record<string, unknown>, ns = 'a') => ap(ns, 'only-client', {
    targetRefs: [ref], rules: [{ from: [{ source: { principals: ['cluster.local/ns/b/sa/client'] } }] }],
  });
  const reach = (extra: unknown[]) => computeReach([...meshed('ambient'), service, ...extra] as never, { cni: 'kubernetes' });
  const callers = (extra: unknown[]) => [...new Set(podFlows(reach(extra).flows, ['a/api']).map((f) => f.split(' ')[0]))];
  const everyone = callers([]);
  const GATEWAY_API = 'gateway.networking.k8s.io';

  test.each([
    ['the Service (group omitted)', { kind: 'Service', name: 'api' }],
    ['the Service (group core)', { group: 'core', kind: 'Service', name: 'api' }],
    ['the waypoint Gateway', { group: GATEWAY_API, kind: 'Gateway', name: 'waypoint' }],
  ])('a policy attached to %s decides at the waypoint', (_, ref) => {
    expect(everyone).toContain('a/web');
    expect(callers([onlyClient(ref)])).toEqual(['b/client']);
  });

  test('from the root namespace, a policy attached to the GatewayClass istio-waypoint decides at every waypoint; from another, nowhere', () => {
    const everyWaypoint = { group: GATEWAY_API, kind: 'GatewayClass', name: 'istio-waypoint' };
    expect(callers([onlyClient(everyWaypoint, 'istio-system')])).toEqual(['b/client']);
    expect(callers([onlyClient(everyWaypoint)])).toEqual(everyone);
    expect(reach([onlyClient(everyWaypoint)]).notes).toEqual([]);
  });

  test('a policy attached to a ServiceEntry (not a workload) decides for no workload', () => {
    expect(callers([onlyClient({ group: 'networking.istio.io', kind: 'ServiceEntry', name: 'api' })])).toEqual(everyone);
  });

  test.each([
    ['Istio\'s own Gateway', { group: 'networking.istio.io', kind: 'Gateway', name: 'waypoint' },
      'spec.targetRefs[0] is networking.istio.io\'s Gateway: Istio\'s validation rejects the object'],
    ['a Gateway without a group', { kind: 'Gateway', name: 'waypoint' }, 'spec.targetRefs[0] is the core group\'s Gateway: Istio\'s validation rejects the object'],
    ['a Service of another group', { group: 'serving.knative.dev', kind: 'Service', name: 'api' },
      'spec.targetRefs[0] is serving.knative.dev\'s Service: Istio\'s validation rejects the object'],
    ['a Service of a namespace', { kind: 'Service', name: 'api', namespace: 'a' },
      'spec.targetRefs[0] names namespace \'a\': Kubernetes rejects the object (cross namespace referencing is not supported)'],
  ])('a policy attached to %s is refused: it allows and denies nothing, and is a note', (_, ref, reason) => {
    const result = reach([onlyClient(ref)]);
    expect(callers([onlyClient(ref)])).toEqual(everyone);
    expect(result.notes).toEqual([{ object: 'AuthorizationPolicy a/only-client', message: expect.stringMatching(/; reach lets the policy allow and deny nothing$/) }]);
    expect(result.notes[0].message.startsWith(reason)).toBe(true);
  });
});
