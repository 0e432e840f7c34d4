import { deployment, namespace, podFlows, policy } from './helpers';
import { computeReach } from '../../../lib/audit/reach';

// Standard NetworkPolicy semantics, as the Kubernetes docs (concepts/services-networking/network-policies) and the
// cyclonus truth tables (mattfenwick/cyclonus pkg/matcher/builder.go, policy.go, portmatcher.go,
// namespacepodmatcher.go) define them: isolation per direction, union of rules, peers and ports.
const np = (ns: string, name: string, spec: unknown) => policy('NetworkPolicy', ns, name, spec, 'networking.k8s.io/v1');
const apps = [namespace('a', { team: 'x' }), namespace('b'), deployment('a', 'web'), deployment('a', 'db', { ports: [5432] }), deployment('b', 'client')];
const flows = (extra: unknown[]) => podFlows(computeReach([...apps, ...extra] as never, { cni: 'kubernetes' }).flows, ['a/web', 'a/db', 'b/client']);

describe('NetworkPolicy semantics |', () => {
  test('no policy: every pod reaches every port of every pod', () => {
    expect(flows([])).toEqual([
      'a/db -> a/web:8080/TCP', 'a/db -> b/client:8080/TCP', 'a/web -> a/db:5432/TCP', 'a/web -> b/client:8080/TCP',
      'b/client -> a/db:5432/TCP', 'b/client -> a/web:8080/TCP',
    ]);
  });

  test('policyTypes omitted: a policy without an egress section isolates ingress only (spec.policyTypes default)', () => {
    const out = flows([np('a', 'deny', { podSelector: {} })]);
    expect(out).not.toContain('b/client -> a/web:8080/TCP');
    expect(out).toContain('a/web -> b/client:8080/TCP');
  });

  test('podSelector peer alone means the policy namespace; namespaceSelector alone every pod there; both: the intersection', () => {
    const podOnly = flows([np('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: {} }] }] })]);
    expect(podOnly).toContain('a/web -> a/db:5432/TCP');
    expect(podOnly).not.toContain('b/client -> a/db:5432/TCP');
    const nsOnly = flows([np('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'b' } } }] }] })]);
    expect(nsOnly.filter((f) => f.endsWith('a/db:5432/TCP'))).toEqual(['b/client -> a/db:5432/TCP']);
    const both = flows([np('a', 'p', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }] }],
    })]);
    expect(both.filter((f) => f.endsWith('a/db:5432/TCP'))).toEqual(['a/web -> a/db:5432/TCP']);
  });

  test('ports: absent means all; numbers, names and endPort ranges match the receiving port; protocol defaults to TCP', () => {
    const on = (ports: unknown) => flows([np('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports }] })])
      .filter((f) => f.endsWith('a/db:5432/TCP'));
    expect(on(undefined)).toHaveLength(2);
    expect(on([{ port: 5432 }])).toHaveLength(2);
    expect(on([{ port: 'p5432tcp' }])).toHaveLength(2);
    expect(on([{ port: 5000, endPort: 6000 }])).toHaveLength(2);
    expect(on([{ port: 5432, protocol: 'UDP' }])).toHaveLength(0);
    expect(on([{ port: 5433 }])).toHaveLength(0);
  });

  test('egress isolation needs a policy of type Egress; both sides must allow a pod-to-pod connection', () => {
    const out = flows([
      np('b', 'egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'x' } } }], ports: [{ port: 8080 }] }] }),
      np('a', 'ingress', { podSelector: { matchLabels: { app: 'web' } }, ingress: [] }),
    ]);
    expect(out.filter((f) => f.startsWith('b/client'))).toEqual([]);
    expect(out).toContain('a/web -> a/db:5432/TCP');
    expect(out).not.toContain('a/db -> a/web:8080/TCP');
  });

  test('ipBlock peers are outside the cluster: they give CIDR flows, never pod flows', () => {
    const result = computeReach([...apps, np('b', 'cidr', {
      podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 443 }] }],
    })] as never, { cni: 'kubernetes' });
    expect(result.flows.filter((f) => f.from === 'b/client')).toEqual([
      { from: 'b/client', to: 'cidr:10.0.0.0/8', port: 443, protocol: 'TCP', allowedBy: ['NetworkPolicy/b/cidr'], except: ['10.1.0.0/16'] },
    ]);
  });

  test('with --cni kubernetes, Cilium policies are ignored; detection picks cilium when one is present', () => {
    const cnp = policy('CiliumNetworkPolicy', 'a', 'deny', { endpointSelector: {}, ingress: [{}] }, 'cilium.io/v2');
    expect(flows([cnp])).toContain('b/client -> a/web:8080/TCP');
    expect(computeReach([...apps, cnp] as never).cni).toBe('cilium');
    expect(computeReach(apps as never).cni).toBe('kubernetes');
  });
});

// A NetworkPolicy that Kubernetes rejects as a whole (ValidateNetworkPolicySpec, or a field of the wrong JSON type)
// allows, denies and isolates nothing, as the audit's rules read it (KH-NET-001: docs/audit-and-ci.md).
describe('NetworkPolicy that Kubernetes rejects |', () => {
  const open = flows([]);

  test.each([
    ['policyTypes a string', { podSelector: {}, policyTypes: 'Ingress' }],
    ['policyTypes in lower case (not supported)', { podSelector: {}, policyTypes: ['ingress', 'egress'] }],
    ['policyTypes with null (the empty type)', { podSelector: {}, policyTypes: ['Ingress', null] }],
    ['three policy types', { podSelector: {}, policyTypes: ['Ingress', 'Egress', 'Ingress'] }],
    ['ingress rules a mapping', { podSelector: {}, ingress: { from: [] } }],
    ['a peer selector of the wrong type', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: 'app=web' } }] }] }],
    ['a port protocol of the wrong type', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080, protocol: 6 }] }] }],
    ['a port of the wrong type (which only reach reads)', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: true }] }] }],
  ])('%s: isolates nothing', (_, spec) => {
    expect(flows([np('a', 'rejected', spec)])).toEqual(open);
  });

  test('its allows are gone too: a pod another policy isolates gets none of them', () => {
    const deny = np('a', 'deny', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });
    const allow = (from: unknown) => np('a', 'allow', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from }] });
    const toDb = (extra: unknown[]) => flows(extra).filter((f) => f.endsWith('a/db:5432/TCP'));
    expect(toDb([deny, allow([{ podSelector: { matchLabels: { app: 'web' } } }])])).toEqual(['a/web -> a/db:5432/TCP']);
    // `from` a mapping: before, read as no peer list, so every peer
    expect(toDb([deny, allow({ podSelector: { matchLabels: { app: 'web' } } })])).toEqual([]);
  });

  test('each field of the wrong type, and unsupported policy types, are notes naming the object', () => {
    const notesOf = (spec: unknown) => computeReach([...apps, np('a', 'bad', spec)] as never).notes;
    expect(notesOf({ podSelector: {}, policyTypes: 'Ingress', ingress: [{ ports: [{ port: true }] }] })).toEqual([
      { object: 'NetworkPolicy a/bad', message: 'spec.policyTypes is a string, not a list: Kubernetes rejects the object; reach lets the policy allow, deny and isolate nothing' },
      { object: 'NetworkPolicy a/bad', message: 'spec.ingress[0].ports[0].port is a boolean, not an integer or string: Kubernetes rejects the object; reach lets the policy allow, deny and isolate nothing' },
    ]);
    expect(notesOf({ podSelector: {}, policyTypes: ['ingress'] })).toEqual([{
      object: 'NetworkPolicy a/bad',
      message: "spec.policyTypes[0] is 'ingress', not Ingress or Egress: Kubernetes rejects the object; reach lets the policy allow, deny and isolate nothing",
    }]);
    // an invalid value of the right type names its field, as KH-NET-001 does (`rejection`), with how many more there are
    const [note] = notesOf({ podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 70000 }, { protocol: 'tcp' }] }] });
    expect(note.message).toMatch(/^spec\.ingress\[0\]\.ports\[0\]\.port .*70000.* \(and 1 more\): Kubernetes rejects the object; reach lets/);
    expect(computeReach(apps as never).notes).toEqual([]);
  });
});

describe('NetworkPolicy read as the audit reads it |', () => {
  // podSelector is a value field of NetworkPolicySpec (kubernetes/kubernetes staging/src/k8s.io/api/networking/v1/types.go):
  // absent or null, it decodes to the empty selector, every pod of the namespace, as KH-NET-001 reads it
  test('a policy without a podSelector, or with podSelector: null, selects every pod of its namespace', () => {
    const isolated = flows([np('a', 'p', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })]);
    expect(isolated).not.toEqual(flows([]));
    expect(flows([np('a', 'p', { policyTypes: ['Ingress', 'Egress'] })])).toEqual(isolated);
    expect(flows([np('a', 'p', { podSelector: null, policyTypes: ['Ingress', 'Egress'] })])).toEqual(isolated);
  });

  test('egress: [] (or null) without policyTypes adds no Egress type, as Kubernetes adds it only for egress rules', () => {
    for (const egress of [[], null]) {
      const out = flows([np('a', 'p', { podSelector: {}, egress })]);
      expect(out).toContain('a/web -> b/client:8080/TCP');
      expect(out).not.toContain('b/client -> a/web:8080/TCP');
    }
  });
});

// A field set to null is absent, as Kubernetes decodes it and the audit's readers read it.
describe('NetworkPolicy fields set to null |', () => {
  const intoDb = (peer: unknown) => flows([np('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [peer] }] })])
    .filter((f) => f.endsWith('a/db:5432/TCP'));

  test('a peer\'s podSelector, namespaceSelector or ipBlock set to null is absent', () => {
    const namespaceB = { matchLabels: { 'kubernetes.io/metadata.name': 'b' } };
    expect(intoDb({ podSelector: null, namespaceSelector: namespaceB })).toEqual(['b/client -> a/db:5432/TCP']);
    expect(intoDb({ namespaceSelector: null, podSelector: { matchLabels: { app: 'web' } } })).toEqual(['a/web -> a/db:5432/TCP']);
    expect(intoDb({ ipBlock: null, podSelector: { matchLabels: { app: 'web' } } })).toEqual(['a/web -> a/db:5432/TCP']);
  });
});
