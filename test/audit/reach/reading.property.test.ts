/**
 * Reach reads network policies as the audit's rules do (`lib/audit/reach/reading.ts`): for random NetworkPolicies and
 * CiliumNetworkPolicies whose fields are set to null or to a value of the wrong JSON type, and pods whose labels are,
 * a workload is isolated in a direction under reach exactly when KH-NET-001 finds it isolated in that direction.
 * Where only reach reads the field (a port, DNS rules, FQDNs), reach leaves the policy out (Kubernetes rejects it):
 * reach may then show open what the rule finds isolated, never the other way round.
 */
import * as fc from 'fast-check';
import { audit } from '../../../lib/audit';
import { computeReach } from '../../../lib/audit/reach';
import { KH_NET_001 } from '../../../lib/audit/rules/network/kh-net-001';
import { K8sObject } from '../../../lib/core';

type Path = readonly (string | number)[];

/** Values that replace a field: null, and values of each JSON type (some of them the right one). */
const REPLACEMENTS: readonly unknown[] = [null, 'x', 'Ingress', 1, true, {}, { app: 'a' }, [], ['Ingress']];

const networkPolicyArb = fc.record({
  podSelector: fc.constantFrom<unknown>({ matchLabels: { app: 'a' } }, {}, undefined),
  policyTypes: fc.constantFrom<unknown>(['Ingress'], ['Egress'], ['Ingress', 'Egress'], undefined),
  ingress: fc.constantFrom<unknown>([{ from: [{ podSelector: { matchLabels: { app: 'b' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }], [], undefined),
  egress: fc.constantFrom<unknown>([{ to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }] }], [], undefined),
}).map((spec) => ({ kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', spec }));

const ciliumPolicyArb = fc.record({
  endpointSelector: fc.constantFrom<unknown>({ matchLabels: { app: 'a' } }, {}),
  enableDefaultDeny: fc.constantFrom<unknown>({ ingress: true, egress: false }, { egress: true }, undefined),
  ingress: fc.constantFrom<unknown>([{ fromEndpoints: [{ matchLabels: { app: 'b' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }], undefined),
  egress: fc.constantFrom<unknown>([
    { toEndpoints: [{}], toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }], rules: { dns: [{ matchPattern: '*' }] } }] },
    { toFQDNs: [{ matchName: 'api.example.com' }], toPorts: [{ ports: [{ port: '443' }] }] },
  ], undefined),
}).map((spec) => ({ kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', spec }));

/** Every path in `value` (objects and lists, and their items). */
function pathsOf(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((item, i) => pathsOf(item, [...at, i]))];
  if (typeof value === 'object' && value !== null) return [at, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  return [at];
}

/** `value` with the field at `path` replaced by `replacement`. */
function replaced(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaced(item, rest, replacement) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head]: replaced(object[head], rest, replacement) };
}

/** Whether only reach reads the field at `path` of a spec (the rules do not: a wrong type there rejects it in reach only). */
function readOnlyByReach(path: Path): boolean {
  const names = path.filter((p): p is string => typeof p === 'string');
  const inPorts = names.includes('ports') && names.indexOf('ports') < names.length - 1;
  return inPorts || (names.includes('ports') && names.includes('toPorts')) || names.includes('rules') || names.includes('toFQDNs');
}

interface Mutated {
  readonly object: K8sObject;
  readonly onlyReach: boolean;
}

const policyArb: fc.Arbitrary<Mutated> = fc.tuple(
  fc.oneof(networkPolicyArb, ciliumPolicyArb), fc.nat(), fc.constantFrom(...REPLACEMENTS), fc.boolean(), fc.string({ minLength: 1, maxLength: 3 }),
).map(([{ kind, apiVersion, spec }, pick, replacement, mutate, name]) => {
  const clean = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  const paths = pathsOf(clean).filter((p) => p.length > 0);
  const path = mutate && paths.length > 0 ? paths[pick % paths.length] : undefined;
  return {
    object: { apiVersion, kind, metadata: { name, namespace: 'pay' }, spec: path ? replaced(clean, path, replacement) : clean } as K8sObject,
    onlyReach: path !== undefined && readOnlyByReach(path),
  };
});

/** Pod labels as manifests may hold them: values '', null or a number, or a labels map of the wrong type. */
const labelsArb = fc.oneof(
  { weight: 9, arbitrary: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom<unknown>('a', 'b', '', null, 1), { maxKeys: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('app=a', ['a']) },
);

function deployment(namespace: string, name: string, labels: unknown): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { template: { metadata: { labels }, spec: { containers: [{ name, image: 'x', ports: [{ containerPort: 8080 }] }] } } },
  } as K8sObject;
}

describe('reach and KH-NET-001 read network policies alike |', () => {
  test('a direction is open under reach exactly when KH-NET-001 finds it open, unless only reach reads the wrongly typed field', () => {
    const arbs = [fc.array(labelsArb, { minLength: 1, maxLength: 3 }), fc.array(policyArb, { minLength: 1, maxLength: 3 })] as const;
    fc.assert(fc.property(...arbs, (labels, policies) => {
      const workloads = labels.map((l, i) => deployment('pay', `w${i}`, l));
      // a caller that no policy selects, whose flows show whether a workload's ingress is open
      const objects = [...workloads, deployment('probe', 'probe', { app: 'probe' }), ...policies.map((p) => p.object)];
      const findings = audit(objects, { rules: [KH_NET_001] }).findings;
      const flows = computeReach(objects, { cni: 'cilium' }).flows;
      const onlyReach = policies.some((p) => p.onlyReach);
      for (const w of workloads) {
        const id = `pay/${w.metadata.name}`;
        for (const direction of ['ingress', 'egress'] as const) {
          const auditOpen = findings.some((f) => f.object?.name === w.metadata.name && f.message.startsWith(`${direction} is open`));
          const reachOpen = flows.some((f) => f.allowedBy.includes(`unrestricted:${direction}`)
            && (direction === 'egress' ? f.from === id && f.to === 'cidr:0.0.0.0/0' : f.from === 'probe/probe' && f.to === id));
          if (auditOpen) expect({ id, direction, reachOpen }).toEqual({ id, direction, reachOpen: true });
          if (!onlyReach) expect({ id, direction, reachOpen }).toEqual({ id, direction, reachOpen: auditOpen });
        }
      }
    }), { numRuns: 500 });
  });
});
