/**
 * The reachability engine evaluates a pair with a mesh destination only when the destination's ALLOW policies can
 * admit the source (`MeshCandidates`): an over-approximation, which must hold every source that
 * `evaluateAuthorization` (the rules cited in istio.test.ts: istio.io reference/config/security/authorization-policy,
 * pilot/pkg/security/authz/builder/builder.go) lets through on any port, at L4 (ztunnel) or L7 (sidecar, waypoint).
 * Random policies mix ALLOW, DENY and unknown actions, rules with and without `from`, exact, prefix, suffix and `*`
 * principals and namespaces, their negations, address blocks, request principals, ports and conditions; the sources
 * include plaintext ones. Runs: 500 (5,000 under `npm run fuzz`; `MESH_CANDIDATES_RUNS`).
 */
import * as fc from 'fast-check';
import { deployment, namespace, podFlows, policy } from './helpers';
import { computeReach } from '../../../lib/audit/reach';
import * as istio from '../../../lib/audit/reach/istio';
import { MeshCandidates } from '../../../lib/audit/reach/mesh-candidates';
import { PolicyObject, Workload } from '../../../lib/audit/reach/model';

const RUNS = Number(process.env.MESH_CANDIDATES_RUNS ?? (process.env.FUZZ_DEPTH === 'deep' ? 5000 : 500));
const NAMESPACES = ['a', 'b', 'c'];
const ACCOUNTS = ['x', 'y', 'xy'];

const principal = fc.oneof(
  fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...ACCOUNTS)).map(([ns, sa]) => `cluster.local/ns/${ns}/sa/${sa}`),
  fc.constantFrom('*', 'cluster.local/ns/a/*', '*/sa/x', '*y', 'cluster.local/ns/b/sa/x*', 'other.domain/ns/a/sa/x'),
);
const namespacePattern = fc.constantFrom(...NAMESPACES, '*', 'a*', '*c', 'd');
/** A source clause: mostly naming principals or namespaces (what the index looks up), sometimes anything else. */
const source = fc.oneof(
  { weight: 3, arbitrary: fc.record({ principals: fc.array(principal, { minLength: 1, maxLength: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ namespaces: fc.array(namespacePattern, { minLength: 1, maxLength: 2 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      principals: fc.array(principal, { maxLength: 2 }),
      notPrincipals: fc.array(principal, { maxLength: 1 }),
      namespaces: fc.array(namespacePattern, { maxLength: 2 }),
      notNamespaces: fc.array(namespacePattern, { maxLength: 1 }),
      ipBlocks: fc.constant(['10.0.0.0/8']),
      requestPrincipals: fc.constant(['*']),
    }, { requiredKeys: [] }),
  },
);
const rule = fc.record({
  from: fc.option(fc.array(fc.record({ source }, { requiredKeys: [] }), { maxLength: 2 }), { nil: undefined, freq: 6 }),
  to: fc.array(fc.record({ operation: fc.record({ ports: fc.constant(['8080']), methods: fc.constant(['GET']) }, { requiredKeys: [] }) }), { maxLength: 1 }),
  when: fc.array(fc.record({ key: fc.constantFrom('source.principal', 'source.namespace', 'request.headers[x]'), values: fc.array(principal, { maxLength: 1 }) }), { maxLength: 1 }),
}, { requiredKeys: [] });
const authorizationPolicy = fc.record({
  action: fc.constantFrom(undefined, 'ALLOW', 'DENY', 'CUSTOM', 'AUDIT'),
  rules: fc.option(fc.array(rule, { maxLength: 3 }), { nil: undefined, freq: 8 }),
}).map((spec) => JSON.parse(JSON.stringify(spec)) as PolicyObject['spec']);

/** The `i`-th source workload: in the mesh (with an identity) or plaintext. */
function sourceWorkload(ns: string, sa: string, meshed: boolean, i: number): Workload {
  return {
    id: `${ns}/w${i}`,
    namespace: ns,
    name: `w${i}`,
    kind: 'Deployment',
    labels: {},
    namespaceLabels: {},
    serviceAccount: sa,
    ports: [],
    mesh: meshed ? 'sidecar' : 'none',
  };
}
const sourceWorkloads = fc.array(fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...ACCOUNTS), fc.boolean()), { minLength: 1, maxLength: 8 })
  .map((sources) => sources.map(([ns, sa, meshed], i) => sourceWorkload(ns, sa, meshed, i)));

const identity = (w: Workload): istio.SourceIdentity => (w.mesh === 'none'
  ? {}
  : { principal: `cluster.local/ns/${w.namespace}/sa/${w.serviceAccount}`, namespace: w.namespace });

describe('MeshCandidates |', () => {
  test('admits every source the policies let through, on any port, at L4 or L7', () => {
    fc.assert(fc.property(sourceWorkloads, fc.array(authorizationPolicy, { maxLength: 3 }), (sources, specs) => {
      const policies = specs.map((spec, i): PolicyObject => ({ ref: `AuthorizationPolicy/a/p${i}`, namespace: 'a', spec }));
      const admitted = new MeshCandidates(sources, identity).admitted(policies);
      for (const src of sources) {
        for (const port of ['*', 8080, 9090] as const) {
          for (const enforcement of ['l4', 'l7'] as const) {
            if (istio.evaluateAuthorization(policies, identity(src), port, enforcement).allowed) {
              expect(admitted === 'all' || admitted.has(src)).toBe(true);
            }
          }
        }
      }
    }), { numRuns: RUNS });
  });

  test('names exactly the callers of principals and namespaces, exact or with a wildcard; all when a rule names none', () => {
    const sources = [['a', 'x'], ['a', 'y'], ['b', 'x'], ['c', 'y']].map(([ns, sa], i) => sourceWorkload(ns, sa, true, i));
    const admitted = (...rules: unknown[]) => {
      const found = new MeshCandidates(sources, identity).admitted([{ ref: 'AuthorizationPolicy/a/p', namespace: 'a', spec: { rules } }]);
      return found === 'all' ? 'all' : [...found].map((w) => `${w.namespace}/${w.serviceAccount}`).sort();
    };
    expect(admitted({ from: [{ source: { principals: ['cluster.local/ns/b/sa/x'] } }] })).toEqual(['b/x']);
    expect(admitted({ from: [{ source: { principals: ['cluster.local/ns/a/*'] } }, { source: { namespaces: ['c'] } }] })).toEqual(['a/x', 'a/y', 'c/y']);
    expect(admitted({ from: [{ source: { principals: ['*/sa/x'], namespaces: ['a'] } }] })).toEqual(['a/x', 'b/x']);
    expect(admitted({ from: [{ source: { ipBlocks: ['10.0.0.0/8'] } }] })).toEqual([]);
    expect(admitted({ to: [{ operation: { ports: ['8080'] } }] })).toBe('all');
    expect(admitted({ from: [{ source: { notPrincipals: ['cluster.local/ns/a/sa/x'] } }] })).toBe('all');
  });

  // 200 workloads, each admitting one caller by principal: the engine evaluates about the named pairs, not 200 x 199.
  test('a mesh whose policies name their callers is evaluated through the named pairs only', () => {
    const n = 200;
    const objects = [
      namespace('mesh', { 'istio-injection': 'enabled' }),
      policy('PeerAuthentication', 'istio-system', 'default', { mtls: { mode: 'STRICT' } }, 'security.istio.io/v1'),
      ...Array.from({ length: n }, (_, i) => [
        deployment('mesh', `w${i}`),
        policy('AuthorizationPolicy', 'mesh', `w${i}`, {
          selector: { matchLabels: { app: `w${i}` } },
          rules: [{ from: [{ source: { principals: [`cluster.local/ns/mesh/sa/w${(i + 1) % n}`] } }] }],
        }, 'security.istio.io/v1'),
      ]).flat(),
    ];
    const evaluate = jest.spyOn(istio, 'evaluateAuthorization');
    try {
      const flows = podFlows(computeReach(objects, { cni: 'kubernetes' }).flows).filter((f) => f.includes(' -> mesh/'));
      expect(flows).toHaveLength(n);
      expect(flows).toContain('mesh/w1 -> mesh/w0:8080/TCP');
      expect(evaluate.mock.calls.length).toBeLessThan(4 * n);
    } finally {
      evaluate.mockRestore();
    }
  });
});
