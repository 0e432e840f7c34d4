import { K8sObject } from '../../../core/manifest';
import { parseCidr } from '../../../core/values';
import { asArray, asObject, Json } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { isEmptySelector, Labels, SelectorIndex, selectorMatches } from '../../selector';

/** Kinds that hold network policy. */
export const NETWORK_POLICY_KINDS: readonly string[] = ['NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'];

/** The label Cilium gives every endpoint with its namespace. */
export const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';

/** A traffic direction. */
export type Direction = 'ingress' | 'egress';

/** One policy rule set: a NetworkPolicy spec, or one Cilium rule (`spec` or an entry of `specs`). */
export interface PolicySpec {
  /** The object holding it. */
  readonly object: K8sObject;
  /** The spec. */
  readonly spec: Json;
  /** Dotted path of the spec. */
  readonly path: string;
}

/** The rule sets of a network policy object (Cilium may carry `spec` and `specs[]`). */
export function policySpecs(object: K8sObject): PolicySpec[] {
  if (object.kind === 'NetworkPolicy') {
    return [{ object, spec: asObject(object.spec) ?? {}, path: 'spec' }];
  }
  const out: PolicySpec[] = [];
  const single = asObject(object.spec);
  if (single) {
    out.push({ object, spec: single, path: 'spec' });
  }
  asArray(object.specs).forEach((s, i) => out.push({ object, spec: asObject(s) ?? {}, path: `specs[${i}]` }));
  return out;
}

/** Objects of `kind` whose namespace is exactly `namespace` (undefined matches only namespace-less objects). */
export function inNamespace(context: AuditContext, kind: string, namespace: string | undefined): readonly K8sObject[] {
  return namespace === undefined
    ? context.objectsOfKind(kind).filter((o) => o.metadata?.namespace === undefined)
    : context.objectsOfKind(kind, namespace);
}

/** Every policy rule set that applies in `namespace`: its NetworkPolicies and CNPs, and every CCNP. Computed once per audit. */
export function policySpecsFor(context: AuditContext, namespace: string | undefined): PolicySpec[] {
  let byNamespace = policySpecCache.get(context);
  if (!byNamespace) {
    byNamespace = new Map();
    policySpecCache.set(context, byNamespace);
  }
  let specs = byNamespace.get(namespace);
  if (!specs) {
    specs = [
      ...inNamespace(context, 'NetworkPolicy', namespace),
      ...inNamespace(context, 'CiliumNetworkPolicy', namespace),
      ...context.objectsOfKind('CiliumClusterwideNetworkPolicy'),
    ].flatMap(policySpecs);
    byNamespace.set(namespace, specs);
  }
  return specs;
}

const policySpecCache = new WeakMap<AuditContext, Map<string | undefined, PolicySpec[]>>();

/** The pod selector of a rule set (`podSelector` or `endpointSelector`). */
export function policySelector(p: PolicySpec): unknown {
  return p.object.kind === 'NetworkPolicy' ? p.spec.podSelector : p.spec.endpointSelector;
}

/**
 * Whether rule set `p` selects pods with `labels`; `withNamespace` is `labels` with the label Cilium gives every
 * endpoint with its namespace (`labels` itself for namespace-less pods), against which Cilium rules select.
 */
export function selectsPod(p: PolicySpec, labels: Labels, withNamespace: Labels): boolean {
  return selectorMatches(policySelector(p), p.object.kind === 'NetworkPolicy' ? labels : withNamespace);
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
  const lookup = namespace === undefined ? labels : { ...labels, [CILIUM_NAMESPACE_LABEL]: namespace };
  return index.selecting(labels, lookup);
}

const selectingIndexCache = new WeakMap<AuditContext, Map<string | undefined, SelectorIndex<PolicySpec>>>();

/** Whether a NetworkPolicy rule (ingress or egress entry) allows every peer on every port. */
function allowsEverything(rule: Json, peers: string): boolean {
  return asArray(rule[peers]).length === 0 && asArray(rule.ports).length === 0;
}

/**
 * Whether rule set `p` isolates the pods it selects in `direction`, i.e. only traffic some policy allows passes.
 * NetworkPolicy: `direction` is among its `policyTypes` (when unset: Ingress always, Egress when it has egress
 * rules). Cilium: the rule has a section for `direction` (`ingress`/`ingressDeny`, `egress`/`egressDeny`), or
 * `enableDefaultDeny` turns it on; `enableDefaultDeny: false` turns it off.
 */
export function isolates(p: PolicySpec, direction: Direction): boolean {
  if (p.object.kind === 'NetworkPolicy') {
    const declared = asArray(p.spec.policyTypes).map(String);
    const types = declared.length > 0 ? declared : ['Ingress', ...(p.spec.egress !== undefined ? ['Egress'] : [])];
    return types.includes(direction === 'ingress' ? 'Ingress' : 'Egress');
  }
  return ciliumIsolates(p.spec, direction);
}

/**
 * Whether a Cilium rule `spec` puts the endpoints it selects in default deny for `direction`: `enableDefaultDeny`
 * when it says so, else whether it has a section for `direction` (`ingress`/`ingressDeny`, `egress`/`egressDeny`).
 */
export function ciliumIsolates(spec: Json, direction: Direction): boolean {
  const explicit = asObject(spec.enableDefaultDeny)?.[direction];
  if (typeof explicit === 'boolean') {
    return explicit;
  }
  return asArray(spec[direction]).length > 0 || asArray(spec[`${direction}Deny`]).length > 0;
}

/**
 * Whether rule set `p` selects every pod it can and puts them into default deny for `direction`
 * without an allow-everything rule.
 */
export function isDefaultDeny(p: PolicySpec, direction: Direction): boolean {
  if (!isEmptySelector(policySelector(p)) || !isolates(p, direction)) {
    return false;
  }
  const peers = direction === 'ingress' ? 'from' : 'to';
  return p.object.kind !== 'NetworkPolicy' || !asArray(p.spec[direction]).some((r) => allowsEverything(asObject(r) ?? {}, peers));
}

/** Whether a CIDR means "anywhere". */
export function isWorldCidr(cidr: unknown): boolean {
  return parseCidr(cidr)?.prefix === 0;
}
