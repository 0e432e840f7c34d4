import { K8sObject } from '../core/manifest';

/**
 * Which object a kind name means. Several API groups serve kinds of the same name (Calico's `NetworkPolicy`, NVIDIA's
 * `ClusterPolicy`, OpenShift's `ClusterImagePolicy`, Knative's `Service`...), so the audit reads an object as one of
 * the kinds it knows only when its `apiVersion` names a group of that kind, at any version (`apps/v1beta2` is still
 * `apps`: the version decides whether a cluster serves the object, not what it means). An object of another group is
 * a kind of its own that no rule of the name reads (`otherGroupKind`); one with a pod template is still judged by the
 * rules of every workload kind, as any custom kind that carries one.
 */

/**
 * The API groups of every kind the audit (its rules, `kube-harden reach`, the compliance report) reads, `''` for the
 * core group (apiVersion `v1`). `extensions` is listed for the four kinds it served until Kubernetes 1.16: the same
 * objects under an older name, judged as they are today.
 */
export const KIND_GROUPS: Readonly<Record<string, readonly string[]>> = {
  // the core group (apiVersion `v1`)
  Pod: [''],
  ReplicationController: [''],
  Service: [''],
  Namespace: [''],
  ServiceAccount: [''],
  ConfigMap: [''],
  // apps/v1 (v1beta1, v1beta2 before 1.16); extensions/v1beta1 before 1.16
  Deployment: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  // batch/v1 (CronJob batch/v1beta1 before 1.25)
  Job: ['batch'],
  CronJob: ['batch'],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  Role: ['rbac.authorization.k8s.io'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
  PodDisruptionBudget: ['policy'],
  HorizontalPodAutoscaler: ['autoscaling'],
  PriorityClass: ['scheduling.k8s.io'],
  RuntimeClass: ['node.k8s.io'],
  // Cilium cilium.io/v2; Tetragon cilium.io/v1alpha1
  CiliumNetworkPolicy: ['cilium.io'],
  CiliumClusterwideNetworkPolicy: ['cilium.io'],
  TracingPolicy: ['cilium.io'],
  TracingPolicyNamespaced: ['cilium.io'],
  // Istio security.istio.io/v1 (v1beta1); networking.istio.io/v1alpha3
  PeerAuthentication: ['security.istio.io'],
  AuthorizationPolicy: ['security.istio.io'],
  RequestAuthentication: ['security.istio.io'],
  EnvoyFilter: ['networking.istio.io'],
  // Kyverno kyverno.io/v1 (v2beta1); Sigstore policy-controller policy.sigstore.dev/v1beta1 (v1alpha1)
  ClusterPolicy: ['kyverno.io'],
  Policy: ['kyverno.io'],
  ClusterImagePolicy: ['policy.sigstore.dev'],
};

/**
 * The kind the audit reads an object of kind `kind` from another API group than `KIND_GROUPS` lists for it as: a name
 * no Kubernetes kind has (kinds have no spaces), so that no rule of `kind` reads it.
 */
export function otherGroupKind(kind: string): string {
  return `${kind} (another API group)`;
}

/** Per kind of `KIND_GROUPS`: the start of its apiVersions (`apps/`; `undefined` for the core group), and `otherGroupKind`. */
const KNOWN = new Map(Object.entries(KIND_GROUPS).map(([kind, groups]) => [kind, {
  prefixes: groups.map((group) => (group === '' ? undefined : `${group}/`)),
  other: otherGroupKind(kind),
}]));

/**
 * The kind the audit reads an object of `kind` and `apiVersion` as: `kind`, unless `kind` is one of `KIND_GROUPS` and
 * `apiVersion` names another group (`otherGroupKind(kind)`). An apiVersion that is absent or not a string (Kubernetes
 * rejects the object) names no group: the object is read as its kind (judged, not skipped). Costs a lookup and a
 * prefix comparison or two: no string is made.
 */
export function auditedKind(kind: string, apiVersion: unknown): string {
  const known = KNOWN.get(kind);
  if (known === undefined || typeof apiVersion !== 'string') return kind;
  const prefixes = known.prefixes;
  for (let i = 0; i < prefixes.length; i++) {
    const prefix = prefixes[i];
    if (prefix === undefined ? !apiVersion.includes('/') : apiVersion.startsWith(prefix)) return kind;
  }
  return known.other;
}

/** Whether the audit reads `object` as `kind` (`auditedKind`): an NVIDIA `nvidia.com` ClusterPolicy is no (Kyverno) ClusterPolicy. */
export function isKind(object: K8sObject, kind: string): boolean {
  return object.kind === kind && auditedKind(kind, object.apiVersion) === kind;
}

/** The API groups of `kind` (of `KIND_GROUPS`) as text, e.g. `networking.k8s.io or extensions`, `the core group (v1)`. */
export function groupsText(kind: string): string {
  return (Object.hasOwn(KIND_GROUPS, kind) ? KIND_GROUPS[kind] : []).map((group) => (group === '' ? 'the core group (v1)' : group)).join(' or ');
}
