import { Json, asArray, asObject } from '../pod-spec';
import { Direction } from '../rules/network/policies';
import { selectorMatches } from '../selector';
import { rulesOf } from './cilium';
import { PolicyObject, Workload } from './model';
import { PortQuery, rulePortAllows } from './ports';
import { isSet } from './reading';

/**
 * Standard NetworkPolicy semantics (Kubernetes docs "Network Policies", API reference of NetworkPolicySpec, and the
 * cyclonus truth tables): a pod is isolated in a direction when a policy of that type selects it; then only the union
 * of the rules of those policies allows; `from`/`to` absent or empty means every peer, `ports` absent or empty every
 * port; a peer with only `podSelector` means pods of the policy's namespace, `namespaceSelector` alone every pod of the
 * matching namespaces, both together their intersection; `ipBlock` addresses lie outside the cluster.
 */

/** Whether a NetworkPolicy peer (`podSelector`, `namespaceSelector`, `ipBlock`; one set to null is absent) matches a pod of `peer`. */
function networkPolicyPeerMatches(rawPeer: unknown, policyNamespace: string | undefined, peer: Workload): boolean {
  const p = asObject(rawPeer);
  if (p === undefined || isSet(p.ipBlock)) return false;
  const podOk = !isSet(p.podSelector) || selectorMatches(p.podSelector, peer.labels);
  if (!isSet(p.namespaceSelector)) {
    return isSet(p.podSelector) && peer.namespace === policyNamespace && podOk;
  }
  return podOk && selectorMatches(p.namespaceSelector, peer.namespaceLabels);
}

/** Rules of a NetworkPolicy in one direction. */
export function networkPolicyRules(policy: PolicyObject, direction: Direction): readonly Json[] {
  return rulesOf(policy, direction);
}

/** Whether a NetworkPolicy rule allows `peer` on `port` (the port of the receiving pod). */
export function networkPolicyRuleAllows(rule: Json, direction: Direction, policy: PolicyObject, peer: Workload, port: PortQuery): boolean {
  const peers = asArray(rule[direction === 'ingress' ? 'from' : 'to']);
  if (peers.length > 0 && !peers.some((p) => networkPolicyPeerMatches(p, policy.namespace, peer))) return false;
  const ports = asArray(rule.ports);
  return ports.length === 0 || ports.some((p) => rulePortAllows(asObject(p) ?? {}, port, 'TCP'));
}
