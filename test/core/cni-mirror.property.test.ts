import * as fc from 'fast-check';
import { MeshMode } from '../../lib/core/profile';
import { dnsSelectorsMatch, searchPathQueries } from '../../lib/core/traffic/dns-pattern';
import { TrafficProps, renderWorkloadTraffic } from '../../lib/core/traffic/workload-traffic';
import { WorkloadRef, workloadRef } from '../../lib/core/workload-ref';
import { renderZeroTrustNamespace } from '../../lib/core/zero-trust-namespace';
import { uncoveredMirrorRules } from '../helpers/cilium-mirror';

/**
 * For random intents, on Cilium: the NetworkPolicy mirrors allow nothing their CiliumNetworkPolicies do not
 * (test/helpers/cilium-mirror.ts), and every DNS rule lets through every search-path expansion of in-cluster and
 * external names (Cilium pkg/fqdn/matchpattern semantics, test/core/dns-pattern.test.ts).
 */
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const port = fc.integer({ min: 1, max: 65535 });

const ref = (name: string, namespace: string, ports: number[], waypoint?: string): WorkloadRef => workloadRef({
  name,
  namespace,
  selector: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name },
  serviceAccountName: name,
  ports: ports.map((p, i) => ({ name: `p${i}`, port: p, protocol: 'TCP' as const })),
  waypoint,
});

const peerWorkload = fc.record({ name: label.map((n) => `w-${n}`), namespace: label, ports: fc.uniqueArray(port, { minLength: 1, maxLength: 2 }) })
  .map((w) => ref(w.name, w.namespace, w.ports));
const peerSelector = fc.record({ namespace: label, podLabels: fc.dictionary(label, label, { maxKeys: 2 }) });

const intent = fc.record({
  meshMode: fc.constantFrom<MeshMode>('sidecar', 'ambient'),
  from: fc.uniqueArray(peerWorkload, { maxLength: 2, selector: (w) => `${w.namespace}/${w.name}` }),
  fromSelectors: fc.uniqueArray(peerSelector, { maxLength: 1, selector: (s) => JSON.stringify(s) }),
  to: fc.uniqueArray(peerWorkload, { maxLength: 2, selector: (w) => `${w.namespace}/${w.name}` }),
  cidrs: fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `${a}.${b}.0.0/16`), { maxLength: 1 }),
  fqdns: fc.uniqueArray(label.map((n) => `${n}.example.com`), { maxLength: 2 }),
});

describe('on Cilium, for random intents |', () => {
  test('the mirrors widen nothing and every DNS rule admits every search-path expansion', () => {
    fc.assert(fc.property(intent, (i) => {
      const subject = ref('subject', 'apps', [8080]);
      const props: TrafficProps = {
        meshMode: i.meshMode,
        allowFrom: [...i.from.map((peer) => ({ peer })), ...i.fromSelectors.map((peer) => ({ peer, ports: [8080] }))],
        allowTo: i.to.map((peer) => ({ peer })),
        egress: [...i.cidrs.map((cidr) => ({ cidr, ports: [443] })), ...(i.fqdns.length > 0 ? [{ fqdns: i.fqdns, ports: [443] }] : [])],
      };
      const objects = [
        ...renderWorkloadTraffic({ ref: subject, labels: {} }, props),
        ...renderZeroTrustNamespace({ name: 'apps', meshMode: i.meshMode }),
      ];
      expect(uncoveredMirrorRules(objects)).toEqual([]);
      const names = ['subject.apps.svc', 'subject', ...i.fqdns];
      for (const cnp of objects.filter((o) => o.kind === 'CiliumNetworkPolicy')) {
        for (const rule of (cnp.spec as any).egress ?? []) {
          for (const p of rule.toPorts ?? []) {
            if (p.rules?.dns === undefined) continue;
            const queries = names.flatMap((n) => searchPathQueries(n, cnp.metadata.namespace as string, 'cluster.local'));
            expect(queries.filter((q) => !dnsSelectorsMatch(p.rules.dns, q))).toEqual([]);
          }
        }
      }
    }), { numRuns: 100 });
  });
});
