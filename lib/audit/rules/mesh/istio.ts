import { K8sObject } from '../../../core/manifest';
import { asArray, asObject, Json } from '../../pod-spec';

/** Istio's root namespace, where mesh-wide policies live. */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

/** `spec` of an Istio object (`{}` when absent). */
export function specOf(object: K8sObject): Json {
  return asObject(object.spec) ?? {};
}

/** The `selector.matchLabels` of an Istio policy, or `undefined` when it has none (namespace-wide). */
export function istioSelector(object: K8sObject): Readonly<Record<string, unknown>> | undefined {
  const labels = asObject(asObject(specOf(object).selector)?.matchLabels);
  return labels === undefined || Object.keys(labels).length === 0 ? undefined : labels;
}

/** Whether an Istio policy has `targetRefs` (gateway / waypoint attachment). */
export function hasTargetRefs(object: K8sObject): boolean {
  return asArray(specOf(object).targetRefs).length > 0 || asObject(specOf(object).targetRef) !== undefined;
}

/** Whether `policy` applies to every workload `target` applies to (same or root namespace, selector subset). */
export function covers(policy: K8sObject, target: K8sObject): boolean {
  const sameScope = policy.metadata.namespace === target.metadata.namespace || policy.metadata.namespace === ISTIO_ROOT_NAMESPACE;
  if (!sameScope) {
    return false;
  }
  if (hasTargetRefs(policy) || hasTargetRefs(target)) {
    return JSON.stringify(specOf(policy).targetRefs ?? null) === JSON.stringify(specOf(target).targetRefs ?? null);
  }
  const policyLabels = istioSelector(policy);
  const targetLabels = istioSelector(target) ?? {};
  return policyLabels === undefined || Object.entries(policyLabels).every(([k, v]) => targetLabels[k] === v);
}

/** Whether two policies can select a common workload (same or root namespace, no conflicting selector label). */
export function overlaps(a: K8sObject, b: K8sObject): boolean {
  const root = ISTIO_ROOT_NAMESPACE;
  const sameScope = a.metadata.namespace === b.metadata.namespace || a.metadata.namespace === root || b.metadata.namespace === root;
  if (!sameScope) {
    return false;
  }
  if (hasTargetRefs(a) || hasTargetRefs(b)) {
    return JSON.stringify(specOf(a).targetRefs ?? null) === JSON.stringify(specOf(b).targetRefs ?? null);
  }
  const la = istioSelector(a) ?? {};
  const lb = istioSelector(b) ?? {};
  return Object.entries(la).every(([k, v]) => lb[k] === undefined || lb[k] === v);
}

/** An AuthorizationPolicy's action (`ALLOW` when unset). */
export function actionOf(policy: K8sObject): string {
  return typeof specOf(policy).action === 'string' ? String(specOf(policy).action) : 'ALLOW';
}

/** The rules of an AuthorizationPolicy. */
export function rulesOf(policy: K8sObject): Json[] {
  return asArray(specOf(policy).rules).map((r) => asObject(r) ?? {});
}

/** The `source` blocks of a rule's `from`. */
export function sourcesOf(rule: Json): Json[] {
  return asArray(rule.from).map((f) => asObject(asObject(f)?.source) ?? {});
}

/** Whether an ALLOW rule admits only requests with a JWT principal (every source sets requestPrincipals). */
export function ruleRequiresJwt(rule: Json): boolean {
  const sources = sourcesOf(rule);
  return sources.length > 0 && sources.every((s) => asArray(s.requestPrincipals).length > 0);
}

/** Whether an ALLOW policy admits only requests with a JWT principal (it has rules, and every one requires it). */
export function allowRequiresJwt(policy: K8sObject): boolean {
  const rules = rulesOf(policy);
  return actionOf(policy) === 'ALLOW' && rules.length > 0 && rules.every(ruleRequiresJwt);
}

/** Whether a DENY policy rejects requests without a JWT principal (`notRequestPrincipals`). */
export function denyWithoutJwt(policy: K8sObject): boolean {
  return actionOf(policy) === 'DENY' && rulesOf(policy).some((r) => sourcesOf(r).some((s) => asArray(s.notRequestPrincipals).length > 0));
}

/** The mTLS mode of a PeerAuthentication (`UNSET` when absent). */
export function mtlsModeOf(peerAuthentication: K8sObject): string {
  const mode = asObject(specOf(peerAuthentication).mtls)?.mode;
  return typeof mode === 'string' ? mode : 'UNSET';
}

/** Label that binds pods (or a whole namespace) to a waypoint proxy in ambient mode. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';

/** Where a workload's pods are, for matching Istio policies to them. */
export interface PodTarget {
  /** Namespace. */
  readonly namespace: string | undefined;
  /** Pod labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** Names of the Services in the audit that select the pods. */
  readonly services: readonly string[];
  /** The waypoint serving the pods (pod label, else namespace label), if any. */
  readonly waypoint?: string;
}

/** The policy's label selector: `selector.matchLabels`, or an EnvoyFilter's `workloadSelector.labels`; `undefined` when empty. */
export function policySelectorLabels(policy: K8sObject): Readonly<Record<string, unknown>> | undefined {
  const spec = specOf(policy);
  const labels = asObject(asObject(spec.selector)?.matchLabels) ?? asObject(asObject(spec.workloadSelector)?.labels);
  return labels === undefined || Object.keys(labels).length === 0 ? undefined : labels;
}

/**
 * Whether an Istio policy applies to the pods of `target`: same or root namespace, and a selector that matches
 * the pod labels (none: every pod), or `targetRefs` naming one of their Services or their waypoint Gateway.
 */
export function appliesToPods(policy: K8sObject, target: PodTarget): boolean {
  if (policy.metadata.namespace !== target.namespace && policy.metadata.namespace !== ISTIO_ROOT_NAMESPACE) {
    return false;
  }
  if (hasTargetRefs(policy)) {
    return asArray(specOf(policy).targetRefs).map((r) => asObject(r) ?? {}).some((ref) =>
      (ref.kind === 'Service' && target.services.includes(String(ref.name)))
      || (ref.kind === 'Gateway' && ref.name === target.waypoint));
  }
  const labels = policySelectorLabels(policy);
  return labels === undefined || Object.entries(labels).every(([k, v]) => target.labels[k] === v);
}
