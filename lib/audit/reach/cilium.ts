import { CILIUM_SERVICE_ACCOUNT_LABEL } from '../../core/mesh';
import { Json, asArray, asObject } from '../pod-spec';
import { Labels, UNSELECTABLE_LABELS, selectorMatches, stripSource } from '../selector';
import { Workload, PolicyObject } from './model';
import { PortQuery, rulePortAllows } from './ports';
import { isSet } from './reading';
import { CILIUM_NAMESPACE_LABEL, Direction } from '../rules/network/policies';

/**
 * CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy semantics (cilium `pkg/policy/api` rule.go, ingress.go,
 * egress.go, entity.go, l4.go; docs "Layer 3/4 policy", "Deny policies"):
 * - a namespaced policy selects endpoints of its namespace only, and its endpoint selectors without a namespace
 *   label select the policy's namespace; a clusterwide policy is not scoped;
 * - `enableDefaultDeny.<dir>` defaults to true when the policy has `<dir>` or `<dir>Deny` rules; an endpoint is in
 *   default deny in a direction when any selecting policy (or NetworkPolicy) puts it there;
 * - a rule with `toPorts` and no peer field allows every peer on those ports; an empty rule allows nothing;
 * - deny rules win over every allow, NetworkPolicy allows included.
 */

const labelCache = new WeakMap<Workload, Labels>();

/**
 * Cilium's labels of a pod: its labels plus namespace, service account, cluster and namespace labels; none at all
 * (`UNSELECTABLE_LABELS`, which no selector selects) for pods whose labels map is of the wrong type.
 */
export function ciliumLabels(workload: Workload): Labels {
  let labels = labelCache.get(workload);
  if (labels === undefined) {
    labels = computeCiliumLabels(workload);
    labelCache.set(workload, labels);
  }
  return labels;
}

function computeCiliumLabels(workload: Workload): Labels {
  // (the labels of pods no selector selects stay so: Cilium's labels are not added to them)
  if (workload.labels === UNSELECTABLE_LABELS) return UNSELECTABLE_LABELS;
  const labels: Record<string, string> = { ...workload.labels };
  for (const [key, value] of Object.entries(workload.namespaceLabels)) labels[`io.cilium.k8s.namespace.labels.${key}`] = value;
  labels[CILIUM_NAMESPACE_LABEL] = workload.namespace;
  labels[CILIUM_SERVICE_ACCOUNT_LABEL] = workload.serviceAccount;
  labels['io.cilium.k8s.policy.cluster'] = 'default';
  return labels;
}

function namesNamespace(selector: Json): boolean {
  return Object.keys(asObject(selector.matchLabels) ?? {}).some((k) => stripSource(k) === CILIUM_NAMESPACE_LABEL)
    || asArray(selector.matchExpressions).some((e) => stripSource(String(asObject(e)?.key ?? '')) === CILIUM_NAMESPACE_LABEL);
}

/** Whether a Cilium endpoint selector of `policy` selects `workload` (namespace-scoped for CiliumNetworkPolicy). */
export function ciliumSelectorMatches(
  rawSelector: unknown, policy: PolicyObject, workload: Workload, labels: Labels = ciliumLabels(workload),
): boolean {
  const selector = asObject(rawSelector);
  if (selector === undefined) return false;
  if (policy.namespace !== undefined && !namesNamespace(selector) && workload.namespace !== policy.namespace) return false;
  return selectorMatches(selector, labels);
}

/** Whether the Cilium policy rule applies to the workload (`endpointSelector`; host policies with `nodeSelector` never do). */
export function ciliumPolicySelects(policy: PolicyObject, workload: Workload): boolean {
  if (isSet(policy.spec.nodeSelector)) return false;
  if (policy.namespace !== undefined && policy.namespace !== workload.namespace) return false;
  return selectorMatches(policy.spec.endpointSelector, ciliumLabels(workload));
}

/** Allow (`ingress`/`egress`) or deny (`ingressDeny`/`egressDeny`) rules of a policy. */
export function ciliumRules(policy: PolicyObject, direction: Direction, deny: boolean): readonly Json[] {
  return rulesOf(policy, deny ? `${direction}Deny` : direction);
}

const ruleCache = new WeakMap<PolicyObject, Map<string, readonly Json[]>>();

/** The rule objects of `policy.spec[field]` (read once per policy: the engine asks for them per pair). */
export function rulesOf(policy: PolicyObject, field: string): readonly Json[] {
  let byField = ruleCache.get(policy);
  if (byField === undefined) {
    byField = new Map();
    ruleCache.set(policy, byField);
  }
  let rules = byField.get(field);
  if (rules === undefined) {
    rules = asArray(policy.spec[field]).map(asObject).filter((r): r is Json => r !== undefined);
    byField.set(field, rules);
  }
  return rules;
}

const POD_ENTITIES = new Set(['all', 'cluster']);

const PEER_FIELDS: Readonly<Record<Direction, readonly string[]>> = {
  ingress: ['fromEndpoints', 'fromEntities', 'fromCIDR', 'fromCIDRSet', 'fromRequires', 'fromGroups', 'fromNodes'],
  egress: ['toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet', 'toFQDNs', 'toServices', 'toRequires', 'toGroups', 'toNodes'],
};

/** Whether a rule names no peer (then `toPorts` alone makes it apply to every peer); a peer field set to null is absent. */
export function ciliumRuleHasNoPeer(rule: Json, direction: Direction): boolean {
  return PEER_FIELDS[direction].every((field) => !isSet(rule[field]));
}

/** Whether the rule's peers include a pod of `peer`. */
export function ciliumRulePeerMatches(rule: Json, direction: Direction, policy: PolicyObject, peer: Workload): boolean {
  if (ciliumRuleHasNoPeer(rule, direction)) return isSet(rule.toPorts) || isSet(rule.icmps);
  const labels = ciliumLabels(peer);
  const endpoints = asArray(rule[direction === 'ingress' ? 'fromEndpoints' : 'toEndpoints']);
  if (endpoints.some((s) => ciliumSelectorMatches(s, policy, peer, labels))) return true;
  return asArray(rule[direction === 'ingress' ? 'fromEntities' : 'toEntities']).some((e) => typeof e === 'string' && POD_ENTITIES.has(e));
}

/** The `toPorts` entries of a rule that allow `port` (all entries when the rule has none: then `[undefined]`). */
export function ciliumMatchingPorts(rule: Json, port: PortQuery): Array<Json | undefined> {
  const toPorts = asArray(rule.toPorts).map(asObject).filter((p): p is Json => p !== undefined);
  if (toPorts.length === 0) return [undefined];
  return toPorts.filter((entry) => {
    const ports = asArray(entry.ports);
    return ports.length === 0 || ports.some((p) => rulePortAllows(asObject(p) ?? {}, port, 'ANY'));
  });
}
