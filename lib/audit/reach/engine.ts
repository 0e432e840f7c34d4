import { K8sObject } from '../../core/manifest';
import { dnsSelectorsMatch } from '../../core/traffic/dns-pattern';
import { cmp } from '../finding-order';
import { Json, asArray, asObject } from '../pod-spec';
import { rethrowUnreadable } from '../readable-input';
import { SelectorIndex, selectorMatches } from '../selector';
import { PeerCandidates } from './candidates';
import {
  ciliumLabels, ciliumMatchingPorts, ciliumPolicySelects, ciliumRuleHasNoPeer, ciliumRulePeerMatches, ciliumRules,
} from './cilium';
import { Exposure, ExposureCounter } from './exposure';
import { IstioVerdict, SourceIdentity, WorkloadAuthorization, authorizationFor, evaluateAuthorization, strictMtls } from './istio';
import { MeshCandidates } from './mesh-candidates';
import { ClusterModel, CniChoice, ModelOptions, PolicyObject, Workload, buildModel, policyIsolates } from './model';
import { networkPolicyRuleAllows, networkPolicyRules } from './network-policy';
import { PortQuery, portQueries } from './ports';
import { ReachNote, isSet } from './reading';
import { Direction } from '../rules/network/policies';

/** Options of the reachability computation. */
export interface ReachOptions extends ModelOptions {
  /**
   * Policy engine: `cilium` enforces CiliumNetworkPolicy and NetworkPolicy (union of allows, deny rules win);
   * `kubernetes` enforces NetworkPolicy only.
   * @default - `cilium` when the input holds a Cilium policy, `kubernetes` otherwise
   */
  readonly cni?: CniChoice;
  /** Istio trust domain. @default cluster.local */
  readonly trustDomain?: string;
  /** Cluster DNS domain. @default cluster.local */
  readonly clusterDomain?: string;
  /**
   * Most flows to compute: past it `computeReach` stops and throws a `ReachLimitError` (about 100 bytes each in
   * memory, and more in every output format), before computing any when the pairs that nothing restricts pass it.
   * @default 5000000
   */
  readonly maxFlows?: number;
}

/** The default of `ReachOptions.maxFlows`. */
export const DEFAULT_MAX_FLOWS = 5_000_000;

/** Thrown by `computeReach` when the input allows more flows than `ReachOptions.maxFlows`. */
export class ReachLimitError extends Error {
  /**
   * @param workloads the input's workloads (assumed infrastructure excluded)
   * @param maxFlows the limit passed
   * @param count counts the whole input's exposure (`computeReach` passes one that goes on from the flows it had
   *   computed, or counts afresh when it stopped before computing any)
   * @param notes the notes on the input, as `ReachResult.notes` lists them
   */
  constructor(
    readonly workloads: number, readonly maxFlows: number, private readonly count?: () => Exposure, readonly notes: readonly ReachNote[] = [],
  ) {
    super(`${workloads} workloads allow more than ${maxFlows} flows`);
    this.name = 'ReachLimitError';
  }

  /**
   * The input's exposure, as `reachExposure` gives it: counted on from the flows `computeReach` had computed (or
   * afresh), without keeping more flows. `undefined` for an error made without `count`.
   */
  public exposure(): Exposure | undefined {
    return this.count?.();
  }
}

/** One allowed flow. */
export interface Flow {
  /** Source workload, `<namespace>/<workload>`. */
  readonly from: string;
  /** Destination: `<namespace>/<workload>`, `fqdn:<name or pattern>`, `cidr:<block>` or `entity:<Cilium entity>`. */
  readonly to: string;
  /** Destination port, or `'*'` for every port. */
  readonly port: number | '*';
  /** `TCP`, `UDP`, `SCTP`, or `ANY`. */
  readonly protocol: string;
  /** The objects that allow it (`Kind/namespace/name`), or why nothing restricts it (`unrestricted:<what>`). */
  readonly allowedBy: readonly string[];
  /** Whether the mesh admits only some requests of the flow (HTTP conditions, JWT). */
  readonly l7?: boolean;
  /** Address blocks excluded from a `cidr:` destination. */
  readonly except?: readonly string[];
}

/** What a workload may resolve: every name, or the names its DNS rules match. */
export interface DnsAccess {
  /** Whether it reaches kube-dns on 53/UDP at all. */
  readonly reachable: boolean;
  /** Cilium DNS selectors that filter its queries; absent when nothing filters them. */
  readonly filter?: ReadonlyArray<{ readonly matchName?: string; readonly matchPattern?: string }>;
}

/** The result of `computeReach`. */
export interface ReachResult {
  /** The policy engine applied. */
  readonly cni: CniChoice;
  /** Every workload (assumed infrastructure flagged). */
  readonly workloads: readonly Workload[];
  /** Allowed flows, sorted by source, destination, port. */
  readonly flows: readonly Flow[];
  /** DNS access of each input workload, by id. */
  readonly dns: ReadonlyMap<string, DnsAccess>;
  /** Cluster DNS domain. */
  readonly clusterDomain: string;
  /** Services by `<name>.<namespace>` (names that exist in cluster DNS). */
  readonly services: ReadonlySet<string>;
  /**
   * The fields of the wrong JSON type in the input (Kubernetes rejects their objects), each once, with what reach
   * makes of them: a policy with one allows, denies and isolates nothing; and the objects of a kind reach reads but of
   * another API group (a Calico NetworkPolicy), which it does not read as that kind (see `ClusterModel.notes`).
   */
  readonly notes: readonly ReachNote[];
}

/** The selector of a NetworkPolicy without podSelector: the empty selector, which selects every pod. */
const EVERY_POD = Object.freeze({});

const HBONE_PORT: PortQuery = { port: 15008, protocol: 'TCP' };

interface DirectionVerdict {
  readonly allowed: boolean;
  readonly by: string[];
}

/** Per-workload policy selection, computed once. */
interface Selected {
  readonly networkPolicies: Record<Direction, PolicyObject[]>;
  readonly cilium: PolicyObject[];
  readonly isolated: Record<Direction, boolean>;
}

/**
 * Computes the allowed flows of manifests: pod to pod (each destination port), pod to CIDR, FQDN and Cilium entity,
 * and each pod's DNS access, under the chosen policy engine and the Istio data plane of each pod. Throws a
 * `ReachLimitError` as soon as the flows pass `options.maxFlows`, or before listing any when the pairs that nothing
 * restricts already allow more; objects that are not a list, or with fields that cannot be read (a revoked Proxy, a
 * getter that throws), are a `KubeHardenValidationError` naming each.
 */
export function computeReach(objects: readonly K8sObject[], options: ReachOptions = {}): ReachResult {
  return reading(objects, () => engineFor(objects, options).run(options.maxFlows ?? DEFAULT_MAX_FLOWS));
}

/**
 * `exposureOf(computeReach(objects, options))`, counted without keeping the flows (the pairs that nothing restricts in
 * bulk, see `ReachEngine.exposure`): `maxFlows` does not apply.
 */
export function reachExposure(objects: readonly K8sObject[], options: ReachOptions = {}): Exposure {
  return reading(objects, () => engineFor(objects, options).exposure());
}

/**
 * `run()` over `objects`; when it throws on a field that cannot be read (the engine reads the policies the model keeps
 * again), a `KubeHardenValidationError` naming each (`rethrowUnreadable`). A `ReachLimitError` is thrown as it is.
 */
function reading<T>(objects: readonly K8sObject[], run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ReachLimitError) throw error;
    return rethrowUnreadable(objects, 'objects', 'reach input', error);
  }
}

function engineFor(objects: readonly K8sObject[], options: ReachOptions): ReachEngine {
  const model = buildModel(objects, options);
  const cni: CniChoice = options.cni ?? (model.ciliumPolicies.length > 0 ? 'cilium' : 'kubernetes');
  return new ReachEngine(model, cni, options);
}

/** A destination workload with its port queries, sorted by port and protocol. */
interface Destination {
  readonly workload: Workload;
  readonly ports: readonly PortQuery[];
}

/** The input workloads every source may open every port of, and the others (see `ReachEngine.openDestinations`). */
interface OpenDestinations {
  /** Each open workload's number of port queries. */
  readonly ports: ReadonlyMap<Workload, number>;
  /** Their sum. */
  readonly portPairs: number;
  /** The other input workloads (assumed infrastructure excluded), in the order of `destinations`. */
  readonly others: readonly Destination[];
}

/** The port pairs from `src`, unrestricted on egress, to the open destinations other than itself. */
function openPortPairsFrom(src: Workload, open: OpenDestinations): number {
  return open.portPairs - (open.ports.get(src) ?? 0);
}

class ReachEngine {
  private readonly selected = new Map<string, Selected>();
  private readonly candidateCache = new Map<string, ReadonlySet<Workload> | 'all'>();
  private readonly peerIndex: PeerCandidates;
  /** Per destination, the sources both its ingress rules and its mesh's ALLOW policies can admit (`callers`). */
  private readonly callerCache = new Map<Workload, ReadonlySet<Workload> | 'all'>();
  private meshIndex?: MeshCandidates;
  private readonly dnsPods: readonly Workload[];
  private readonly authorization = new Map<string, { readonly policies: WorkloadAuthorization; readonly strict: boolean }>();
  private readonly trustDomain: string;
  private readonly rootNamespace: string;
  private readonly clusterDomain: string;
  /** Input workloads (the sources), by id. */
  private readonly sources: readonly Workload[];
  /** Every workload by id, with its port queries by port and protocol: flows come out in order, with no sort. */
  private readonly destinations: readonly Destination[];
  /** Each destination's place in `destinations`, to visit a source's egress candidates in that order. */
  private readonly destinationIndex: ReadonlyMap<Workload, number>;
  /** One array per distinct `allowedBy` list, shared by the flows that have it. */
  private readonly allowedBy = new Map<string, readonly string[]>();
  /** The input workloads every source may open every port of (`openDestinations`), once asked for. */
  private open?: OpenDestinations;

  constructor(private readonly model: ClusterModel, private readonly cni: CniChoice, options: ReachOptions) {
    this.trustDomain = options.trustDomain ?? 'cluster.local';
    this.rootNamespace = options.istioNamespace ?? 'istio-system';
    this.clusterDomain = options.clusterDomain ?? 'cluster.local';
    this.peerIndex = new PeerCandidates(model.workloads, model.namespaces);
    const dns = options.dns ?? { namespace: 'kube-system', app: 'kube-dns' };
    this.dnsPods = model.workloads.filter((w) => w.namespace === dns.namespace && w.labels['k8s-app'] === dns.app);
    const byId = [...model.workloads].sort((a, b) => cmp(a.id, b.id));
    this.sources = byId.filter((w) => !w.assumed);
    this.destinations = byId.map((workload) => ({ workload, ports: portQueries(workload).sort(comparePortQuery) }));
    this.destinationIndex = new Map(byId.map((workload, i) => [workload, i]));
    this.selectPolicies();
  }

  public run(maxFlows: number): ReachResult {
    // The pairs that nothing restricts are flows on each port of the destination: past the limit already, none is listed.
    if (this.sources.length > 0 && this.openPortPairs() > maxFlows) {
      throw new ReachLimitError(this.sources.length, maxFlows, () => this.exposure(), this.model.notes);
    }
    const flows: Flow[] = [];
    for (let i = 0; i < this.sources.length; i++) {
      const from = this.flowsFrom(this.sources[i]);
      if (flows.length + from.length > maxFlows) {
        throw new ReachLimitError(this.sources.length, maxFlows, () => this.exposure([flows, from], i + 1), this.model.notes);
      }
      for (const flow of from) flows.push(flow);
    }
    return {
      cni: this.cni,
      workloads: this.model.workloads,
      flows,
      dns: new Map(this.model.workloads.filter((w) => !w.assumed).map((w) => [w.id, this.dnsAccess(w)] as const)),
      clusterDomain: this.clusterDomain,
      services: new Set(this.model.services.map((s) => `${s.name}.${s.namespace}`)),
      notes: this.model.notes,
    };
  }

  /**
   * The exposure of the flows already computed (`held`, whole sources in order), then of the sources from `next` on,
   * without keeping their flows. A source that policies restrict on egress is counted through the peers its rules can
   * name. A source that nothing restricts on egress reaches the `openDestinations` on every port: those pairs are
   * counted in bulk; its pairs with the other destinations are evaluated destination by destination, among the
   * callers that each destination's ingress rules and Istio ALLOW policies can name (`callers`). A cluster costs its
   * workloads plus the pairs its policies name, not the square of its workloads, except where a destination is
   * restricted by what does not name its peers: STRICT mTLS or DENY policies alone, or a Cilium policy that selects
   * it without isolating its ingress (every unrestricted source is then evaluated against it).
   */
  public exposure(held: readonly (readonly Flow[])[] = [], next = 0): Exposure {
    const counter = new ExposureCounter(this.sources);
    for (const flows of held) counter.countFlows(flows);
    const open = this.openDestinations();
    const unrestricted = new Set<Workload>();
    for (let i = next; i < this.sources.length; i++) {
      const src = this.sources[i];
      if (!this.unrestricted(src, 'egress')) {
        counter.countFlows(this.podFlows(src, this.destinationsFrom(src)));
        continue;
      }
      unrestricted.add(src);
      counter.countPairs(open.ports.size - (open.ports.has(src) ? 1 : 0), openPortPairsFrom(src, open));
    }
    for (const destination of open.others) {
      const callers = this.callers(destination.workload);
      const sources = callers === 'all' ? unrestricted : [...callers].filter((w) => unrestricted.has(w));
      // one pair per call: the counter needs a pair's flows together, not the pairs in order
      for (const src of sources) counter.countFlows(this.podFlows(src, [destination]));
    }
    return counter.exposure();
  }

  /**
   * The flows between input workloads that nothing restricts, one per port of the destination (the open pairs of
   * `exposure`): `run` lists at least as many flows.
   */
  private openPortPairs(): number {
    const open = this.openDestinations();
    let total = 0;
    for (const src of this.sources) {
      if (this.unrestricted(src, 'egress')) total += openPortPairsFrom(src, open);
    }
    return total;
  }

  /**
   * Whether no policy selects `subject` in `direction`: no NetworkPolicy of that direction, no Cilium policy at all.
   * Its side then allows every peer on every port (`side`).
   */
  private unrestricted(subject: Workload, direction: Direction): boolean {
    const sel = this.selected.get(subject.id)!;
    return sel.networkPolicies[direction].length === 0 && sel.cilium.length === 0;
  }

  /**
   * The input workloads whose every port any source may open, whatever its identity: unrestricted on ingress and
   * outside the mesh, or in it with no AuthorizationPolicy and no STRICT mTLS. With their ports (the model lists each
   * port and protocol once), and the other input workloads, in order.
   */
  private openDestinations(): OpenDestinations {
    if (this.open !== undefined) return this.open;
    const ports = new Map<Workload, number>();
    const others: Destination[] = [];
    let portPairs = 0;
    for (const destination of this.destinations) {
      const dst = destination.workload;
      if (dst.assumed) continue;
      if (!this.unrestricted(dst, 'ingress') || !this.meshAdmitsAll(dst)) {
        others.push(destination);
        continue;
      }
      ports.set(dst, destination.ports.length);
      portPairs += destination.ports.length;
    }
    this.open = { ports, portPairs, others };
    return this.open;
  }

  /** Whether the mesh admits every source to `dst` on every port (`meshAllows` then allows whatever it is asked). */
  private meshAdmitsAll(dst: Workload): boolean {
    if (dst.mesh === 'none') return true;
    const { policies, strict } = this.istioOf(dst);
    return policies.workload.length === 0 && policies.waypoint.length === 0 && !strict;
  }

  /** The AuthorizationPolicies and the mTLS mode that apply to `dst` (a workload in the mesh), found once. */
  private istioOf(dst: Workload): { readonly policies: WorkloadAuthorization; readonly strict: boolean } {
    let istio = this.authorization.get(dst.id);
    if (istio === undefined) {
      istio = { policies: authorizationFor(this.model, dst, this.rootNamespace), strict: strictMtls(this.model, dst, this.rootNamespace) };
      this.authorization.set(dst.id, istio);
    }
    return istio;
  }

  /**
   * The flows of `src` in the order of `ReachResult.flows`, one per destination, port and protocol (the objects of
   * repeated ones merged): pod flows come out sorted, and the few external ones are sorted and merged in.
   */
  private flowsFrom(src: Workload): Flow[] {
    const pod = this.podFlows(src, this.destinationsFrom(src));
    const external = this.externalFlows(src).sort(compareFlows);
    const out: Flow[] = [];
    let i = 0;
    let j = 0;
    while (i < pod.length || j < external.length) {
      const flow = j === external.length || (i < pod.length && compareFlows(pod[i], external[j]) <= 0) ? pod[i++] : external[j++];
      const last = out[out.length - 1];
      if (last !== undefined && compareFlows(last, flow) === 0) {
        out[out.length - 1] = { ...last, allowedBy: this.shared([...new Set([...last.allowedBy, ...flow.allowedBy])]) };
      } else {
        out.push(flow);
      }
    }
    return out;
  }

  /**
   * The destinations `src` may send to: every workload when nothing restricts its egress to some peers, else its
   * egress candidates; in the order of `destinations`.
   */
  private destinationsFrom(src: Workload): readonly Destination[] {
    const reachable = this.candidates(src, 'egress');
    if (reachable === 'all') return this.destinations;
    const places = [...reachable].map((w) => this.destinationIndex.get(w)!).sort((a, b) => a - b);
    return places.map((i) => this.destinations[i]);
  }

  /** The flows from `src` to `destinations` (in the order of `destinations`), sorted by destination, port and protocol. */
  private podFlows(src: Workload, destinations: readonly Destination[]): Flow[] {
    const flows: Flow[] = [];
    for (const { workload: dst, ports } of destinations) {
      if (dst === src) continue;
      const callers = this.callers(dst);
      if (callers !== 'all' && !callers.has(src)) continue;
      for (const port of ports) {
        const flow = this.podFlow(src, dst, port);
        if (flow !== undefined) flows.push(flow);
      }
    }
    return flows;
  }

  /** `by` itself the first time a list with its entries is seen, the array seen first after that. */
  private shared(by: readonly string[]): readonly string[] {
    const key = by.join('\u0000');
    const found = this.allowedBy.get(key);
    if (found !== undefined) return found;
    this.allowedBy.set(key, by);
    return by;
  }

  /**
   * The peers `subject` can possibly exchange traffic with in `direction`: every workload when nothing isolates it or
   * a rule admits everyone, else the union of what its allow rules name (through indexes). Cached per workload.
   */
  private candidates(subject: Workload, direction: Direction): ReadonlySet<Workload> | 'all' {
    const key = `${direction}\u0000${subject.id}`;
    let found = this.candidateCache.get(key);
    if (found === undefined) {
      found = this.computeCandidates(subject, direction);
      this.candidateCache.set(key, found);
    }
    return found;
  }

  /**
   * The sources that may reach `dst` at all: its ingress candidates (`candidates`), less those its mesh's ALLOW
   * policies cannot admit (`MeshCandidates`). Cached per destination.
   */
  private callers(dst: Workload): ReadonlySet<Workload> | 'all' {
    let found = this.callerCache.get(dst);
    if (found === undefined) {
      found = intersection(this.candidates(dst, 'ingress'), this.meshCandidates(dst));
      this.callerCache.set(dst, found);
    }
    return found;
  }

  /** The sources the ALLOW policies enforced for `dst` can admit (at its waypoint when it has one), or `'all'`. */
  private meshCandidates(dst: Workload): ReadonlySet<Workload> | 'all' {
    if (dst.mesh === 'none') return 'all';
    const { policies } = this.istioOf(dst);
    this.meshIndex ??= new MeshCandidates(this.sources, (w) => this.identity(w));
    return this.meshIndex.admitted(dst.mesh === 'ambient' && dst.waypoint !== undefined ? policies.waypoint : policies.workload);
  }

  private computeCandidates(subject: Workload, direction: Direction): ReadonlySet<Workload> | 'all' {
    const sel = this.selected.get(subject.id)!;
    if (!sel.isolated[direction]) return 'all';
    const into = new Set<Workload>();
    for (const policy of sel.networkPolicies[direction]) {
      if (this.peerIndex.networkPolicy(policy, networkPolicyRules(policy, direction), direction, into) === 'all') return 'all';
    }
    for (const policy of sel.cilium) {
      if (this.peerIndex.cilium(policy, ciliumRules(policy, direction, false), direction, into) === 'all') return 'all';
    }
    return into;
  }

  private selectPolicies(): void {
    const byNamespace = new Map<string, PolicyObject[]>();
    for (const p of this.model.networkPolicies) byNamespace.set(p.namespace!, [...byNamespace.get(p.namespace!) ?? [], p]);
    // (a podSelector that is absent or null is the empty selector, every pod of the namespace, as Kubernetes decodes
    // it and the audit's rules read it: `policySelector`)
    const podSelector = (p: PolicyObject): unknown => p.spec.podSelector ?? EVERY_POD;
    const npIndex = new Map([...byNamespace].map(([ns, list]) => [
      ns, new SelectorIndex(list, podSelector, (p, l) => selectorMatches(podSelector(p), l)),
    ]));
    const ciliumPolicies = this.cni === 'cilium' ? this.model.ciliumPolicies : [];
    const ciliumIndex = new SelectorIndex(ciliumPolicies, (p) => p.spec.endpointSelector, () => true);
    for (const w of this.model.workloads) {
      const nps = npIndex.get(w.namespace)?.selecting(w.labels) ?? [];
      const cilium = ciliumIndex.selecting(ciliumLabels(w)).filter((p) => ciliumPolicySelects(p, w));
      const networkPolicies = {
        ingress: nps.filter((p) => policyIsolates(p, 'ingress')),
        egress: nps.filter((p) => policyIsolates(p, 'egress')),
      };
      const isolated = {
        ingress: networkPolicies.ingress.length > 0 || cilium.some((p) => policyIsolates(p, 'ingress')),
        egress: networkPolicies.egress.length > 0 || cilium.some((p) => policyIsolates(p, 'egress')),
      };
      this.selected.set(w.id, { networkPolicies, cilium, isolated });
    }
  }

  /** The CNI verdict of one side: `subject` sends (egress) to or receives (ingress) from `peer` on the receiver's `port`. */
  private side(subject: Workload, direction: Direction, peer: Workload, port: PortQuery): DirectionVerdict {
    const sel = this.selected.get(subject.id)!;
    const by: string[] = [];
    for (const policy of sel.networkPolicies[direction]) {
      if (networkPolicyRules(policy, direction).some((rule) => networkPolicyRuleAllows(rule, direction, policy, peer, port))) by.push(policy.ref);
    }
    for (const policy of sel.cilium) {
      const applies = (rule: Json): boolean => ciliumRulePeerMatches(rule, direction, policy, peer) && ciliumMatchingPorts(rule, port).length > 0;
      if (ciliumRules(policy, direction, true).some(applies)) return { allowed: false, by: [policy.ref] };
      if (ciliumRules(policy, direction, false).some(applies)) by.push(policy.ref);
    }
    if (!sel.isolated[direction]) return { allowed: true, by: [...by, `unrestricted:${direction}`] };
    return { allowed: by.length > 0, by };
  }

  private cniAllows(src: Workload, dst: Workload, port: PortQuery): DirectionVerdict {
    const egress = this.side(src, 'egress', dst, port);
    if (!egress.allowed) return egress;
    const ingress = this.side(dst, 'ingress', src, port);
    return ingress.allowed ? { allowed: true, by: [...egress.by, ...ingress.by] } : ingress;
  }

  private identity(w: Workload): SourceIdentity {
    return w.mesh === 'none' ? {} : { principal: `${this.trustDomain}/ns/${w.namespace}/sa/${w.serviceAccount}`, namespace: w.namespace };
  }

  private meshAllows(src: Workload, dst: Workload, port: PortQuery): IstioVerdict {
    if (dst.mesh === 'none') return { allowed: true, by: [], l7: false };
    const istio = this.istioOf(dst);
    if (src.mesh === 'none' && istio.strict) return { allowed: false, by: ['PeerAuthentication:STRICT'], l7: false };
    const policies = istio.policies;
    if (dst.mesh === 'sidecar') return evaluateAuthorization(policies.workload, this.identity(src), port.port, 'l7');
    if (dst.waypoint === undefined) return evaluateAuthorization(policies.workload, this.identity(src), port.port, 'l4');
    const atWaypoint = evaluateAuthorization(policies.waypoint, this.identity(src), port.port, 'l7');
    if (!atWaypoint.allowed) return atWaypoint;
    const waypointIdentity = { principal: `${this.trustDomain}/ns/${dst.namespace}/sa/${dst.waypoint}`, namespace: dst.namespace };
    const atZtunnel = evaluateAuthorization(policies.workload, waypointIdentity, port.port, 'l4');
    return atZtunnel.allowed ? { allowed: true, by: [...atWaypoint.by, ...atZtunnel.by], l7: atWaypoint.l7 } : atZtunnel;
  }

  private podFlow(src: Workload, dst: Workload, port: PortQuery): Flow | undefined {
    // Between two ambient pods ztunnel carries the connection in HBONE: the CNI sees port 15008, not the app port.
    const wire = src.mesh === 'ambient' && dst.mesh === 'ambient' ? HBONE_PORT : port;
    const cni = this.cniAllows(src, dst, wire);
    if (!cni.allowed) return undefined;
    const mesh = this.meshAllows(src, dst, port);
    if (!mesh.allowed) return undefined;
    return {
      from: src.id,
      to: dst.id,
      port: port.port,
      protocol: port.protocol,
      allowedBy: this.shared([...new Set([...cni.by, ...mesh.by])]),
      ...(mesh.l7 ? { l7: true } : {}),
    };
  }

  private externalFlows(src: Workload): Flow[] {
    const sel = this.selected.get(src.id)!;
    const flows: Flow[] = [];
    const push = (to: string, ports: ReadonlyArray<{ port: number | '*'; protocol: string }>, by: string, except?: string[]): void => {
      for (const p of ports) {
        const allowedBy = this.shared([by]);
        flows.push({ from: src.id, to, port: p.port, protocol: p.protocol, allowedBy, ...(except && except.length > 0 ? { except } : {}) });
      }
    };
    if (!sel.isolated.egress) push('cidr:0.0.0.0/0', [{ port: '*', protocol: 'ANY' }], 'unrestricted:egress');
    for (const policy of sel.networkPolicies.egress) {
      for (const rule of networkPolicyRules(policy, 'egress')) {
        const ports = networkPolicyPorts(rule);
        const peers = asArray(rule.to).map((p) => asObject(p) ?? {});
        if (peers.length === 0) push('cidr:0.0.0.0/0', ports, policy.ref);
        for (const peer of peers) {
          const block = asObject(peer.ipBlock);
          if (typeof block?.cidr === 'string') push(`cidr:${block.cidr}`, ports, policy.ref, asArray(block.except).map(String));
        }
      }
    }
    for (const policy of sel.cilium) {
      for (const rule of ciliumRules(policy, 'egress', false)) {
        const ports = ciliumPorts(rule);
        if (ciliumRuleHasNoPeer(rule, 'egress')) {
          if (isSet(rule.toPorts)) push('cidr:0.0.0.0/0', ports, policy.ref);
          continue;
        }
        for (const entity of asArray(rule.toEntities).map(String)) {
          push(entity === 'world' || entity === 'all' ? 'cidr:0.0.0.0/0' : `entity:${entity}`, ports, policy.ref);
        }
        for (const cidr of asArray(rule.toCIDR)) push(`cidr:${String(cidr)}`, ports, policy.ref);
        for (const set of asArray(rule.toCIDRSet).map((s) => asObject(s) ?? {})) {
          if (typeof set.cidr === 'string') push(`cidr:${set.cidr}`, ports, policy.ref, asArray(set.except).map(String));
        }
        for (const fqdn of asArray(rule.toFQDNs).map((f) => asObject(f) ?? {})) {
          const name = typeof fqdn.matchName === 'string' ? fqdn.matchName : fqdn.matchPattern;
          if (typeof name === 'string') push(`fqdn:${name.toLowerCase().replace(/\.$/, '')}`, ports, policy.ref);
        }
      }
    }
    return this.withoutDenied(src, flows);
  }

  /** Applies Cilium `egressDeny` CIDR and entity rules to external flows. */
  private withoutDenied(src: Workload, flows: Flow[]): Flow[] {
    const denies = this.selected.get(src.id)!.cilium.flatMap((p) => ciliumRules(p, 'egress', true).map((rule) => ({ rule, ref: p.ref })));
    if (denies.length === 0) return flows;
    const out: Flow[] = [];
    for (const flow of flows) {
      const port: PortQuery = { port: flow.port, protocol: flow.protocol };
      const applicable = denies.filter(({ rule }) => ciliumMatchingPorts(rule, port).length > 0);
      const blocks = applicable.flatMap(({ rule }) => [
        ...asArray(rule.toCIDR).map(String),
        ...asArray(rule.toCIDRSet).map((s) => String(asObject(s)?.cidr ?? '')),
        ...asArray(rule.toEntities).some((e) => e === 'world' || e === 'all') ? ['0.0.0.0/0'] : [],
      ]).filter((b) => b !== '');
      if (!flow.to.startsWith('cidr:')) {
        if (!blocks.includes('0.0.0.0/0')) out.push(flow);
        continue;
      }
      const cidr = flow.to.slice('cidr:'.length);
      if (blocks.some((b) => cidrContains(b, cidr))) continue;
      const inside = blocks.filter((b) => cidrContains(cidr, b) && b !== cidr);
      out.push(inside.length > 0 ? { ...flow, except: [...new Set([...flow.except ?? [], ...inside])] } : flow);
    }
    return out;
  }

  /** DNS access of `src`: whether it reaches kube-dns on 53/UDP and which Cilium DNS rules filter its queries. */
  private dnsAccess(src: Workload): DnsAccess {
    const port: PortQuery = { port: 53, protocol: 'UDP' };
    for (const dns of this.dnsPods) {
      if (!this.cniAllows(src, dns, port).allowed) continue;
      const sel = this.selected.get(src.id)!;
      if (!sel.isolated.egress) return { reachable: true };
      if (sel.networkPolicies.egress.some((p) => networkPolicyRules(p, 'egress').some((r) => networkPolicyRuleAllows(r, 'egress', p, dns, port)))) {
        return { reachable: true };
      }
      const filter: Array<{ matchName?: string; matchPattern?: string }> = [];
      for (const policy of sel.cilium) {
        for (const rule of ciliumRules(policy, 'egress', false)) {
          if (!ciliumRulePeerMatches(rule, 'egress', policy, dns)) continue;
          for (const entry of ciliumMatchingPorts(rule, port)) {
            const dnsRules = asArray(asObject(entry?.rules)?.dns).map((d) => asObject(d) ?? {});
            // An L4 allow on the port without DNS rules wildcards L7: every name passes (cilium PRs #3732, #8106).
            if (dnsRules.length === 0) return { reachable: true };
            for (const d of dnsRules) {
              filter.push({
                ...(typeof d.matchName === 'string' ? { matchName: d.matchName } : {}),
                ...(typeof d.matchPattern === 'string' ? { matchPattern: d.matchPattern } : {}),
              });
            }
          }
        }
      }
      return { reachable: true, filter };
    }
    return { reachable: false };
  }
}

function networkPolicyPorts(rule: Json): Array<{ port: number | '*'; protocol: string }> {
  const ports = asArray(rule.ports).map((p) => asObject(p) ?? {});
  if (ports.length === 0) return [{ port: '*', protocol: 'ANY' }];
  return ports.map((p) => ({
    port: typeof p.port === 'number' ? p.port : '*',
    protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
  }));
}

function ciliumPorts(rule: Json): Array<{ port: number | '*'; protocol: string }> {
  const entries = asArray(rule.toPorts).flatMap((e) => asArray(asObject(e)?.ports)).map((p) => asObject(p) ?? {});
  if (entries.length === 0) return [{ port: '*', protocol: 'ANY' }];
  return entries.map((p) => {
    const n = Number(p.port);
    return { port: Number.isInteger(n) && n > 0 ? n : '*', protocol: typeof p.protocol === 'string' ? p.protocol : 'ANY' };
  });
}

function ipv4(cidr: string): { base: number; bits: number } | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (m === null || Number(m[5]) > 32) return undefined;
  return { base: ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]), bits: Number(m[5]) };
}

/** Whether IPv4 block `outer` contains block `inner` (equal blocks contain each other; other notations only when equal). */
export function cidrContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  const o = ipv4(outer);
  const i = ipv4(inner);
  if (o === undefined || i === undefined || i.bits < o.bits) return false;
  const size = 2 ** (32 - o.bits);
  return Math.floor(o.base / size) === Math.floor(i.base / size);
}

function compareFlows(a: Flow, b: Flow): number {
  return cmp(a.from, b.from) || cmp(a.to, b.to) || comparePort(a.port, b.port) || cmp(a.protocol, b.protocol);
}

function comparePort(a: number | '*', b: number | '*'): number {
  return (a === '*' ? -1 : a) - (b === '*' ? -1 : b);
}

function comparePortQuery(a: PortQuery, b: PortQuery): number {
  return comparePort(a.port, b.port) || cmp(a.protocol, b.protocol);
}

/** Whether a DNS access lets a query for `name` through (unfiltered, or a DNS selector matches it). */
export function dnsQueryAllowed(access: DnsAccess, name: string): boolean {
  return access.reachable && (access.filter === undefined || dnsSelectorsMatch(access.filter, name));
}

/** The workloads in both `a` and `b` (`'all'`: every workload). */
function intersection(a: ReadonlySet<Workload> | 'all', b: ReadonlySet<Workload> | 'all'): ReadonlySet<Workload> | 'all' {
  if (a === 'all') return b;
  if (b === 'all') return a;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return new Set([...small].filter((w) => large.has(w)));
}
