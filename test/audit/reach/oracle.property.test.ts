/**
 * The reachability engine as the oracle of our constructs: for random intents (ZeroTrustNamespaces with
 * SecureDeployments and PaymentServices that declare allowFrom / allowTo / egress; peers are our workloads, pods of a
 * foreign namespace chosen by labels and service account, or that whole namespace), the flows the emitted objects
 * allow are exactly the declared ones, under each policy engine and mesh mode, and every pod resolves the in-cluster
 * names of the other workloads through its search path and its declared FQDNs.
 * Runs: 500 intents per mesh mode, each checked under both engines (5,000 under `npm run fuzz`; `REACH_ORACLE_RUNS`).
 */
import * as fc from 'fast-check';
import { CniChoice, ReachResult, computeReach, resolveName } from '../../../lib/audit/reach';
import * as core from '../../../lib/core';

/** 500 intents per mesh mode in `npm test`, 5,000 under `npm run fuzz` (FUZZ_DEPTH=deep); REACH_ORACLE_RUNS overrides. */
const RUNS = Number(process.env.REACH_ORACLE_RUNS ?? (process.env.FUZZ_DEPTH === 'deep' ? 5000 : 500));
const NAMESPACES = ['alpha', 'beta'];
const CNIS: readonly CniChoice[] = ['cilium', 'kubernetes'];
const IMAGE = `registry.example.com/app/app:1.0.0@sha256:${'a'.repeat(64)}`;

/** One workload of a random intent (peers by index into the intent's workload list). */
interface WorkloadIntent {
  readonly name: string;
  readonly namespace: string;
  readonly payment: boolean;
  readonly ports: readonly number[];
  readonly allowFrom: ReadonlyArray<{ readonly peer: number; readonly ports?: readonly number[] }>;
  readonly allowTo: ReadonlyArray<{ readonly peer: number; readonly ports?: readonly number[] }>;
  readonly fqdns: readonly string[];
  readonly cidr?: string;
  /** Callers from the `edge` namespace (not ours): its gateway pods by labels and service account, or the whole namespace. */
  readonly fromEdge: 'none' | 'selector' | 'namespace';
}

/** The `edge` namespace: pods that are not ours (a gateway and another pod), in the mesh, with no policy of their own. */
const EDGE = 'edge';
const EDGE_PODS = [{ name: 'gateway', role: 'gw' }, { name: 'other', role: 'other' }];

const portSet = fc.uniqueArray(fc.constantFrom(8080, 8443, 9090, 5432), { minLength: 1, maxLength: 2 });
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

/** 2-4 workloads in one or two namespaces, peers picked among each other. */
const intent: fc.Arbitrary<WorkloadIntent[]> = fc.integer({ min: 2, max: 4 }).chain((n) => fc.tuple(
  ...Array.from({ length: n }, (_, i) => fc.record({
    namespace: fc.constantFrom(...NAMESPACES),
    payment: fc.boolean(),
    ports: portSet,
    from: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }).filter((p) => p !== i), { maxLength: n - 1 }),
    to: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }).filter((p) => p !== i), { maxLength: n - 1 }),
    portPick: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    fqdns: fc.uniqueArray(label.map((l) => `${l}.example.com`), { maxLength: 2 }),
    cidr: fc.option(fc.integer({ min: 1, max: 200 }).map((o) => `10.${o}.0.0/16`), { nil: undefined }),
    fromEdge: fc.constantFrom('none' as const, 'selector' as const, 'namespace' as const),
  }))).map((raw) => raw.map((w, i): WorkloadIntent => {
  // A rule lists some of the receiver's ports, or none (then every port of the receiver).
  const pick = (receiver: number, k: number) => (w.portPick[k % 4] ? undefined : [raw[receiver].ports[0]]);
  return {
    name: `w${i}`,
    namespace: w.namespace,
    // A PaymentService must declare its callers.
    payment: w.payment && w.from.length > 0,
    ports: w.ports,
    allowFrom: w.from.map((peer, k) => ({ peer, ports: pick(i, k) })),
    allowTo: w.to.map((peer, k) => ({ peer, ports: pick(peer, k + 1) })),
    fqdns: w.fqdns,
    cidr: w.cidr,
    fromEdge: w.fromEdge,
  };
})));

function props(w: WorkloadIntent, meshMode: core.MeshMode, refs?: readonly core.WorkloadRef[]): core.SecureDeploymentProps {
  return {
    name: w.name,
    namespace: w.namespace,
    image: IMAGE,
    ports: w.ports.map((port) => ({ name: `p${port}`, port })),
    meshMode,
    // JWT and rate limits are L7 (a waypoint in ambient mode): acknowledged here, the oracle checks L3/L4 and identity.
    ...(w.payment ? { acknowledgements: { 'KH-MESH-007': { reason: 'oracle: L4 only' }, 'KH-MESH-008': { reason: 'oracle: L4 only' } } } : {}),
    ...(refs === undefined ? {} : {
      allowFrom: [
        ...w.allowFrom.map((r) => ({ peer: refs[r.peer], ports: r.ports })),
        ...(w.fromEdge === 'selector' ? [{ peer: { namespace: EDGE, podLabels: { role: 'gw' }, serviceAccount: 'gateway' } }] : []),
        ...(w.fromEdge === 'namespace' ? [{ peer: { name: EDGE, meshMode } }] : []),
      ],
      allowTo: w.allowTo.map((r) => ({ peer: refs[r.peer], ports: r.ports })),
      egress: [
        ...(w.fqdns.length > 0 ? [{ fqdns: w.fqdns, ports: [443] }] : []),
        ...(w.cidr !== undefined ? [{ cidr: w.cidr, ports: [5432] }] : []),
      ],
    }),
  };
}

/** The restricted profile for a cluster whose policy engine is `cni` (it decides which policy objects are emitted). */
function profileFor(cni: CniChoice): core.HardeningProfile {
  return { ...core.RESTRICTED_PROFILE, network: { ...core.RESTRICTED_PROFILE.network, cni } };
}

/** Each workload's reference (it does not depend on the policy engine nor on the workload's traffic). */
function refsOf(intentValue: readonly WorkloadIntent[], meshMode: core.MeshMode): core.WorkloadRef[] {
  return intentValue.map((w) => core.buildSecureDeployment(props({ ...w, payment: false }, meshMode)).ref);
}

function render(
  intentValue: readonly WorkloadIntent[], meshMode: core.MeshMode, cni: CniChoice, refs: readonly core.WorkloadRef[],
): core.K8sObject[] {
  const profile = profileFor(cni);
  // A PaymentService needs the mesh: without one, the same intent is a SecureDeployment.
  const build = (w: WorkloadIntent, p: core.SecureDeploymentProps) => (w.payment && meshMode !== 'none'
    ? core.buildPaymentService(p, {}, profile)
    : core.buildSecureDeployment(p, {}, profile));
  const namespaces = NAMESPACES.flatMap((name) => core.renderZeroTrustNamespace({
    name,
    meshMode,
    ...(meshMode === 'none' ? { acknowledgements: { 'KH-MESH-001': { reason: 'oracle test without a mesh' } } } : {}),
  }, {}, profile));
  return [...namespaces, ...edgeObjects(meshMode), ...intentValue.flatMap((w) => build(w, props(w, meshMode, refs)).objects)];
}

/** The `edge` namespace (same data plane, no policy) and its two plain Deployments. */
function edgeObjects(meshMode: core.MeshMode): core.K8sObject[] {
  const meshLabels: Record<string, string> = { sidecar: { 'istio-injection': 'enabled' }, ambient: { 'istio.io/dataplane-mode': 'ambient' }, none: {} }[meshMode];
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: EDGE, labels: meshLabels } },
    ...EDGE_PODS.map(({ name, role }) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: EDGE },
      spec: {
        selector: { matchLabels: { role } },
        template: {
          metadata: { labels: { role } },
          spec: { serviceAccountName: name, containers: [{ name, image: IMAGE, ports: [{ containerPort: 8443 }] }] },
        },
      },
    })),
  ];
}

/** The flows the intent declares (between our workloads, and to external names and blocks) for an engine and mesh mode. */
function declared(intentValue: readonly WorkloadIntent[], meshMode: core.MeshMode, cni: CniChoice): string[] {
  const flows = new Set<string>();
  const id = (w: WorkloadIntent) => `${w.namespace}/${w.name}`;
  intentValue.forEach((w) => {
    for (const rule of w.allowFrom) {
      for (const port of rule.ports ?? w.ports) flows.add(`${id(intentValue[rule.peer])} -> ${id(w)}:${port}/TCP`);
    }
    const edgeCallers = w.fromEdge === 'selector' ? ['gateway'] : w.fromEdge === 'namespace' ? EDGE_PODS.map((p) => p.name) : [];
    for (const caller of edgeCallers) {
      for (const port of w.ports) flows.add(`${EDGE}/${caller} -> ${id(w)}:${port}/TCP`);
    }
    // allowTo opens L3/L4 on both sides; under a mesh the receiver's authorization (its allowFrom) still decides.
    if (meshMode === 'none') {
      for (const rule of w.allowTo) {
        for (const port of rule.ports ?? intentValue[rule.peer].ports) flows.add(`${id(w)} -> ${id(intentValue[rule.peer])}:${port}/TCP`);
      }
    }
    // Names are a Cilium feature (the kubernetes profile refuses them at construction).
    if (cni === 'cilium') w.fqdns.forEach((name) => flows.add(`${id(w)} -> fqdn:${name}:443/TCP`));
    if (w.cidr !== undefined) flows.add(`${id(w)} -> cidr:${w.cidr}:5432/TCP`);
  });
  return [...flows].sort();
}

const INFRASTRUCTURE = ['kube-system/', 'istio-system/'];

/** The computed flows the intent speaks about: into our workloads, and out of them (infrastructure left out). */
function computed(result: ReachResult): string[] {
  const ours = (id: string) => NAMESPACES.some((ns) => id.startsWith(`${ns}/`));
  return result.flows
    .filter((f) => !INFRASTRUCTURE.some((prefix) => f.to.startsWith(prefix)))
    .filter((f) => ours(f.to) || (ours(f.from) && f.to.includes(':')))
    .map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`)
    .sort();
}

describe.each(['sidecar', 'ambient', 'none'] as const)('oracle: %s mesh |', (meshMode) => {
  test(`${RUNS} random intents: computed flows equal the declared ones under cilium and kubernetes, and names resolve`, () => {
    fc.assert(fc.property(intent, (intentValue) => {
      const refs = refsOf(intentValue, meshMode);
      for (const cni of CNIS) {
        // The objects a cluster with this policy engine gets (profile network.cni), judged under that engine. Without
        // Cilium, DNS-name egress is refused at construction: that cluster's intents name address blocks only.
        const declaredIntent = cni === 'cilium' ? intentValue : intentValue.map((w) => ({ ...w, fqdns: [] }));
        const objects = render(declaredIntent, meshMode, cni, refs);
        const result = computeReach(objects, { cni });
        expect({ cni, flows: computed(result) }).toEqual({ cni, flows: declared(declaredIntent, meshMode, cni) });
        for (const w of declaredIntent) {
          const names = [...declaredIntent.filter((o) => o !== w).map((o) => `${o.name}.${o.namespace}.svc`), ...w.fqdns];
          for (const name of names) {
            expect({ cni, from: `${w.namespace}/${w.name}`, name, ...resolveName(result, `${w.namespace}/${w.name}`, name) })
              .toMatchObject({ resolved: true });
          }
        }
      }
    }), { numRuns: RUNS });
  });
});
