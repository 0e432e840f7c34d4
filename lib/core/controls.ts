/**
 * The stable control ids. The core records acknowledged weakenings under these ids
 * (annotation `kube-harden.io/acknowledge.<id>`), and the audit rule with the same id checks the control.
 */

/** The area a control belongs to (also the audit's score areas). */
export type ControlArea =
  | 'pod'
  | 'image'
  | 'workload'
  | 'sandbox'
  | 'namespace'
  | 'network'
  | 'mesh'
  | 'secrets'
  | 'rbac'
  | 'supply-chain'
  | 'runtime'
  | 'dockerfile';

/** One control: what it protects, in a few words. */
export interface Control {
  /** Area the control belongs to. */
  readonly area: ControlArea;
  /** Short title. */
  readonly title: string;
}

/** Every control id the library knows, with its area and title. */
export const CONTROLS = {
  'KH-POD-001': { area: 'pod', title: 'No Windows HostProcess containers' },
  'KH-POD-002': { area: 'pod', title: 'No host namespaces (hostNetwork, hostPID, hostIPC)' },
  'KH-POD-003': { area: 'pod', title: 'No privileged containers' },
  'KH-POD-004': { area: 'pod', title: 'Only baseline capabilities may be added' },
  'KH-POD-005': { area: 'pod', title: 'No hostPath volumes' },
  'KH-POD-006': { area: 'pod', title: 'No host ports' },
  'KH-POD-007': { area: 'pod', title: 'No host field in probes or lifecycle handlers' },
  'KH-POD-008': { area: 'pod', title: 'AppArmor profile is RuntimeDefault or Localhost' },
  'KH-POD-009': { area: 'pod', title: 'SELinux options use allowed types only' },
  'KH-POD-010': { area: 'pod', title: 'procMount is Default' },
  'KH-POD-011': { area: 'pod', title: 'Seccomp profile is not Unconfined' },
  'KH-POD-012': { area: 'pod', title: 'Only safe sysctls' },
  'KH-POD-013': { area: 'pod', title: 'Only restricted volume types' },
  'KH-POD-014': { area: 'pod', title: 'allowPrivilegeEscalation is false' },
  'KH-POD-015': { area: 'pod', title: 'Containers run as non-root' },
  'KH-POD-016': { area: 'pod', title: 'runAsUser is not 0' },
  'KH-POD-017': { area: 'pod', title: 'Seccomp profile RuntimeDefault or Localhost is set' },
  'KH-POD-018': { area: 'pod', title: 'Capabilities drop ALL and add only NET_BIND_SERVICE' },
  'KH-POD-019': { area: 'pod', title: 'Read-only root filesystem' },
  'KH-POD-020': { area: 'pod', title: 'runAsGroup and fsGroup are not 0' },
  'KH-IMG-001': { area: 'image', title: "Image is not tagged 'latest'" },
  'KH-IMG-002': { area: 'image', title: 'Image has a tag or digest' },
  'KH-IMG-003': { area: 'image', title: 'Image is pinned by digest' },
  'KH-IMG-004': { area: 'image', title: 'Image comes from an allowed registry' },
  'KH-IMG-005': { area: 'image', title: 'imagePullPolicy is Always' },
  'KH-WKL-001': { area: 'workload', title: 'Resource requests and limits are set' },
  'KH-WKL-002': { area: 'workload', title: 'Liveness and readiness probes are set' },
  'KH-WKL-003': { area: 'workload', title: 'Enough replicas for the tier' },
  'KH-WKL-004': { area: 'workload', title: 'A PodDisruptionBudget protects the workload' },
  'KH-WKL-005': { area: 'workload', title: 'Pods mount no service-account token' },
  'KH-WKL-006': { area: 'workload', title: 'Workload does not use the default service account' },
  'KH-WKL-007': { area: 'workload', title: "Workload has a priority class, at least its tier's" },
  'KH-SBX-001': { area: 'sandbox', title: 'Sensitive workloads run in a sandbox runtime' },
  'KH-SBX-002': { area: 'sandbox', title: 'Runtime class is defined' },
  'KH-SBX-003': { area: 'sandbox', title: 'The mesh can capture the traffic of sandboxed pods' },
  'KH-NS-001': { area: 'namespace', title: 'Namespace enforces Pod Security restricted' },
  'KH-NS-002': { area: 'namespace', title: 'Pod Security version is pinned' },
  'KH-NET-001': { area: 'network', title: 'Pod ingress and egress are isolated by network policies' },
  'KH-NET-002': { area: 'network', title: 'Namespace denies traffic by default' },
  'KH-NET-003': { area: 'network', title: 'No unrestricted egress to the world' },
  'KH-NET-004': { area: 'network', title: 'No ingress from all namespaces' },
  'KH-MESH-001': { area: 'mesh', title: 'Namespace requires STRICT mTLS' },
  'KH-MESH-002': { area: 'mesh', title: 'No PERMISSIVE or DISABLE mTLS' },
  'KH-MESH-003': { area: 'mesh', title: 'No allow-all AuthorizationPolicy' },
  'KH-MESH-004': { area: 'mesh', title: 'RequestAuthentication is paired with a policy requiring a principal' },
  'KH-MESH-005': { area: 'mesh', title: 'JWT requirement is not bypassed by another ALLOW policy' },
  'KH-MESH-006': { area: 'mesh', title: 'Local rate limit is enabled and enforced' },
  'KH-MESH-007': { area: 'mesh', title: 'Payment workloads require a JWT' },
  'KH-MESH-008': { area: 'mesh', title: 'Payment workloads are rate limited' },
  'KH-SEC-001': { area: 'secrets', title: 'No literal secrets in environment variables' },
  'KH-SEC-002': { area: 'secrets', title: 'No private keys in ConfigMaps' },
  'KH-RBAC-001': { area: 'rbac', title: 'No wildcard RBAC rules' },
  'KH-RBAC-002': { area: 'rbac', title: 'No cluster-admin bindings' },
  'KH-RBAC-003': { area: 'rbac', title: 'No pods/exec permission' },
  'KH-RBAC-004': { area: 'rbac', title: 'No cluster-wide secret read' },
  'KH-SUP-001': { area: 'supply-chain', title: 'Image signatures are verified at admission' },
  'KH-SUP-002': { area: 'supply-chain', title: 'Payment workloads require signature verification' },
  'KH-SUP-003': { area: 'supply-chain', title: 'Image admission refuses critical vulnerabilities' },
  'KH-RUN-001': { area: 'runtime', title: 'Payment workloads have an enforced exec allow-list' },
  'KH-RUN-002': { area: 'runtime', title: 'Runtime exec monitoring covers the namespace' },
  'KH-DKR-001': { area: 'dockerfile', title: 'Base image is pinned (no latest, tagged, digest)' },
  'KH-DKR-002': { area: 'dockerfile', title: 'Final stage runs as a non-root USER' },
  'KH-DKR-003': { area: 'dockerfile', title: 'Final stage has few layers' },
  'KH-DKR-004': { area: 'dockerfile', title: 'Package installs pin versions and clean caches' },
  'KH-DKR-005': { area: 'dockerfile', title: 'No ADD from a URL' },
  'KH-DKR-006': { area: 'dockerfile', title: 'No secrets in ENV or ARG' },
  'KH-DKR-007': { area: 'dockerfile', title: 'Compilers are not shipped in a single-stage build' },
} as const satisfies Record<string, Control>;

/** A known control id. */
export type ControlId = keyof typeof CONTROLS;

/** Prefix of the annotation that records an acknowledged weakening: `kube-harden.io/acknowledge.<control-id>`. */
export const ACKNOWLEDGE_ANNOTATION_PREFIX = 'kube-harden.io/acknowledge.';

/** The annotation key that acknowledges `id`. */
export function acknowledgeAnnotation(id: ControlId): string {
  return `${ACKNOWLEDGE_ANNOTATION_PREFIX}${id}`;
}

/** Whether `id` is a known control id. */
export function isControlId(id: string): id is ControlId {
  return Object.prototype.hasOwnProperty.call(CONTROLS, id);
}
