import { CILIUM_NAMESPACE_LABEL, NETWORK_POLICY_KINDS, policySpecs } from './policies';
import { listField, objectAt, ownField, stringAt, stringField, unlessWronglyTyped } from '../../field-types';
import { Json } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';
import { isEmptySelector, stripSource } from '../../selector';

const CLUSTER_ENTITIES = ['all', 'cluster'];

function networkPolicyAllNamespaces(rule: Json, at: string): string | undefined {
  // (`from` of the wrong type is noted and reads as empty: every source, the rule fails closed)
  const peers = listField(rule, 'from', at).map((p, index) => objectAt(p, `${at}.from`, index) ?? {});
  if (peers.length === 0) {
    return 'every source';
  }
  // a namespaceSelector of the wrong type (noted) admits every namespace as far as the rule can tell: it fails closed
  const everyNamespace = peers.some((p, index) => {
    const selector = ownField(p, 'namespaceSelector');
    return selector !== undefined && selector !== null && unlessWronglyTyped(() => isEmptySelector(selector, `${at}.from[${index}].namespaceSelector`), true);
  });
  return everyNamespace ? 'an empty namespaceSelector (every namespace)' : undefined;
}

/** Whether a Cilium endpoint selector (at `at`) selects endpoints of any namespace (`io.kubernetes.pod.namespace` Exists). */
function anyNamespaceSelector(selector: unknown, at: string): boolean {
  const expressions = listField(objectAt(selector, at), 'matchExpressions', at);
  return expressions.some((raw, index) => {
    const expression = objectAt(raw, `${at}.matchExpressions`, index);
    const key = stringField(expression, 'key', `${at}.matchExpressions[${index}]`);
    return key !== undefined && stripSource(key) === CILIUM_NAMESPACE_LABEL && stringField(expression, 'operator', `${at}.matchExpressions[${index}]`) === 'Exists';
  });
}

function ciliumAllNamespaces(rule: Json, clusterwide: boolean, at: string): string | undefined {
  const entity = listField(rule, 'fromEntities', at).map((e, index) => stringAt(e, `${at}.fromEntities`, index))
    .find((e) => e !== undefined && CLUSTER_ENTITIES.includes(e));
  if (entity !== undefined) {
    return `entity '${entity}'`;
  }
  // an endpoint selector of the wrong type (noted) of a clusterwide policy admits every namespace as far as the rule
  // can tell (it fails closed); a namespaced policy's selects within its namespace
  const everyNamespace = listField(rule, 'fromEndpoints', at).some((selector, index) => {
    const selectorAt = `${at}.fromEndpoints[${index}]`;
    const every = () => anyNamespaceSelector(selector, selectorAt) || (clusterwide && isEmptySelector(selector, selectorAt));
    return unlessWronglyTyped(every, clusterwide);
  });
  return everyNamespace ? 'endpoints of every namespace' : undefined;
}

/**
 * KH-NET-004: no ingress rule admits pods of every namespace (or every source). Fields of the wrong type are unknown;
 * `from` of the wrong type reads as empty (every source), and a namespace selector (or a clusterwide policy's endpoint
 * selector) of the wrong type as empty (every namespace): the rule needs them to pass.
 */
export const KH_NET_004: ManifestRule = {
  id: 'KH-NET-004',
  area: 'network',
  title: 'No ingress from all namespaces',
  severity: 'warning',
  guideSection: '4.1',
  controls: { nsa: ['Network separation and hardening: network policies'], mlps: ['8.1.3.2'] },
  remediation: 'Allow ingress only from named namespaces and workloads (namespaceSelector and podSelector with labels).',
  appliesTo: NETWORK_POLICY_KINDS,
  check: (object) => policySpecs(object).flatMap((p) => listField(p.spec, 'ingress', p.path).flatMap((raw, index): RuleViolation[] => {
    const at = `${p.path}.ingress[${index}]`;
    const rule = objectAt(raw, `${p.path}.ingress`, index) ?? {};
    const found = object.kind === 'NetworkPolicy'
      ? networkPolicyAllNamespaces(rule, at)
      : ciliumAllNamespaces(rule, object.kind === 'CiliumClusterwideNetworkPolicy', at);
    return found === undefined ? [] : [{ message: `ingress rule ${index} allows ${found}`, path: at }];
  })),
};
