import { MeshMode } from './profile';

/**
 * Label keys and identities that namespaces, network policies and Istio policies agree on (reference.md §3.1, §5.4).
 */

/** Namespace label keys of Pod Security admission (`<prefix><mode>` and `<prefix><mode>-version`). */
export const POD_SECURITY_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** The Pod Security admission modes a ZeroTrustNamespace sets, all to the same level and version. */
export const POD_SECURITY_MODES: readonly string[] = ['enforce', 'audit', 'warn'];

/** Istio label keys on namespaces. */
export const MESH_LABELS = {
  /** Sidecar injection with the default revision: `enabled`. */
  injection: 'istio-injection',
  /** Sidecar injection with a named revision or tag (used instead of `istio-injection`). */
  revision: 'istio.io/rev',
  /** Ambient data plane: `ambient`. */
  dataplaneMode: 'istio.io/dataplane-mode',
  /** Binds L7 processing of the namespace to a waypoint. */
  useWaypoint: 'istio.io/use-waypoint',
} as const;

/** Label the API server sets on every Namespace with its own name (standard NetworkPolicy namespace selectors use it). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Cilium's label for the namespace of an endpoint (a selector without it means "the policy's own namespace"). */
export const CILIUM_NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

/** Cilium's label for the service account of an endpoint. */
export const CILIUM_SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';


/** Every mesh mode. */
export const MESH_MODES: readonly MeshMode[] = ['sidecar', 'ambient', 'none'];

/** Whether `value` is a mesh mode. */
export function isMeshMode(value: unknown): value is MeshMode {
  return typeof value === 'string' && (MESH_MODES as readonly string[]).includes(value);
}

/** The Istio (SPIFFE) principal of a service account: `<trust domain>/ns/<namespace>/sa/<service account>`. */
export function istioPrincipal(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * A namespace as a network peer and as the home of workloads: what a ZeroTrustNamespace exposes as `.ref`.
 * Plain data, the same in the core, cdk8s and Pulumi.
 */
export interface NamespaceRef {
  /** Namespace name. */
  readonly name: string;
  /** Mesh data plane of the namespace. */
  readonly meshMode: MeshMode;
  /** Waypoint (ambient) that processes L7 traffic of the namespace, when there is one. */
  readonly waypoint?: string;
}

/** Whether `value` looks like a `NamespaceRef` (a name and a mesh mode, no `namespace` field). */
export function isNamespaceRef(value: unknown): value is NamespaceRef {
  const v = value as Partial<NamespaceRef> & { namespace?: unknown } | undefined;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && isMeshMode(v.meshMode) && v.namespace === undefined;
}
