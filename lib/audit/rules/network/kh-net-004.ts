import { CILIUM_NAMESPACE_LABEL, NETWORK_POLICY_KINDS, policySpecs } from './policies';
import { asArray, asObject, Json } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';
import { isEmptySelector, stripSource } from '../../selector';

const CLUSTER_ENTITIES = ['all', 'cluster'];

function networkPolicyAllNamespaces(rule: Json): string | undefined {
  const peers = asArray(rule.from).map((p) => asObject(p) ?? {});
  if (peers.length === 0) {
    return 'every source';
  }
  return peers.some((p) => p.namespaceSelector !== undefined && isEmptySelector(p.namespaceSelector)) ? 'an empty namespaceSelector (every namespace)' : undefined;
}

function anyNamespaceSelector(selector: unknown): boolean {
  return asArray(asObject(selector)?.matchExpressions)
    .some((e) => stripSource(String(asObject(e)?.key)) === CILIUM_NAMESPACE_LABEL && asObject(e)?.operator === 'Exists');
}

function ciliumAllNamespaces(rule: Json, clusterwide: boolean): string | undefined {
  const entity = asArray(rule.fromEntities).find((e) => CLUSTER_ENTITIES.includes(String(e)));
  if (entity !== undefined) {
    return `entity '${String(entity)}'`;
  }
  const endpoints = asArray(rule.fromEndpoints);
  if (endpoints.some(anyNamespaceSelector) || (clusterwide && endpoints.some((e) => isEmptySelector(e)))) {
    return 'endpoints of every namespace';
  }
  return undefined;
}

/** KH-NET-004: no ingress rule admits pods of every namespace (or every source). */
export const KH_NET_004: ManifestRule = {
  id: 'KH-NET-004',
  area: 'network',
  title: 'No ingress from all namespaces',
  severity: 'warning',
  guideSection: '4.1',
  controls: { nsa: ['Network separation and hardening: network policies'], mlps: ['8.1.3.2'] },
  remediation: 'Allow ingress only from named namespaces and workloads (namespaceSelector and podSelector with labels).',
  appliesTo: NETWORK_POLICY_KINDS,
  check: (object) => policySpecs(object).flatMap((p) => asArray(p.spec.ingress).flatMap((raw, index): RuleViolation[] => {
    const rule = asObject(raw) ?? {};
    const found = object.kind === 'NetworkPolicy'
      ? networkPolicyAllNamespaces(rule)
      : ciliumAllNamespaces(rule, object.kind === 'CiliumClusterwideNetworkPolicy');
    return found === undefined ? [] : [{ message: `ingress rule ${index} allows ${found}`, path: `${p.path}.ingress[${index}]` }];
  })),
};
