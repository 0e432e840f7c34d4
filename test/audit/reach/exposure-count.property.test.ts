/**
 * `reachExposure` (and a `ReachLimitError`'s exposure) counts the pairs that nothing restricts in bulk and evaluates
 * only the others; `exposureOf(computeReach(...))` counts every flow. For random clusters that mix open and restricted
 * workloads (NetworkPolicies of either direction, Cilium policies with and without deny rules, sidecar and ambient
 * namespaces with STRICT mTLS and AuthorizationPolicies at namespace, workload and root (istio-system) level,
 * waypoints, repeated and portless containers, workloads in kube-system and istio-system, some named as the
 * infrastructure the engine assumes), both give the same exposure.
 * The rules each policy kind follows are cited in network-policy.test.ts, cilium.test.ts and istio.test.ts.
 * Runs: 300 clusters (3,000 under `npm run fuzz`; `REACH_EXPOSURE_RUNS`).
 */
import * as fc from 'fast-check';
import { deployment, namespace, policy } from './helpers';
import { CniChoice, ReachLimitError, computeReach, exposureOf, reachExposure } from '../../../lib/audit/reach';
import { K8sObject } from '../../../lib/core';

const RUNS = Number(process.env.REACH_EXPOSURE_RUNS ?? (process.env.FUZZ_DEPTH === 'deep' ? 3000 : 300));
const NAMESPACES = ['a', 'b', 'kube-system', 'istio-system'];
const cnp = (ns: string, name: string, spec: unknown) => policy('CiliumNetworkPolicy', ns, name, spec, 'cilium.io/v2');
const np = (ns: string, name: string, spec: unknown) => policy('NetworkPolicy', ns, name, spec, 'networking.k8s.io/v1');
const istio = (kind: string, ns: string, name: string, spec: unknown) => policy(kind, ns, name, spec, 'security.istio.io/v1');

/** Policies that restrict some of the workloads labelled `role: <r>` in a namespace, or all of them. */
const restriction = fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom('x', 'y', undefined), fc.integer({ min: 0, max: 6 }))
  .map(([ns, role, kind]): K8sObject => {
    const podSelector = role === undefined ? {} : { matchLabels: { role } };
    const name = `r${kind}`;
    switch (kind) {
      case 0: return np(ns, name, { podSelector, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { role: 'x' } } }] }] });
      case 1: return np(ns, name, { podSelector, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }] });
      case 2: return cnp(ns, name, { endpointSelector: podSelector, ingress: [{ fromEndpoints: [{ matchLabels: { role: 'y' } }] }] });
      case 3: return cnp(ns, name, { endpointSelector: podSelector, egressDeny: [{ toEndpoints: [{ matchLabels: { role: 'x' } }] }] });
      case 4: return istio('PeerAuthentication', ns, name, { selector: role === undefined ? undefined : { matchLabels: { role } }, mtls: { mode: 'STRICT' } });
      case 5: return istio('AuthorizationPolicy', ns, name, { selector: role === undefined ? undefined : { matchLabels: { role } }, rules: [{ from: [{ source: { namespaces: ['a'] } }] }] });
      default: return istio('AuthorizationPolicy', ns, name, { action: 'DENY', rules: [{ to: [{ operation: { ports: ['9090'] } }] }] });
    }
  });

const workload = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  // the names of the infrastructure `buildModel` assumes when no workload carries its labels
  name: fc.constantFrom(undefined, 'kube-dns', 'istiod'),
  role: fc.constantFrom('x', 'y', 'z'),
  ports: fc.array(fc.constantFrom<number | string>(8080, 9090, '53/UDP', 8080), { maxLength: 3 }),
  waypoint: fc.boolean(),
});

const cluster = fc.record({
  meshes: fc.tuple(...NAMESPACES.map(() => fc.constantFrom<Record<string, string>>({}, { 'istio-injection': 'enabled' }, { 'istio.io/dataplane-mode': 'ambient' }))),
  workloads: fc.array(workload, { minLength: 2, maxLength: 12 }),
  restrictions: fc.array(restriction, { maxLength: 4 }),
}).map(({ meshes, workloads, restrictions }): K8sObject[] => [
  ...NAMESPACES.map((ns, i) => namespace(ns, meshes[i])),
  ...workloads.map((w, i) => deployment(w.ns, w.name ?? `w${i}`, {
    labels: { role: w.role, ...(w.waypoint ? { 'istio.io/use-waypoint': 'waypoint' } : {}) },
    ports: w.ports,
  })),
  ...restrictions.map((r, i) => ({ ...r, metadata: { ...r.metadata, name: `${r.metadata.name}-${i}` } })),
]);

describe('reachExposure |', () => {
  test.each(['cilium', 'kubernetes'] as const)('%s: counting open pairs in bulk gives the exposure of every flow, with or without a limit', (cni: CniChoice) => {
    fc.assert(fc.property(cluster, fc.integer({ min: 0, max: 60 }), (objects, maxFlows) => {
      const expected = exposureOf(computeReach(objects, { cni }));
      expect(reachExposure(objects, { cni })).toEqual(expected);
      try {
        computeReach(objects, { cni, maxFlows });
      } catch (error) {
        if (!(error instanceof ReachLimitError)) throw error;
        expect(error.exposure()).toEqual(expected);
      }
    }), { numRuns: RUNS });
  });

  test('an input workload named as assumed infrastructure, without its labels, keeps its id; the assumed one gets its own', () => {
    // buildModel assumes kube-system/kube-dns (k8s-app: kube-dns) and, with a mesh, istio-system/istiod (app: istiod)
    const objects = [
      namespace('mesh', { 'istio-injection': 'enabled' }),
      deployment('kube-system', 'kube-dns', { labels: { app: 'x' }, ports: [] }),
      deployment('istio-system', 'istiod', { labels: { app: 'y' }, ports: [] }),
      deployment('mesh', 'a'),
      np('kube-system', 'isolate-x', { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'] }),
    ];
    const result = computeReach(objects);
    const ids = result.workloads.map((w) => `${w.id}${w.assumed ? ' assumed' : ''}`);
    expect(ids).toEqual(expect.arrayContaining([
      'kube-system/kube-dns', 'kube-system/kube-dns (assumed) assumed', 'istio-system/istiod', 'istio-system/istiod (assumed) assumed',
    ]));
    // the input kube-dns stays isolated by the policy that selects it (no flow reaches it)
    expect(result.flows.filter((f) => f.to === 'kube-system/kube-dns')).toEqual([]);
    expect(reachExposure(objects)).toEqual(exposureOf(result));
    // an input that has the suffixed name too (not a valid Kubernetes name, but buildModel takes any string)
    const both = [...objects, deployment('kube-system', 'kube-dns (assumed)', { labels: { app: 'x' }, ports: [] })];
    const bothIds = computeReach(both).workloads.map((w) => w.id);
    expect(new Set(bothIds).size).toBe(bothIds.length);
    expect(reachExposure(both)).toEqual(exposureOf(computeReach(both)));
  });

  test('computeReach stops before computing any flow only where it would have stopped later: an empty input has no flow to pass a limit', () => {
    expect(computeReach([], { maxFlows: -1 }).flows).toEqual([]);
    expect(() => computeReach([deployment('a', 'x')], { maxFlows: -1 })).toThrow(new ReachLimitError(1, -1));
  });

  test('namespaces that admit only their own pods, with open egress: each pair of a namespace reaches the other', () => {
    const objects = [
      ...Array.from({ length: 3000 }, (_, i) => deployment(`team-${i % 10}`, `web-${i}`)),
      ...Array.from({ length: 10 }, (_, k) => np(`team-${k}`, 'same-namespace', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] })),
    ];
    expect(reachExposure(objects)).toMatchObject({ workloads: 3000, reachablePairs: 10 * 300 * 299, reachablePortPairs: 10 * 300 * 299 });
  });

  test('a flat cluster of 3,000 workloads is counted without its 9 million pairs being evaluated one by one', () => {
    const objects = Array.from({ length: 3000 }, (_, i) => deployment(`team-${i % 10}`, `web-${i}`, { ports: [8080, 9090] }));
    expect(reachExposure(objects)).toEqual({
      workloads: 3000,
      pairs: 3000 * 2999,
      reachablePairs: 3000 * 2999,
      pairShare: 1,
      portPairs: 2 * 3000 * 2999,
      reachablePortPairs: 2 * 3000 * 2999,
      portShare: 1,
    });
  });
});
