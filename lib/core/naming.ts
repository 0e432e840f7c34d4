/** The label keys of the Kubernetes recommended label set. */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  version: 'app.kubernetes.io/version',
} as const;

/** Value of `app.kubernetes.io/managed-by` on every object the library emits. */
export const MANAGED_BY = 'kube-harden';

/**
 * The names of a ZeroTrustNamespace's policies in its namespace: its default deny (a NetworkPolicy and a
 * CiliumNetworkPolicy) and its Istio deny-all AuthorizationPolicy.
 */
export const NAMESPACE_POLICY_NAMES = { defaultDeny: 'default-deny', allowNothing: 'allow-nothing' } as const;

/**
 * Workload names that are refused, each with the ZeroTrustNamespace policies it would replace. A workload emits a
 * NetworkPolicy, a CiliumNetworkPolicy and an AuthorizationPolicy of its own name in its namespace; applied after its
 * namespace's policy of that kind and name (`kubectl apply` keeps the last object of a key), it replaces that policy,
 * unseen when the two are synthesized by separate apps or stacks.
 */
export const RESERVED_WORKLOAD_NAMES: ReadonlyMap<string, string> = new Map([
  [NAMESPACE_POLICY_NAMES.defaultDeny, "the namespace's default-deny NetworkPolicy and CiliumNetworkPolicy"],
  [NAMESPACE_POLICY_NAMES.allowNothing, "the namespace's allow-nothing AuthorizationPolicy (Istio deny-all)"],
]);

/** What the recommended labels of a workload are derived from. */
export interface WorkloadIdentity {
  /** The workload's own name (= its Deployment's `metadata.name` = `app.kubernetes.io/instance`). */
  readonly name: string;
  /** Application name (`app.kubernetes.io/name`); the workload name when absent. */
  readonly appName?: string;
  /** Component (`app.kubernetes.io/component`), e.g. `api`. */
  readonly component?: string;
  /** Higher-level application (`app.kubernetes.io/part-of`), e.g. `payment-platform`. */
  readonly partOf?: string;
  /** Version (`app.kubernetes.io/version`); usually the image tag. */
  readonly version?: string;
}

/** The labels that select a workload's pods: name and instance. Stable across versions. */
export function selectorLabels(id: WorkloadIdentity): Record<string, string> {
  return {
    [LABELS.name]: id.appName ?? id.name,
    [LABELS.instance]: id.name,
  };
}

/** The full recommended label set of a workload, merged over `common` labels (the workload's own win). */
export function workloadLabels(id: WorkloadIdentity, common: Readonly<Record<string, string>> = {}): Record<string, string> {
  const labels: Record<string, string> = { ...common, ...selectorLabels(id), [LABELS.managedBy]: MANAGED_BY };
  if (id.component !== undefined) labels[LABELS.component] = id.component;
  if (id.partOf !== undefined) labels[LABELS.partOf] = id.partOf;
  if (id.version !== undefined) labels[LABELS.version] = sanitizeLabelValue(id.version);
  return labels;
}

/** Makes `value` a valid label value: at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends. */
export function sanitizeLabelValue(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** The context an adapter passes to the core: the chart's (or stack's) default namespace and common labels. */
export interface RenderContext {
  /** Namespace for namespaced objects whose intent names none. */
  readonly namespace?: string;
  /** Labels added to every object (object labels win). */
  readonly labels?: Readonly<Record<string, string>>;
}
