import { nullRuleSets, validateCiliumRuleSet } from './cilium-policy-validation';
import { validateNetworkPolicySpec } from './network-policy-validation';
import { K8sObject } from '../../../core/manifest';
import { perAudit } from '../../context';
import { booleanField, listField, objectAt, objectField, ownField, Reading, readOf, readOnce, unlessWronglyTyped, unnoted } from '../../field-types';
import { Json } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { isEmptySelector, Labels, SelectorIndex, selectorMatches, UNSELECTABLE_LABELS } from '../../selector';

/** Kinds that hold network policy. */
export const NETWORK_POLICY_KINDS: readonly string[] = ['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];

/** The label Cilium gives every endpoint with its namespace. */
export const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/** A traffic direction. */
export type Direction = 'ingress' | 'egress';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/** One policy rule set: a NetworkPolicy spec, or one Cilium rule (`spec` or an entry of `specs`). */
export interface PolicySpec {
  /** The object holding it. */
  readonly object: K8sObject;
  /** The spec. */
  readonly spec: Json;
  /** Dotted path of the spec. */
  readonly path: string;
}

/**
 * The rule sets of a network policy object (Cilium may carry `spec` and `specs[]`); a `spec` or `specs` (or an item of
 * it) of the wrong type is noted. An item of `specs` that is not an object, null too, is no rule set: the API server
 * rejects the policy for it (see `rejection`).
 */
export function policySpecs(object: K8sObject): PolicySpec[] {
  if (object.kind === 'NetworkPolicy') {
    return [{ object, spec: objectField(object, 'spec', '') ?? {}, path: 'spec' }];
  }
  const out: PolicySpec[] = [];
  const single = objectField(object, 'spec', '');
  if (single) {
    out.push({ object, spec: single, path: 'spec' });
  }
  listField(object, 'specs', '').forEach((s, i) => {
    const spec = objectAt(s, 'specs', i);
    if (spec) out.push({ object, spec, path: `specs[${i}]` });
  });
  return out;
}

/** Objects of `kind` whose namespace is exactly `namespace` (undefined matches only namespace-less objects). */
export function inNamespace(context: AuditContext, kind: string, namespace: string | undefined): readonly K8sObject[] {
  return namespace === undefined
    ? context.objectsOfKind(kind).filter((o) => o.metadata?.namespace === undefined)
    : context.objectsOfKind(kind, namespace);
}

/**
 * Every policy rule set that applies in `namespace`: its NetworkPolicies and CNPs, and every CCNP. Computed once per
 * audit, outside any rule's reading: a `spec` or `specs` of the wrong type hides rule sets here, and the policy's
 * other rule sets isolate nothing (see `isolates`).
 */
export function policySpecsFor(context: AuditContext, namespace: string | undefined): PolicySpec[] {
  let byNamespace = policySpecCache.get(context);
  if (!byNamespace) {
    byNamespace = new Map();
    policySpecCache.set(context, byNamespace);
  }
  let specs = byNamespace.get(namespace);
  if (!specs) {
    const policies = [
      ...inNamespace(context, 'NetworkPolicy', namespace),
      ...inNamespace(context, 'CiliumNetworkPolicy', namespace),
      ...context.objectsOfKind('CiliumClusterwideNetworkPolicy'),
    ];
    specs = unnoted(() => policies.flatMap(policySpecs));
    byNamespace.set(namespace, specs);
  }
  return specs;
}

const policySpecCache = new WeakMap<AuditContext, Map<string | undefined, PolicySpec[]>>();

/** The empty label selector: it selects every pod. */
const EVERY_POD = Object.freeze({});

/**
 * The pod selector of a rule set (`podSelector` or `endpointSelector`). A NetworkPolicy's `podSelector` is optional,
 * and absent or null it is the empty selector (every pod of the namespace): Kubernetes decodes it into a
 * `LabelSelector` value, not a pointer, which neither defaulting nor validation sets or requires.
 */
export function policySelector(p: PolicySpec): unknown {
  return p.object.kind === 'NetworkPolicy' ? ownField(p.spec, 'podSelector') ?? EVERY_POD : p.spec.endpointSelector;
}

/** The path of the pod selector of a rule set. */
function policySelectorPath(p: PolicySpec): string {
  return `${p.path}.${p.object.kind === 'NetworkPolicy' ? 'podSelector' : 'endpointSelector'}`;
}

/**
 * Whether rule set `p` selects pods with `labels`; `withNamespace` is `labels` with the label Cilium gives every
 * endpoint with its namespace (`labels` itself for namespace-less pods), against which Cilium rules select. A
 * selector with a field of the wrong type selects nothing, and the field is noted as the policy's.
 */
export function selectsPod(p: PolicySpec, labels: Labels, withNamespace: Labels): boolean {
  return readOf(p.object, () => selectorMatches(policySelector(p), p.object.kind === 'NetworkPolicy' ? labels : withNamespace, policySelectorPath(p)));
}

/** The rule sets that select pods with `labels` in `namespace`, looked up in an index built once per audit and namespace. */
export function specsSelectingPod(context: AuditContext, labels: Labels, namespace: string | undefined): PolicySpec[] {
  let byNamespace = selectingIndexCache.get(context);
  if (!byNamespace) {
    byNamespace = new Map();
    selectingIndexCache.set(context, byNamespace);
  }
  let index = byNamespace.get(namespace);
  if (!index) {
    index = new SelectorIndex(policySpecsFor(context, namespace), policySelector, selectsPod);
    byNamespace.set(namespace, index);
  }
  // (labels no selector selects stay so: Cilium's namespace label is not added to them)
  const lookup = namespace === undefined || labels === UNSELECTABLE_LABELS ? labels : { ...labels, [CILIUM_NAMESPACE_LABEL]: namespace };
  return index.selecting(labels, lookup);
}

const selectingIndexCache = new WeakMap<AuditContext, Map<string | undefined, SelectorIndex<PolicySpec>>>();

/** Whether a NetworkPolicy rule (ingress or egress entry, at `at`) allows every peer on every port. */
function allowsEverything(rule: Json, peers: string, at: string): boolean {
  return listField(rule, peers, at).length === 0 && listField(rule, 'ports', at).length === 0;
}

/**
 * Whether rule set `p` isolates the pods it selects in `direction`, i.e. only traffic some policy allows passes.
 * NetworkPolicy: `direction` is among its `policyTypes` (when unset: Ingress always, Egress when it has egress
 * rules, as Kubernetes defaults it). Cilium: the rule has a section for `direction` (`ingress`/`ingressDeny`,
 * `egress`/`egressDeny`), or `enableDefaultDeny` turns it on; `enableDefaultDeny: false` turns it off. No rule set
 * of a policy that Kubernetes (or Cilium) rejects isolates (see `rejection`).
 */
export function isolates(p: PolicySpec, direction: Direction, context: AuditContext): boolean {
  return !rejected(p.object, context) && directionIsolated(p, direction);
}

/** Per audit: why each policy object is rejected (`rejection`), with the wrongly typed fields read to decide it. */
const isolationFacts = perAudit(() => new WeakMap<K8sObject, Reading<readonly string[] | undefined>>());

/** The reasons of a policy rejected only for fields of the wrong type (each is an unknown of its own). */
const WRONGLY_TYPED: readonly string[] = Object.freeze([]);

/** Whether Kubernetes (or, for a Cilium policy it stores, Cilium) rejects policy `object` as a whole (see `rejection`). */
function rejected(object: K8sObject, context: AuditContext): boolean {
  return rejection(object, context) !== undefined;
}

/**
 * Why Kubernetes (or, for a Cilium policy it stores, Cilium) rejects policy `object` as a whole, for a field that its
 * isolation reads in any of its rule sets, for either direction, or `undefined` when neither does: its invalid values,
 * each as `<path> <what>` (`spec.policyTypes[1] is '', not Ingress or Egress`; see `validateNetworkPolicySpec` and
 * `validateCiliumRuleSet`, and `nullRuleSets`), or none when its only faults are fields of the wrong type (`spec`,
 * `specs` or an item of it; `policyTypes` or an item of it; `enableDefaultDeny`; the pod, endpoint or node selector;
 * the rule sections and their rules' fields). Read once per audit; each call notes the wrongly typed fields as the
 * policy's.
 */
export function rejection(object: K8sObject, context: AuditContext): readonly string[] | undefined {
  return readOf(object, () => readOnce(isolationFacts(context), object, () => unlessWronglyTyped(() => {
    const reasons: string[] = [];
    for (const p of policySpecs(object)) {
      DIRECTIONS.forEach((d) => directionIsolated(p, d));
      if (p.object.kind === 'NetworkPolicy') validateNetworkPolicySpec(p, reasons);
      else validateCiliumRuleSet(p, reasons);
    }
    if (object.kind !== 'NetworkPolicy') nullRuleSets(object, reasons);
    return reasons.length > 0 ? reasons : undefined;
  }, WRONGLY_TYPED), object));
}

/**
 * What a finding says of the policies among `objects` that are rejected for an invalid value (see `rejection`; one of
 * the wrong type is an unknown of its own), each with its first reason:
 * `; NetworkPolicy api isolates nothing, as the cluster rejects it (spec.policyTypes[1] is '', not Ingress or Egress)`,
 * or `''` when none is.
 */
export function rejectionNote(objects: readonly K8sObject[], context: AuditContext): string {
  return [...new Set(objects)].map((object) => {
    const reasons = rejection(object, context) ?? WRONGLY_TYPED;
    if (reasons.length === 0) return '';
    const more = reasons.length > 1 ? `, and ${reasons.length - 1} more` : '';
    return `; ${object.kind} ${String(object.metadata?.name ?? '')} isolates nothing, as the cluster rejects it (${reasons[0]}${more})`;
  }).join('');
}

/** Whether rule set `p` isolates in `direction`, as its fields read (see `isolates`); it notes those of the wrong type. */
function directionIsolated(p: PolicySpec, direction: Direction): boolean {
  if (p.object.kind !== 'NetworkPolicy') {
    return ciliumIsolates(p.spec, direction, p.path);
  }
  const declared = listField(p.spec, 'policyTypes', p.path);
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  if (declared.length === 0) {
    return type === 'Ingress' || listField(p.spec, 'egress', p.path).length > 0;
  }
  // (the items are read by `validateNetworkPolicySpec`)
  return declared.includes(type);
}

/**
 * Whether a Cilium rule `spec` (at `at`) puts the endpoints it selects in default deny for `direction`:
 * `enableDefaultDeny` when it says so, else whether it has a section for `direction` (`ingress`/`ingressDeny`,
 * `egress`/`egressDeny`). Fields of the wrong type are noted (see `isolates`).
 */
export function ciliumIsolates(spec: Json, direction: Direction, at: string = 'spec'): boolean {
  const explicit = objectField(spec, 'enableDefaultDeny', at);
  const enabled = explicit === undefined ? undefined : booleanField(explicit, direction, `${at}.enableDefaultDeny`);
  const sections = listField(spec, direction, at).length > 0 || listField(spec, `${direction}Deny`, at).length > 0;
  return enabled ?? sections;
}

/**
 * Whether rule set `p` selects every pod it can and puts them into default deny for `direction` without an
 * allow-everything rule. A pod selector with a field of the wrong type selects none (noted as the policy's), and no
 * rule set of a policy that Kubernetes (or Cilium) rejects denies (see `isolates`).
 */
export function isDefaultDeny(p: PolicySpec, direction: Direction, context: AuditContext): boolean {
  if (!selectsEveryPod(p) || !isolates(p, direction, context)) {
    return false;
  }
  // (the rules read here are of a policy that is not rejected: none of their fields is of the wrong type)
  const peers = direction === 'ingress' ? 'from' : 'to';
  const at = `${p.path}.${direction}`;
  return p.object.kind !== 'NetworkPolicy' || !listField(p.spec, direction, p.path)
    .some((r, index) => allowsEverything(objectAt(r, at, index) ?? {}, peers, `${at}[${index}]`));
}

/**
 * Whether rule set `p` has an empty pod selector: it selects every pod it can (of its namespace; a clusterwide Cilium
 * policy's, of every namespace). A selector with a field of the wrong type selects none, and the field is noted as the
 * policy's.
 */
export function selectsEveryPod(p: PolicySpec): boolean {
  return readOf(p.object, () => isEmptySelector(policySelector(p), policySelectorPath(p)));
}

