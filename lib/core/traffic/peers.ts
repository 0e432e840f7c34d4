import { CILIUM_NAMESPACE_LABEL, CILIUM_SERVICE_ACCOUNT_LABEL, NAMESPACE_NAME_LABEL, NamespaceRef, istioPrincipal, isNamespaceRef } from '../mesh';
import { Problems, checkDnsLabel, checkInteger } from '../validation';
import { checkLabelMap } from '../values';
import { PortNumber, PortProtocol, WorkloadRef } from '../workload-ref';
import { MatchLabels, NetworkPolicyPeer } from './policy-types';

/** Pods chosen by namespace, labels and service account (for peers that are not our own workloads). */
export interface PeerSelector {
  /** Namespace of the pods: a name or a ZeroTrustNamespace's ref. */
  readonly namespace: string | NamespaceRef;
  /**
   * Pod labels. Istio cannot select by labels: without `serviceAccount` its rule admits the whole namespace,
   * and only Cilium and the NetworkPolicy narrow it to these pods.
   * @default - every pod of the namespace
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Service account of the pods (their mesh identity).
   * @default - any service account of the namespace
   */
  readonly serviceAccount?: string;
}

/** A network peer: one of our workloads (`.ref` of a SecureDeployment, PaymentService or a cdk8s-plus workload), a namespace, or a selector. */
export type TrafficPeer = WorkloadRef | NamespaceRef | PeerSelector;

/** A port: a number (TCP) or a number and protocol. */
export type PortSpec = PortNumber | { readonly port: PortNumber; readonly protocol?: PortProtocol };

/** HTTP requests a peer may make (Istio operations; needs the mesh). */
export interface HttpMatch {
  /**
   * HTTP methods, upper case.
   * @default - any method
   */
  readonly methods?: readonly string[];
  /**
   * Paths (exact, `prefix*` or `*suffix`), starting with `/`.
   * @default - any path
   */
  readonly paths?: readonly string[];
}

/** One allowed connection with a peer. */
export interface PeerRule {
  /** The peer. */
  readonly peer: TrafficPeer;
  /**
   * Ports on the receiving side.
   * @default - every port of the receiving workload (required when the receiver is not one of our workloads)
   */
  readonly ports?: readonly PortSpec[];
  /**
   * HTTP requests allowed (OR-ed); each carries the rule's ports.
   * @default - any request on the ports
   */
  readonly http?: readonly HttpMatch[];
}

/** A peer with everything policies need, resolved. */
export interface ResolvedPeer {
  /** Namespace of the peer's pods. */
  readonly namespace: string;
  /** Pod labels (absent: the whole namespace). */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Service account (absent: any). */
  readonly serviceAccount?: string;
  /** The workload, when the peer is one of ours (reciprocal rules are emitted for it). */
  readonly workload?: WorkloadRef;
}

/** Whether `peer` is one of our workloads. */
export function isWorkloadRef(peer: unknown): peer is WorkloadRef {
  const p = peer as Partial<WorkloadRef> | undefined;
  return typeof p === 'object' && p !== null && typeof p.serviceAccountName === 'string' && typeof p.selector === 'object' && Array.isArray(p.ports);
}

/** Resolves a peer (no validation; see `checkPeer`). */
export function resolvePeer(peer: TrafficPeer): ResolvedPeer {
  if (isWorkloadRef(peer)) {
    return { namespace: peer.namespace, podLabels: peer.selector, serviceAccount: peer.serviceAccountName, workload: peer };
  }
  if (isNamespaceRef(peer)) {
    return { namespace: peer.name };
  }
  const namespace = isNamespaceRef(peer.namespace) ? peer.namespace.name : peer.namespace;
  return { namespace, podLabels: peer.podLabels, serviceAccount: peer.serviceAccount };
}

/** Checks a peer's shape, names and labels (keys and values valid, see `checkLabelMap`). */
export function checkPeer(problems: Problems, field: string, peer: unknown): void {
  if (typeof peer !== 'object' || peer === null) {
    problems.add(field, peer, 'is not a peer', 'give a workload ref (`.ref`), a namespace ref, or { namespace, podLabels?, serviceAccount? }.');
    return;
  }
  const resolved = resolvePeer(peer as TrafficPeer);
  checkDnsLabel(problems, `${field}.namespace`, resolved.namespace);
  if (resolved.serviceAccount !== undefined) checkDnsLabel(problems, `${field}.serviceAccount`, resolved.serviceAccount, 253);
  const labels = Object.entries(resolved.podLabels ?? {});
  for (const [key, value] of labels) {
    if (typeof value !== 'string') problems.add(`${field}.podLabels.${key}`, value, 'is not a string', 'label values are strings.');
  }
  // (the policies select the peer by these labels: the API server rejects a policy whose selector holds an invalid one)
  checkLabelMap(problems, `${field}.podLabels`, Object.fromEntries(labels.filter(([, value]) => typeof value === 'string')));
}

/** Normalizes ports to `{ port, protocol }`. */
export function normalizePorts(ports: readonly PortSpec[]): Array<{ port: number; protocol: PortProtocol }> {
  return ports.map((p) => (typeof p === 'number' ? { port: p, protocol: 'TCP' as const } : { port: p.port, protocol: p.protocol ?? 'TCP' }));
}

/** Checks port numbers and protocols. */
export function checkPorts(problems: Problems, field: string, ports: unknown): void {
  if (!Array.isArray(ports) || ports.length === 0) {
    problems.add(field, ports, 'must list at least one port', 'give the ports, e.g. [8080] or [{ port: 53, protocol: "UDP" }].');
    return;
  }
  ports.forEach((p, i) => {
    const port = typeof p === 'number' ? p : (p as { port?: unknown })?.port;
    checkInteger(problems, `${field}[${i}]`, port, 1, 65535);
    const protocol = typeof p === 'object' && p !== null ? (p as { protocol?: unknown }).protocol : undefined;
    if (protocol !== undefined && protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
      problems.add(`${field}[${i}].protocol`, protocol, 'is not a protocol', "use 'TCP', 'UDP' or 'SCTP'.");
    }
  });
}

/** The Cilium endpoint selector of a peer (always with the namespace label, so it also works across namespaces). */
export function ciliumPeerSelector(peer: ResolvedPeer): MatchLabels {
  const labels: Record<string, string> = { [CILIUM_NAMESPACE_LABEL]: peer.namespace };
  for (const [key, value] of Object.entries(peer.podLabels ?? {})) labels[`k8s:${key}`] = value;
  if (peer.serviceAccount !== undefined) labels[CILIUM_SERVICE_ACCOUNT_LABEL] = peer.serviceAccount;
  return { matchLabels: labels };
}

/** The standard NetworkPolicy peer (namespace by its name label; pods by labels; service accounts cannot be expressed). */
export function networkPolicyPeer(peer: ResolvedPeer): NetworkPolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } },
    podSelector: { matchLabels: { ...peer.podLabels } },
  };
}

/** The Istio `source` of a peer: its service-account principal, or its namespace when it has no single identity. */
export function istioSource(peer: ResolvedPeer, trustDomain: string): { principals?: string[]; namespaces?: string[] } {
  return peer.serviceAccount !== undefined
    ? { principals: [istioPrincipal(trustDomain, peer.namespace, peer.serviceAccount)] }
    : { namespaces: [peer.namespace] };
}
