import { deployment, namespace, podFlows, policy } from './helpers';
import { computeReach } from '../../../lib/audit/reach';

// CiliumNetworkPolicy semantics from cilium pkg/policy/api (rule.go: EnableDefaultDeny "default is true for each
// traffic direction that has rules", ingress.go/egress.go: peers and toPorts, entity.go: 'cluster' and 'all' include
// pods) and the docs (security/policy/deny: deny wins over every allow, NetworkPolicy included; language: namespaced
// endpoint selectors are scoped to the policy's namespace). cilium-cli connectivity/builder/all_ingress_deny.go
// uses an empty ingress rule as "deny all ingress".
const cnp = (ns: string | undefined, name: string, spec: unknown) =>
  policy(ns === undefined ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy', ns, name, spec, 'cilium.io/v2');
const np = (ns: string, name: string, spec: unknown) => policy('NetworkPolicy', ns, name, spec, 'networking.k8s.io/v1');
const apps = [namespace('a'), namespace('b'), deployment('a', 'web'), deployment('a', 'db', { ports: [5432, '53/UDP'] }), deployment('b', 'client')];
const flows = (extra: unknown[]) => podFlows(computeReach([...apps, ...extra] as never, { cni: 'cilium' }).flows, ['a/web', 'a/db', 'b/client']);

describe('CiliumNetworkPolicy semantics |', () => {
  test('an empty ingress rule puts the endpoint in default deny and allows nothing', () => {
    const out = flows([cnp('a', 'deny', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{}] })]);
    expect(out.filter((f) => f.includes('-> a/web'))).toEqual([]);
  });

  test('enableDefaultDeny false: the rules add allows without isolating', () => {
    const out = flows([cnp('a', 'add', {
      endpointSelector: { matchLabels: { app: 'web' } },
      enableDefaultDeny: { ingress: false },
      ingress: [{ fromEndpoints: [{ matchLabels: { app: 'db' } }] }],
    })]);
    expect(out.filter((f) => f.includes('-> a/web'))).toEqual(['a/db -> a/web:8080/TCP', 'b/client -> a/web:8080/TCP']);
  });

  test('namespaced selectors select the policy namespace unless they name one; a clusterwide policy is not scoped', () => {
    const local = flows([cnp('a', 'p', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{ fromEndpoints: [{}] }] })]);
    expect(local.filter((f) => f.includes('-> a/web'))).toEqual(['a/db -> a/web:8080/TCP']);
    const named = flows([cnp('a', 'p', {
      endpointSelector: { matchLabels: { app: 'web' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'b' } }] }],
    })]);
    expect(named.filter((f) => f.includes('-> a/web'))).toEqual(['b/client -> a/web:8080/TCP']);
    const clusterwide = flows([cnp(undefined, 'p', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{ fromEndpoints: [{}] }] })]);
    expect(clusterwide.filter((f) => f.includes('-> a/web'))).toEqual(['a/db -> a/web:8080/TCP', 'b/client -> a/web:8080/TCP']);
  });

  test('service account and entity selection: io.cilium.k8s.policy.serviceaccount, fromEntities cluster', () => {
    const bySa = flows([cnp('a', 'p', {
      endpointSelector: { matchLabels: { app: 'web' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.policy.serviceaccount': 'client', 'k8s:io.kubernetes.pod.namespace': 'b' } }] }],
    })]);
    expect(bySa.filter((f) => f.includes('-> a/web'))).toEqual(['b/client -> a/web:8080/TCP']);
    const entity = flows([cnp('a', 'p', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{ fromEntities: ['cluster'] }] })]);
    expect(entity.filter((f) => f.includes('-> a/web'))).toHaveLength(2);
    const world = flows([cnp('a', 'p', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{ fromEntities: ['world'] }] })]);
    expect(world.filter((f) => f.includes('-> a/web'))).toEqual([]);
  });

  test('toPorts without a peer allows every peer on those ports; protocol ANY matches TCP and UDP', () => {
    const out = flows([cnp('a', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }] }] }] })]);
    expect(out.filter((f) => f.includes('-> a/db'))).toEqual(['a/web -> a/db:53/UDP', 'b/client -> a/db:53/UDP']);
  });

  test('deny rules win over Cilium and NetworkPolicy allows; the union of both engines allows', () => {
    const allowNp = np('a', 'allow', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const allowCnp = cnp('a', 'allow', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }], toPorts: [{ ports: [{ port: '5432' }] }] }] });
    expect(flows([allowNp, allowCnp]).filter((f) => f.includes('-> a/db'))).toHaveLength(4);
    const deny = cnp('a', 'deny', {
      endpointSelector: { matchLabels: { app: 'db' } },
      ingressDeny: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'b' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }],
    });
    const denied = flows([allowNp, allowCnp, deny]).filter((f) => f.includes('-> a/db'));
    expect(denied).toEqual(['a/web -> a/db:53/UDP', 'a/web -> a/db:5432/TCP', 'b/client -> a/db:53/UDP']);
  });

  test('egress to CIDRs, FQDNs and entities; egressDeny removes contained blocks and carves out inner ones', () => {
    const result = computeReach([...apps, cnp('b', 'out', {
      endpointSelector: {},
      egress: [
        { toCIDRSet: [{ cidr: '10.0.0.0/8' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] },
        { toCIDR: ['192.168.1.0/24'] },
        { toFQDNs: [{ matchName: 'API.example.com' }, { matchPattern: '*.example.org' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] },
        { toEntities: ['kube-apiserver'] },
      ],
      egressDeny: [{ toCIDR: ['10.1.0.0/16'] }, { toCIDRSet: [{ cidr: '192.168.0.0/16' }] }],
    })] as never, { cni: 'cilium' });
    expect(result.flows.filter((f) => f.from === 'b/client').map((f) => `${f.to}:${f.port}${f.except ? ` except ${f.except}` : ''}`)).toEqual([
      'cidr:10.0.0.0/8:443 except 10.1.0.0/16', 'entity:kube-apiserver:*', 'fqdn:*.example.org:443', 'fqdn:api.example.com:443',
    ]);
  });
});

// A Cilium policy that Kubernetes rejects as a whole (a field of the wrong JSON type for the CRD schema) allows, denies
// and isolates nothing, in any of its rule sets, as the audit's rules read it (KH-NET-001: docs/audit-and-ci.md).
describe('Cilium policy that Kubernetes rejects |', () => {
  const open = flows([]);

  test.each([
    ['enableDefaultDeny of the wrong type', { endpointSelector: {}, enableDefaultDeny: { ingress: 'true' }, ingress: [{}] }],
    ['a rule section of the wrong type', { endpointSelector: {}, ingress: [{}], egress: { toEntities: ['world'] } }],
    ['an endpoint selector of a rule of the wrong type', { endpointSelector: {}, ingress: [{ fromEndpoints: [{ matchLabels: 'app=web' }] }] }],
    ['a port number, not a string (the CRD declares a string; only reach reads it)', {
      endpointSelector: {}, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }], toPorts: [{ ports: [{ port: 5432 }] }] }],
    }],
    ['a DNS rule of the wrong type (only reach reads it)', {
      endpointSelector: {}, egress: [{ toEndpoints: [{}], toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }], rules: { dns: { matchPattern: '*' } } }] }],
    }],
    // invalid values of the right type, rejected as KH-NET-001 rejects them (`rejection`): the v1.19 CRD's anyOf needs a
    // rule section (cilium/cilium pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml), and a null list
    // item is not pruned by the API server (apiextensions-apiserver pkg/apiserver/schema/defaulting/prunenulls.go)
    ['enableDefaultDeny alone, no rule section', { endpointSelector: {}, enableDefaultDeny: { ingress: true, egress: true } }],
    ['a null item in a rule section', { endpointSelector: {}, ingress: [null] }],
  ])('%s: isolates nothing', (_, spec) => {
    expect(flows([cnp('a', 'rejected', spec)])).toEqual(open);
  });

  test('a rejection for an invalid value is a note that says why', () => {
    const { notes } = computeReach([...apps, cnp('a', 'rejected', { endpointSelector: {}, enableDefaultDeny: { ingress: true } })] as never, { cni: 'cilium' });
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toMatch(/: Kubernetes rejects the object; reach lets the policy allow, deny and isolate nothing$/);
    expect(notes[0].message).not.toMatch(/^Kubernetes rejects/);
  });

  test('one rule set of the wrong type in specs: none of the others applies either', () => {
    const deny = { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [{}] };
    const withSpecs = (specs: unknown[]) => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'p', namespace: 'a' }, specs });
    expect(flows([withSpecs([deny])]).filter((f) => f.includes('-> a/web'))).toEqual([]);
    expect(flows([withSpecs([deny, 'x'])])).toEqual(open);
  });

  test('its deny rules are gone too', () => {
    const spec = {
      endpointSelector: { matchLabels: { app: 'db' } },
      enableDefaultDeny: { ingress: false, egress: false },
      ingressDeny: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }],
    };
    expect(flows([cnp('a', 'deny', spec)]).filter((f) => f.startsWith('a/web -> a/db'))).toEqual([]);
    expect(flows([cnp('a', 'deny', { ...spec, egress: 'x' })]).filter((f) => f.startsWith('a/web -> a/db'))).toEqual(['a/web -> a/db:53/UDP', 'a/web -> a/db:5432/TCP']);
  });
});

// A field set to null is absent, as the CRD schema prunes it and the audit's readers read it.
describe('Cilium fields set to null |', () => {
  test('a rule\'s peer field set to null is absent: toPorts alone allows every peer on those ports', () => {
    const out = flows([cnp('a', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: null, toPorts: [{ ports: [{ port: '5432' }] }] }] })]);
    expect(out.filter((f) => f.includes('-> a/db'))).toEqual(['a/web -> a/db:5432/TCP', 'b/client -> a/db:5432/TCP']);
    const egress = computeReach([...apps, cnp('b', 'out', { endpointSelector: {}, egress: [{ toEndpoints: null, toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] })] as never);
    expect(egress.flows.filter((f) => f.from === 'b/client' && f.to.startsWith('cidr:'))).toEqual([
      expect.objectContaining({ to: 'cidr:0.0.0.0/0', port: 443, protocol: 'TCP' }),
    ]);
  });

  test('toPorts set to null is absent: a rule with no peer and no ports allows nothing', () => {
    const out = flows([cnp('a', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ toPorts: null }] })]);
    expect(out.filter((f) => f.includes('-> a/db'))).toEqual([]);
  });

  test('a peer selector\'s matchLabels value set to null requires \'\', as selectorMatches reads it (the peer candidates too)', () => {
    const objects = [...apps, deployment('a', 'blank', { labels: { app: '' } }), cnp('a', 'p', {
      endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: null } }] }],
    })];
    expect(podFlows(computeReach(objects as never, { cni: 'cilium' }).flows).filter((f) => f.includes('-> a/db'))).toEqual(['a/blank -> a/db:53/UDP', 'a/blank -> a/db:5432/TCP']);
  });

  test('nodeSelector set to null is absent: the policy selects its endpoints', () => {
    const out = flows([cnp('a', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, nodeSelector: null, ingress: [{}] })]);
    expect(out.filter((f) => f.includes('-> a/db'))).toEqual([]);
  });
});
