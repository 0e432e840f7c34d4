/**
 * `reachExposure` (and a `ReachLimitError`'s exposure) counts the pairs that nothing restricts in bulk and evaluates
 * only the others; `exposureOf(computeReach(...))` counts every flow. For random clusters that mix open and restricted
 * workloads (NetworkPolicies of either direction, Cilium policies with and without deny rules, sidecar and ambient
 * namespaces with STRICT mTLS and AuthorizationPolicies, repeated and portless containers), both give the same exposure.
 * The rules each policy kind follows are cited in network-policy.test.ts, cilium.test.ts and istio.test.ts.
 * Runs: 300 clusters (3,000 under `npm run fuzz`; `REACH_EXPOSURE_RUNS`).
 */
import * as fc from 'fast-check';
import { deployment, namespace, policy } from './helpers';
import { CniChoice, ReachLimitError, computeReach, exposureOf, reachExposure } from '../../../lib/audit/reach';
import { K8sObject } from '../../../lib/core';

const RUNS = Number(process.env.REACH_EXPOSURE_RUNS ?? (process.env.FUZZ_DEPTH === 'deep' ? 3000 : 300));
const NAMESPACES = ['a', 'b', 'c'];
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
      case 4: return istio('PeerAuthentication', ns, name, { mtls: { mode: 'STRICT' } });
      case 5: return istio('AuthorizationPolicy', ns, name, { selector: role === undefined ? undefined : { matchLabels: { role } }, rules: [{ from: [{ source: { namespaces: ['a'] } }] }] });
      default: return istio('AuthorizationPolicy', ns, name, { action: 'DENY', rules: [{ to: [{ operation: { ports: ['9090'] } }] }] });
    }
  });

const workload = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  role: fc.constantFrom('x', 'y', 'z'),
  ports: fc.array(fc.constantFrom<number | string>(8080, 9090, '53/UDP', 8080), { maxLength: 3 }),
});

const cluster = fc.record({
  meshes: fc.tuple(...NAMESPACES.map(() => fc.constantFrom<Record<string, string>>({}, { 'istio-injection': 'enabled' }, { 'istio.io/dataplane-mode': 'ambient' }))),
  workloads: fc.array(workload, { minLength: 2, maxLength: 12 }),
  restrictions: fc.array(restriction, { maxLength: 4 }),
}).map(({ meshes, workloads, restrictions }): K8sObject[] => [
  ...NAMESPACES.map((ns, i) => namespace(ns, meshes[i])),
  ...workloads.map((w, i) => deployment(w.ns, `w${i}`, { labels: { role: w.role }, ports: w.ports })),
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
