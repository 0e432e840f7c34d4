import { K8sObject } from '../../core/manifest';
import { NAMESPACE_NAME_LABEL } from '../../core/mesh';
import { auditedKind } from '../kinds';
import { Json, asObject, podSpecOf } from '../pod-spec';
import { rethrowUnreadable } from '../readable-input';
import { USE_WAYPOINT_LABEL } from '../rules/mesh/istio';
import { PolicyTarget } from '../rules/mesh/target-refs';
import { Direction } from '../rules/network/policies';
import { Labels } from '../selector';
import {
  AuthorizationReading, READ_KINDS, ReachNote, ReachNotes, identityReadable, noteIdentity, noteOtherGroup, policyReadings, readAuthorizationPolicy,
  readNamespaceLabels, readNetworkPolicy, readPeerAuthentication, readPods, readService,
} from './reading';

/**
 * The cluster as the reachability engine sees it: namespaces, workloads (pods by template), Services and policies,
 * read from plain manifest objects (own fields only; see `reading` for what is of the wrong JSON type).
 */

/** Which network policy engine enforces: `kubernetes` (NetworkPolicy only) or `cilium` (CiliumNetworkPolicy and NetworkPolicy). */
export type CniChoice = 'cilium' | 'kubernetes';

/** Istio data plane of a workload. */
export type WorkloadMesh = 'sidecar' | 'ambient' | 'none';

/** A port a workload serves. */
export interface ServedPort {
  /** Port number. */
  readonly port: number;
  /** `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
  /** Container port name, when named. */
  readonly name?: string;
}

/** A workload: the pods of one controller (or a bare pod). */
export interface Workload {
  /** `<namespace>/<name>`. */
  readonly id: string;
  /** Namespace. */
  readonly namespace: string;
  /** Controller (or pod) name. */
  readonly name: string;
  /** Kind of the controller. */
  readonly kind: string;
  /**
   * Pod labels, as label selectors see them (`selectableLabels`): a value set to null is `''`, one of another JSON type
   * meets no requirement, and `UNSELECTABLE_LABELS` (no selector selects the pods) when the map is of the wrong type.
   */
  readonly labels: Labels;
  /** Labels of the pod's namespace (with `kubernetes.io/metadata.name`). */
  readonly namespaceLabels: Labels;
  /** Service account of the pods. */
  readonly serviceAccount: string;
  /** Ports of its containers. */
  readonly ports: readonly ServedPort[];
  /** Istio data plane of the pods. */
  readonly mesh: WorkloadMesh;
  /** Waypoint its traffic goes through (ambient, `istio.io/use-waypoint` on its Service or namespace). */
  readonly waypoint?: string;
  /** Cluster infrastructure assumed present but absent from the input (kube-dns, istiod). */
  readonly assumed?: boolean;
}

/** A manifest object with its `Kind/namespace/name` as cited in `allowedBy`. */
export interface PolicyObject {
  /** `Kind/namespace/name` (or `Kind/name` when cluster-scoped). */
  readonly ref: string;
  /** Namespace (absent when cluster-scoped). */
  readonly namespace?: string;
  /** The object's spec. */
  readonly spec: Json;
}

/** Every object the engine reads, grouped. */
export interface ClusterModel {
  /** Workloads, input order, then assumed infrastructure. */
  readonly workloads: readonly Workload[];
  /** Labels of every namespace named by an object. */
  readonly namespaces: ReadonlyMap<string, Labels>;
  /** Standard NetworkPolicies. */
  readonly networkPolicies: readonly PolicyObject[];
  /** CiliumNetworkPolicies and CiliumClusterwideNetworkPolicies (`namespace` absent for clusterwide). */
  readonly ciliumPolicies: readonly PolicyObject[];
  /** Istio AuthorizationPolicies (those that Kubernetes accepts). */
  readonly authorizationPolicies: readonly PolicyObject[];
  /** Istio PeerAuthentications (those that Kubernetes accepts). */
  readonly peerAuthentications: readonly PolicyObject[];
  /** Services: namespace, name, selector and labels. */
  readonly services: readonly ServiceInfo[];
  /**
   * The fields of the wrong JSON type read, each once, with what the model makes of them: a policy with one is left
   * out (Kubernetes rejects it: it allows, denies and isolates nothing). And the objects of a kind reach reads whose
   * apiVersion names another API group (`auditedKind`: a Calico NetworkPolicy, a Knative Service): not read as that kind.
   */
  readonly notes: readonly ReachNote[];
}

/** A Service (for Istio `targetRefs`, waypoints and DNS names). */
export interface ServiceInfo {
  /** Namespace. */
  readonly namespace: string;
  /** Name. */
  readonly name: string;
  /** Pod selector (absent: selects nothing). */
  readonly selector?: Labels;
  /** Service labels. */
  readonly labels: Labels;
}

/** Options of the model. */
export interface ModelOptions {
  /** Namespace of kube-dns and its `k8s-app` label. @default kube-system, kube-dns */
  readonly dns?: { readonly namespace: string; readonly app: string };
  /** Istio's root namespace (and istiod's). @default istio-system */
  readonly istioNamespace?: string;
}


/** Whether each network policy rule set of a model isolates the pods it selects in each direction, as the audit's rules read it. */
const isolation = new WeakMap<PolicyObject, Readonly<Record<Direction, boolean>>>();

/**
 * Whether `policy`, a NetworkPolicy or Cilium rule set of a model, isolates the pods it selects in `direction`, as the
 * audit's rules read it (`isolates`): a NetworkPolicy in its policy types, a Cilium rule set where it has default deny.
 */
export function policyIsolates(policy: PolicyObject, direction: Direction): boolean {
  return isolation.get(policy)?.[direction] ?? false;
}

/** The selector of each AuthorizationPolicy of a model, as the audit's rules read it. */
const authorizations = new WeakMap<PolicyObject, AuthorizationReading>();

/**
 * The `selector.matchLabels` of `policy`, an AuthorizationPolicy of a model, as the audit's rules read it
 * (`istioSelector`): `undefined` when it has none or an empty one.
 */
export function authorizationSelector(policy: PolicyObject): Readonly<Record<string, unknown>> | undefined {
  return authorizations.get(policy)?.selector;
}

/**
 * What the targetRefs of `policy`, an AuthorizationPolicy of a model, attach it to, as the audit's rules read them
 * (`targetRefsOf`): `undefined` when it has none.
 */
export function authorizationTargets(policy: PolicyObject): readonly PolicyTarget[] | undefined {
  return authorizations.get(policy)?.targets;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(asObject(value) ?? {})) {
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}

function meta(object: K8sObject): Json {
  return asObject((object as unknown as Json).metadata) ?? {};
}

function nameOf(object: K8sObject): string | undefined {
  const name = meta(object).name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function namespaceOf(object: K8sObject): string {
  const namespace = meta(object).namespace;
  return typeof namespace === 'string' && namespace !== '' ? namespace : 'default';
}

/**
 * Whether Istio's sidecar injector webhooks select a pod (the pod's `sidecar.istio.io/inject` is not `false`; istiod
 * also honours that annotation): the namespace has `istio-injection: enabled`; or no `istio-injection` label and an
 * `istio.io/rev`; or neither label, and the pod has `sidecar.istio.io/inject: "true"` or an `istio.io/rev`. An
 * `istio-injection` label of any other value turns every injector off, the per-revision and per-pod ones included.
 */
function sidecarInjected(namespaceLabels: Labels, podLabels: Labels): boolean {
  const injection = namespaceLabels['istio-injection'];
  if (injection !== undefined) return injection === 'enabled';
  return namespaceLabels['istio.io/rev'] !== undefined || podLabels['sidecar.istio.io/inject'] === 'true' || podLabels['istio.io/rev'] !== undefined;
}

function meshOf(namespaceLabels: Labels, podLabels: Labels, annotations: Labels): WorkloadMesh {
  if (podLabels['sidecar.istio.io/inject'] === 'false' || annotations['sidecar.istio.io/inject'] === 'false') {
    return namespaceLabels['istio.io/dataplane-mode'] === 'ambient' && podLabels['istio.io/dataplane-mode'] !== 'none' ? 'ambient' : 'none';
  }
  if (sidecarInjected(namespaceLabels, podLabels)) {
    return 'sidecar';
  }
  if (podLabels['istio.io/dataplane-mode'] === 'none') return 'none';
  if (podLabels['istio.io/dataplane-mode'] === 'ambient' || namespaceLabels['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
  return 'none';
}

/**
 * Reads the cluster model from manifest objects; adds kube-dns and istiod when no input workload is them. Objects
 * that are not a list, or with fields that cannot be read (a revoked Proxy, a getter that throws), are a
 * `KubeHardenValidationError` naming each.
 */
export function buildModel(objects: readonly K8sObject[], options: ModelOptions = {}): ClusterModel {
  try {
    return readModel(objects, options);
  } catch (error) {
    return rethrowUnreadable(objects, 'objects', 'reach input', error);
  }
}

function readModel(objects: readonly K8sObject[], options: ModelOptions): ClusterModel {
  const dns = options.dns ?? { namespace: 'kube-system', app: 'kube-dns' };
  const istioNamespace = options.istioNamespace ?? 'istio-system';
  const namespaces = new Map<string, Record<string, string>>();
  const ensure = (ns: string): Record<string, string> => {
    let labels = namespaces.get(ns);
    if (labels === undefined) {
      labels = { [NAMESPACE_NAME_LABEL]: ns };
      namespaces.set(ns, labels);
    }
    return labels;
  };
  const networkPolicies: PolicyObject[] = [];
  const ciliumPolicies: PolicyObject[] = [];
  const authorizationPolicies: PolicyObject[] = [];
  const peerAuthentications: PolicyObject[] = [];
  const services: ServiceInfo[] = [];
  const pending: K8sObject[] = [];
  const notes = new ReachNotes();
  const policies = policyReadings();
  for (const object of objects) {
    const raw = (object as unknown as Json)?.kind;
    if (typeof raw !== 'string') continue;
    // (the kind reach reads the object as: a Calico NetworkPolicy is no NetworkPolicy, a Knative Service no Service)
    const kind = auditedKind(raw, (object as unknown as Json).apiVersion);
    // An object whose metadata, name or namespace is of the wrong type is left out (Kubernetes rejects it), and noted
    // when it is of a kind reach reads.
    if (!identityReadable(object)) {
      if (READ_KINDS.has(kind) || podSpecOf(object) !== undefined) noteIdentity(object, notes);
      continue;
    }
    if (kind !== raw && READ_KINDS.has(raw)) noteOtherGroup(object, notes);
    const name = nameOf(object);
    if (name === undefined) continue;
    const spec = asObject((object as unknown as Json).spec) ?? {};
    const namespace = namespaceOf(object);
    const policy = (clusterScoped = false, ruleSpec = spec): PolicyObject => (clusterScoped
      ? { ref: `${kind}/${name}`, spec: ruleSpec }
      : { ref: `${kind}/${namespace}/${name}`, namespace, spec: ruleSpec });
    switch (kind) {
      case 'Namespace':
        Object.assign(ensure(name), readNamespaceLabels(object, notes), { [NAMESPACE_NAME_LABEL]: name });
        break;
      case 'NetworkPolicy':
      case 'CiliumNetworkPolicy':
      case 'CiliumClusterwideNetworkPolicy': {
        // A Cilium policy holds one rule in `spec` and/or a list in `specs` (pkg/k8s/apis/cilium.io/v2 types.go). One
        // that Kubernetes rejects (`readNetworkPolicy`) is left out: it allows, denies and isolates nothing.
        const clusterScoped = kind === 'CiliumClusterwideNetworkPolicy';
        const into = kind === 'NetworkPolicy' ? networkPolicies : ciliumPolicies;
        for (const reading of readNetworkPolicy(object, policies, notes) ?? []) {
          const ruleSet = policy(clusterScoped, reading.spec);
          isolation.set(ruleSet, reading.isolates);
          into.push(ruleSet);
        }
        if (!clusterScoped) ensure(namespace);
        break;
      }
      // An Istio policy that Kubernetes rejects is left out: it allows, denies and requires nothing.
      case 'AuthorizationPolicy': {
        const reading = readAuthorizationPolicy(object, notes);
        if (reading !== undefined) {
          const p = policy();
          authorizations.set(p, reading);
          authorizationPolicies.push(p);
        }
        break;
      }
      case 'PeerAuthentication': if (readPeerAuthentication(object, notes)) peerAuthentications.push(policy()); break;
      case 'Service': services.push({ namespace, name, ...readService(object, notes) }); break;
      default:
        if (podSpecOf(object) !== undefined) {
          pending.push(object);
          ensure(namespace);
        }
    }
  }
  const workloads: Workload[] = [];
  const seen = new Set<string>();
  for (const object of pending) {
    const pod = podSpecOf(object)!;
    const namespace = namespaceOf(object);
    const name = nameOf(object)!;
    const id = `${namespace}/${name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const { labels, serviceAccount, ports } = readPods(object, pod, notes);
    const namespaceLabels = ensure(namespace);
    const mesh = meshOf(namespaceLabels, labels, stringRecord(pod.metadata.annotations));
    workloads.push({
      id,
      namespace,
      name,
      kind: String((object as unknown as Json).kind),
      labels,
      namespaceLabels,
      serviceAccount,
      ports,
      mesh,
      ...(mesh === 'ambient' ? waypointOf(namespace, labels, namespaceLabels, services) : {}),
    });
  }
  const assume = (namespace: string, name: string, labels: Labels, ports: ServedPort[], serviceAccount: string): void => {
    if (workloads.some((w) => w.namespace === namespace && Object.entries(labels).every(([k, v]) => w.labels[k] === v))) return;
    // An input workload without the labels may have the name: the assumed one then gets an id no Kubernetes name has
    // (unless the input has that too).
    let id = `${namespace}/${name}`;
    while (seen.has(id)) id = `${id} (assumed)`;
    workloads.push({
      id,
      namespace,
      name,
      kind: 'Deployment',
      labels,
      namespaceLabels: ensure(namespace),
      serviceAccount,
      ports,
      mesh: 'none',
      assumed: true,
    });
  };
  assume(dns.namespace, dns.app, { 'k8s-app': dns.app }, [{ port: 53, protocol: 'TCP', name: 'dns-tcp' }, { port: 53, protocol: 'UDP', name: 'dns' }], 'coredns');
  if (workloads.some((w) => w.mesh !== 'none')) {
    assume(istioNamespace, 'istiod', { app: 'istiod' }, [{ port: 15012, protocol: 'TCP', name: 'grpc-xds' }], 'istiod');
  }
  return { workloads, namespaces, networkPolicies, ciliumPolicies, authorizationPolicies, peerAuthentications, services, notes: notes.notes };
}

function waypointOf(namespace: string, labels: Labels, namespaceLabels: Labels, services: readonly ServiceInfo[]): { waypoint?: string } {
  const service = services.find((s) => s.namespace === namespace && s.selector !== undefined && Object.keys(s.selector).length > 0
    && Object.entries(s.selector).every(([k, v]) => labels[k] === v) && typeof s.labels[USE_WAYPOINT_LABEL] === 'string');
  // A pod label of the wrong type names no waypoint, and the namespace's does not stand in for it, as the audit reads it
  // (`podTarget`).
  const own: unknown = labels[USE_WAYPOINT_LABEL];
  const waypoint: unknown = service?.labels[USE_WAYPOINT_LABEL] ?? (own === undefined ? namespaceLabels[USE_WAYPOINT_LABEL] : own);
  return typeof waypoint === 'string' && waypoint !== 'none' ? { waypoint } : {};
}
