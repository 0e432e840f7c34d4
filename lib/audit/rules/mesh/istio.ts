import { PolicyTarget, readTargetRefs, TargetRefReading, targetKey, WAYPOINT_CLASS } from './target-refs';
import { K8sObject } from '../../../core/manifest';
import { listField, objectAt, objectField, ownField, readOf, shownValue, stringAt, stringField, unlessWronglyTyped } from '../../field-types';
import { Json } from '../../pod-spec';

/**
 * Reading Istio policies. Every field is read with the readers of `field-types`, as the policy's own (`readOf`):
 * the unknown of a wrongly typed field names the policy when the rule judges another object. Where a policy
 * protects (it requires a JWT, it covers or applies to a workload), one with a field of the wrong type does not:
 * Kubernetes rejects it. Where it endangers (it overlaps and bypasses another), it is read as found.
 */

/** Istio's root namespace, where mesh-wide policies live. */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

/** `spec` of an Istio object (`{}` when absent; one of the wrong type is noted). */
export function specOf(object: K8sObject): Json {
  return readOf(object, () => objectField(object, 'spec', '') ?? {});
}

/** The `selector.matchLabels` of an Istio policy, or `undefined` when it has none (namespace-wide, also when of the wrong type: noted). */
export function istioSelector(object: K8sObject): Readonly<Record<string, unknown>> | undefined {
  return readOf(object, () => selectorLabels(objectField(objectField(specOf(object), 'selector', 'spec'), 'matchLabels', 'spec.selector'), 'spec.selector.matchLabels'));
}

/**
 * A policy's selector labels (the map at `at`): `undefined` when absent or empty; each value of another JSON type than
 * a string is noted (Kubernetes rejects the policy: the readers that decide on it treat it as one that applies to
 * nothing). A null value is not noted: it equals no pod label, so the policy selects no pod.
 */
function selectorLabels(labels: Json | undefined, at: string): Readonly<Record<string, unknown>> | undefined {
  if (labels === undefined || Object.keys(labels).length === 0) return undefined;
  for (const key of Object.keys(labels)) {
    if (typeof labels[key] !== 'string') stringAt(labels[key], at, key);
  }
  return labels;
}

/**
 * The targetRefs of an Istio policy as Istio reads them (`readTargetRefs`: `targetRefs`, else `targetRef`), with what
 * each attaches it to; ones of the wrong type are noted.
 */
export function targetRefsOf(policy: K8sObject): TargetRefReading[] {
  return readOf(policy, () => readTargetRefs(String(policy.kind), specOf(policy)));
}

/** Whether an Istio policy has `targetRefs` (gateway / waypoint attachment); ones of the wrong type are noted, and are none. */
export function hasTargetRefs(object: K8sObject): boolean {
  return targetRefsOf(object).length > 0;
}

/** What the targetRefs of an Istio policy attach it to (those that name no target left out), as read (refused or not). */
export function policyTargets(policy: K8sObject): PolicyTarget[] {
  return targetRefsOf(policy).flatMap((ref) => (ref.target === undefined ? [] : [ref.target]));
}

/**
 * Whether a policy of namespace `namespace` attached to `target` applies at every waypoint: `target` is the waypoints'
 * GatewayClass and `namespace` the root namespace `root` (from another, Istio attaches it nowhere).
 */
export function atEveryWaypoint(target: PolicyTarget, namespace: string | undefined, root: string): boolean {
  return target.kind === 'GatewayClass' && target.name === WAYPOINT_CLASS && namespace === root;
}

/**
 * Whether a policy of namespace `namespace` attached to `target` applies wherever one of namespace `otherNamespace`
 * attached to `other` does: the same target of the same namespace, or every waypoint (a policy attached to a Service
 * or ServiceEntry applies only at a waypoint).
 */
function targetCovers(target: PolicyTarget, namespace: string | undefined, other: PolicyTarget, otherNamespace: string | undefined): boolean {
  if (atEveryWaypoint(target, namespace, ISTIO_ROOT_NAMESPACE) && (other.kind === 'Service' || other.kind === 'ServiceEntry')) return true;
  return targetKey(target) === targetKey(other) && namespace === otherNamespace;
}

/**
 * Whether policies of namespaces `namespace` and `otherNamespace` attached to `target` and `other` can apply at one
 * proxy: one covers the other's (`targetCovers`), or one is at every waypoint and the other at a Gateway (which may be
 * a waypoint).
 */
function targetsMeet(target: PolicyTarget, namespace: string | undefined, other: PolicyTarget, otherNamespace: string | undefined): boolean {
  const meetsGateway = (a: PolicyTarget, ns: string | undefined, b: PolicyTarget) => atEveryWaypoint(a, ns, ISTIO_ROOT_NAMESPACE) && b.kind === 'Gateway';
  return targetCovers(target, namespace, other, otherNamespace) || targetCovers(other, otherNamespace, target, namespace)
    || meetsGateway(target, namespace, other) || meetsGateway(other, otherNamespace, target);
}

/**
 * Whether `policy` applies to every workload `target` applies to (same or root namespace, selector subset; with
 * targetRefs, each of `target`'s targets covered by one of `policy`'s: `targetCovers`). Not when either has a field
 * of the wrong type that decides it, or a targetRef Kubernetes or Istio refuses: the policy applies to nothing.
 */
export function covers(policy: K8sObject, target: K8sObject): boolean {
  const sameScope = policy.metadata.namespace === target.metadata.namespace || policy.metadata.namespace === ISTIO_ROOT_NAMESPACE;
  if (!sameScope) {
    return false;
  }
  return unlessWronglyTyped(() => {
    const own = targetRefsOf(policy);
    const others = targetRefsOf(target);
    if (own.length > 0 || others.length > 0) {
      if ([...own, ...others].some((ref) => ref.refused !== undefined)) return false;
      const targets = own.flatMap((ref) => (ref.target === undefined ? [] : [ref.target]));
      return others.length > 0 && others.every((o) => o.target !== undefined
        && targets.some((t) => targetCovers(t, policy.metadata.namespace, o.target!, target.metadata.namespace)));
    }
    const policyLabels = istioSelector(policy);
    const targetLabels = istioSelector(target) ?? {};
    return policyLabels === undefined || Object.entries(policyLabels).every(([k, v]) => targetLabels[k] === v);
  }, false);
}

/**
 * Whether two policies can select a common workload (same or root namespace, no conflicting selector label; with
 * targetRefs, targets that meet: `targetsMeet`), as their fields read (a refused targetRef too).
 */
export function overlaps(a: K8sObject, b: K8sObject): boolean {
  const root = ISTIO_ROOT_NAMESPACE;
  const sameScope = a.metadata.namespace === b.metadata.namespace || a.metadata.namespace === root || b.metadata.namespace === root;
  if (!sameScope) {
    return false;
  }
  if (hasTargetRefs(a) || hasTargetRefs(b)) {
    const others = policyTargets(b);
    return policyTargets(a).some((t) => others.some((o) => targetsMeet(t, a.metadata.namespace, o, b.metadata.namespace)));
  }
  const la = istioSelector(a) ?? {};
  const lb = istioSelector(b) ?? {};
  return Object.entries(la).every(([k, v]) => lb[k] === undefined || lb[k] === v);
}

/** An AuthorizationPolicy's action (`ALLOW` when unset, also when of the wrong type: noted). */
export function actionOf(policy: K8sObject): string {
  return readOf(policy, () => stringField(specOf(policy), 'action', 'spec') ?? 'ALLOW');
}

/** The rules of an AuthorizationPolicy (a list of the wrong type is noted and empty; an item that is no object is an empty rule). */
export function rulesOf(policy: K8sObject): Json[] {
  return readOf(policy, () => listField(specOf(policy), 'rules', 'spec').map((r, index) => objectAt(r, 'spec.rules', index) ?? {}));
}

/** The `source` blocks of a rule's `from` (the rule at `at`, for the fields of the wrong type it notes). */
export function sourcesOf(rule: Json, at: string = ''): Json[] {
  return listField(rule, 'from', at).map((f, index) => objectField(objectAt(f, `${at}.from`, index), 'source', `${at}.from[${index}]`) ?? {});
}

/** Whether the list `key` of the source at `at` is not empty; each item is read, so that one of the wrong type is noted. */
function hasPrincipals(source: Json, key: string, at: string): boolean {
  const principals = listField(source, key, at);
  principals.forEach((p, index) => stringAt(p, `${at}.${key}`, index));
  return principals.length > 0;
}

/** Whether the ALLOW rule at `at` admits only requests with a JWT principal (every source sets requestPrincipals). */
export function ruleRequiresJwt(rule: Json, at: string): boolean {
  const sources = sourcesOf(rule, at);
  return sources.length > 0 && sources.every((s, index) => hasPrincipals(s, 'requestPrincipals', `${at}.from[${index}].source`));
}

/**
 * Whether an ALLOW policy admits only requests with a JWT principal (it has rules, and every one requires it). Not
 * when a field that decides it is of the wrong type: Kubernetes rejects the policy.
 */
export function allowRequiresJwt(policy: K8sObject): boolean {
  return readOf(policy, () => unlessWronglyTyped(() => {
    const rules = rulesOf(policy);
    return actionOf(policy) === 'ALLOW' && rules.length > 0 && rules.every((r, index) => ruleRequiresJwt(r, `spec.rules[${index}]`));
  }, false));
}

/**
 * Whether a DENY policy rejects requests without a JWT principal (`notRequestPrincipals`). Not when a field that
 * decides it is of the wrong type: Kubernetes rejects the policy.
 */
export function denyWithoutJwt(policy: K8sObject): boolean {
  return readOf(policy, () => unlessWronglyTyped(() => actionOf(policy) === 'DENY' && rulesOf(policy)
    // (every source is read, so that a field of the wrong type after one that denies is noted)
    .map((r, i) => sourcesOf(r, `spec.rules[${i}]`).map((s, j) => hasPrincipals(s, 'notRequestPrincipals', `spec.rules[${i}].from[${j}].source`)))
    .some((denies) => denies.includes(true)), false));
}

/**
 * The mTLS mode of a PeerAuthentication (`UNSET` when absent). A mode of the wrong type (or an `mtls` of the wrong
 * type) is noted and shown as it is (`1`, `'STRICT'` for `mtls: STRICT`): a mode no rule accepts or refuses by name.
 */
export function mtlsModeOf(peerAuthentication: K8sObject): string {
  return readOf(peerAuthentication, () => {
    const mtls = ownField(specOf(peerAuthentication), 'mtls');
    const settings = objectAt(mtls, 'spec', 'mtls');
    if (settings === undefined) {
      return mtls === undefined || mtls === null ? 'UNSET' : shownValue(mtls);
    }
    const mode = ownField(settings, 'mode');
    if (mode === undefined || mode === null) {
      return 'UNSET';
    }
    return stringAt(mode, 'spec.mtls', 'mode') ?? shownValue(mode);
  });
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

/**
 * The policy's label selector: `selector.matchLabels`, or an EnvoyFilter's `workloadSelector.labels`; `undefined`
 * when empty (also when of the wrong type: noted).
 */
export function policySelectorLabels(policy: K8sObject): Readonly<Record<string, unknown>> | undefined {
  return readOf(policy, () => {
    const spec = specOf(policy);
    const matchLabels = objectField(objectField(spec, 'selector', 'spec'), 'matchLabels', 'spec.selector');
    return matchLabels !== undefined
      ? selectorLabels(matchLabels, 'spec.selector.matchLabels')
      : selectorLabels(objectField(objectField(spec, 'workloadSelector', 'spec'), 'labels', 'spec.workloadSelector'), 'spec.workloadSelector.labels');
  });
}

/**
 * Whether an Istio policy applies to the pods of `target`: same or root namespace, and a selector that matches
 * the pod labels (none: every pod), or targetRefs that attach it to them (`attaches`). Not when a field that decides
 * it is of the wrong type, or a targetRef is one Kubernetes or Istio refuses: the policy applies to nothing.
 */
export function appliesToPods(policy: K8sObject, target: PodTarget): boolean {
  if (policy.metadata.namespace !== target.namespace && policy.metadata.namespace !== ISTIO_ROOT_NAMESPACE) {
    return false;
  }
  return readOf(policy, () => unlessWronglyTyped(() => {
    const refs = targetRefsOf(policy);
    if (refs.length > 0) {
      return refs.every((ref) => ref.refused === undefined)
        && refs.some((ref) => ref.target !== undefined && attaches(ref.target, policy.metadata.namespace, target));
    }
    const labels = policySelectorLabels(policy);
    return labels === undefined || selectorLabelsMatch(labels, target.labels);
  }, false));
}

/**
 * Whether a policy of namespace `namespace` attached to `target` applies to pods (`pods`), as Istio attaches it
 * (istio/istio pilot/pkg/model/policyattachment.go `ShouldAttachPolicy`): to a Service of the pods' namespace that
 * selects them, to their waypoint Gateway (of their namespace), or, from the root namespace `root`, to the waypoints'
 * GatewayClass when they have a waypoint. A ServiceEntry is none of their Services.
 */
export function attaches(target: PolicyTarget, namespace: string | undefined, pods: Omit<PodTarget, 'labels'>, root: string = ISTIO_ROOT_NAMESPACE): boolean {
  switch (target.kind) {
    case 'Service': return namespace === pods.namespace && pods.services.includes(target.name);
    case 'Gateway': return namespace === pods.namespace && target.name === pods.waypoint;
    case 'GatewayClass': return atEveryWaypoint(target, namespace, root) && pods.waypoint !== undefined;
    default: return false;
  }
}

/**
 * Whether the labels of an Istio selector (`istioSelector`, `policySelectorLabels`) select pods with `podLabels`: each
 * of its pairs is among them. A pod label that is not a string meets no requirement, even one of the same wrong type
 * (both are rejected), and a selector value set to null meets none (no pod label is null).
 */
export function selectorLabelsMatch(selector: Readonly<Record<string, unknown>>, podLabels: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(selector).every(([k, v]) => typeof podLabels[k] === 'string' && podLabels[k] === v);
}
