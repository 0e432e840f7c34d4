import type { PolicySpec } from './policies';
import { K8sObject } from '../../../core/manifest';
import { isLabelValue } from '../../../core/values';
import { asObject, integerField, intOrStringField, listField, objectAt, objectField, ownField, shownValue, stringAt, stringField } from '../../field-types';
import { Json } from '../../pod-spec';
import { readSelector } from '../../selector';

/** The entities a rule's `fromEntities`/`toEntities` may name (the v1.19.4 CRD's `enum`; earlier versions know fewer). */
const ENTITIES: readonly string[] = ['all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none', 'kube-apiserver'];

/** The protocols of a port rule (the v1.19.4 CRD's `enum`, case-sensitive; earlier versions know fewer). */
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP', 'VRRP', 'IGMP', 'ANY'];

/** The sections of a Cilium rule, with the prefix of their peer fields. */
const SECTIONS: readonly (readonly [section: string, peers: 'from' | 'to'])[] = [
  ['ingress', 'from'], ['egress', 'to'], ['ingressDeny', 'from'], ['egressDeny', 'to'],
];

/**
 * Adds to `reasons` why the API server or Cilium rejects the policy of Cilium rule set `p`, each as `<path> <what>`,
 * and reads every field that rejection reads, so that those of the wrong type are noted: the endpoint and node
 * selectors (see `readCiliumSelector` and `unsupportedSelectors`) and the rule sections with their rules' fields (see
 * `readCiliumRule`). No list item may be null (see `ciliumList`), in a section, a rule or a selector. A rule set needs
 * a rule in one of its sections at least: the CRD's schema requires one of `ingress`, `ingressDeny`, `egress` and
 * `egressDeny` (`anyOf`; one set to null is pruned, so absent), and from Cilium 1.17 `Rule.Sanitize`
 * (pkg/policy/api/rule_validation.go, cilium/cilium#35904) refuses a rule whose four are all empty ("rule must have at
 * least one of Ingress, IngressDeny, Egress, EgressDeny"), `ingress: []` with `enableDefaultDeny` too.
 */
export function validateCiliumRuleSet(p: PolicySpec, reasons: string[]): void {
  readCiliumSelector(ownField(p.spec, 'endpointSelector'), `${p.path}.endpointSelector`, reasons);
  readCiliumSelector(ownField(p.spec, 'nodeSelector'), `${p.path}.nodeSelector`, reasons);
  unsupportedSelectors(p, reasons);
  let rules = 0;
  for (const [section, peers] of SECTIONS) {
    const items = ciliumList(p.spec, section, p.path, reasons);
    rules += items.length;
    items.forEach((raw, index) => {
      const at = `${p.path}.${section}[${index}]`;
      readCiliumRule(objectAt(raw, `${p.path}.${section}`, index), section, peers, at, reasons);
    });
  }
  if (rules === 0) {
    reasons.push(`${p.path} has no rule in ingress, ingressDeny, egress or egressDeny`);
  }
}

/**
 * Adds to `reasons` a null item of Cilium policy `object`'s `specs`. The CRD types the items as objects, not nullable:
 * the API server prunes a null field of an object but not a null list item, and rejects it as being of no object type
 * (apiextensions-apiserver `PruneNonNullableNullsWithoutDefaults`, kube-openapi's type validator), so the policy
 * isolates nothing. (Were it stored, Cilium's `Parse` would call `Sanitize` on the nil rule, which dereferences it: the
 * null is never an empty rule set.)
 */
export function nullRuleSets(object: K8sObject, reasons: string[]): void {
  nullItems(ownField(object, 'specs'), 'specs', reasons);
}

/**
 * Adds to `reasons` each null item of `list` (at `at`), if it is a list: the Cilium CRD types no list item as nullable,
 * and the API server prunes a null field of an object (apiextensions-apiserver `PruneNonNullableNullsWithoutDefaults`)
 * but not a null list item, which kube-openapi's type validator rejects: the policy is not stored.
 */
function nullItems(list: unknown, at: string, reasons: string[]): void {
  if (Array.isArray(list)) list.forEach((item, index) => item === null && reasons.push(`${at}[${index}] is null`));
}

/** The list `key` of `holder` (at `at`), as `listField` reads it; each null item is added to `reasons` (see `nullItems`). */
function ciliumList(holder: Json | undefined, key: string, at: string, reasons: string[]): readonly unknown[] {
  const list = listField(holder, key, at);
  nullItems(list, `${at}.${key}`, reasons);
  return list;
}

/** The operators of a label selector expression, as the CRD enumerates them. */
const OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Reads the Cilium label selector at `at` as `readSelector` does, and adds to `reasons` what the CRD's schema rejects in
 * it: a `matchLabels` value that is no label value (its `pattern` and `maxLength: 63`; a null one is a null field,
 * pruned), an expression without a `key` or an `operator` (null is pruned, so absent: both are `required`) or with an
 * operator none of In, NotIn, Exists and DoesNotExist (`enum`), and a null item of `matchExpressions` or of `values`.
 */
function readCiliumSelector(selector: unknown, at: string, reasons: string[]): void {
  readSelector(selector, at);
  for (const [key, value] of Object.entries(asObject(ownField(asObject(selector), 'matchLabels')) ?? {})) {
    if (typeof value === 'string' && !isLabelValue(value)) reasons.push(`${at}.matchLabels.${key} is ${shownValue(value)}, not a label value`);
  }
  const expressions = ownField(asObject(selector), 'matchExpressions');
  nullItems(expressions, `${at}.matchExpressions`, reasons);
  (Array.isArray(expressions) ? expressions : []).forEach((raw, index) => {
    const expressionAt = `${at}.matchExpressions[${index}]`;
    const expression = asObject(raw);
    const operator = ownField(expression, 'operator');
    if (expression !== undefined && (ownField(expression, 'key') ?? null) === null) reasons.push(`${expressionAt} has no key`);
    if (expression !== undefined && (operator ?? null) === null) reasons.push(`${expressionAt} has no operator`);
    if (typeof operator === 'string' && !OPERATORS.includes(operator)) {
      reasons.push(`${expressionAt}.operator is ${shownValue(operator)}, not In, NotIn, Exists or DoesNotExist`);
    }
    nullItems(ownField(expression, 'values'), `${expressionAt}.values`, reasons);
  });
}

/**
 * Adds to `reasons` what Cilium rule set `p` selects that Cilium does not take: a rule selects endpoints
 * (`endpointSelector`) or nodes (`nodeSelector`, a host policy), exactly one of the two, which the CRD's schema
 * (`oneOf`) and Cilium's `Rule.Sanitize` (cilium/cilium pkg/policy/api/rule_validation.go) require, and only a
 * clusterwide policy may select nodes: Cilium's `Parse` of a CiliumNetworkPolicy (pkg/k8s/apis/cilium.io/v2/cnp_types.go)
 * refuses the whole policy when a rule has a `nodeSelector`. A selector set to null is absent (the API server prunes it).
 */
function unsupportedSelectors(p: PolicySpec, reasons: string[]): void {
  const present = (key: string) => ownField(p.spec, key) !== undefined && ownField(p.spec, key) !== null;
  const nodes = present('nodeSelector');
  if (present('endpointSelector') === nodes) {
    reasons.push(`${p.path} has ${nodes ? 'both an endpointSelector and a nodeSelector' : 'neither an endpointSelector nor a nodeSelector'}`);
  } else if (nodes && p.object.kind === 'CiliumNetworkPolicy') {
    reasons.push(`${p.path}.nodeSelector is set, which only a CiliumClusterwideNetworkPolicy may set`);
  }
}

/**
 * Reads a Cilium rule of `section` (at `at`; `peers`, the prefix of its peer fields) as Cilium's CRD types it
 * (cilium/cilium pkg/policy/api: ingress.go, egress.go, l4.go, fqdn.go, icmp.go, service.go, groups.go), so that its
 * fields of the wrong type are noted. Every section: the peers' endpoint and node selectors and `Requires` selectors,
 * entities, CIDRs, CIDR sets (`cidr`), groups (`aws` with `labels`, `region` and the security group lists), `icmps`
 * (`fields`, with `family` and `type`, an int-or-string) and `toPorts` (`ports`, with `port`, a string, `endPort` and
 * `protocol`). Egress sections: `toServices` (`k8sService` with `serviceName` and `namespace`, `k8sServiceSelector`
 * with `selector` and `namespace`). Allow sections only: `toFQDNs` (egress; `matchName`, `matchPattern`) and, in
 * `toPorts`, `rules` (`http`, `kafka`, `dns` with `matchName` and `matchPattern`, `l7`, `l7proto`), `serverNames` and
 * `listener` (`envoyConfig` with `kind` and `name`, `name`, `priority`). A field the section's type does not have is
 * not read: the API server prunes it (a deny rule's `toPorts` has only `ports`). Added to `reasons`: a null item of any
 * of these lists, or of a selector's (see `readCiliumSelector`), and what the CRD's schema enumerates or bounds: an
 * entity it does not know, a port's `protocol` none of TCP, UDP, SCTP, VRRP, IGMP and ANY, an `endPort` outside
 * 0-65535.
 */
function readCiliumRule(rule: Json | undefined, section: string, peers: 'from' | 'to', at: string, reasons: string[]): void {
  const allows = !section.endsWith('Deny');
  // (`fromRequires`/`toRequires` as the selectors Cilium 1.18 and earlier take; 1.19 keeps the fields, deprecated,
  // only as lists that must stay empty, see docs/audit-and-ci.md)
  for (const key of [`${peers}Endpoints`, `${peers}Nodes`, `${peers}Requires`]) {
    ciliumList(rule, key, at, reasons).forEach((selector, index) => readCiliumSelector(selector, `${at}.${key}[${index}]`, reasons));
  }
  const readStrings = (holder: Json | undefined, key: string, holderAt: string) =>
    ciliumList(holder, key, holderAt, reasons).map((item, index) => stringAt(item, `${holderAt}.${key}`, index));
  const readItems = (holder: Json | undefined, key: string, holderAt: string, read: (item: Json | undefined, itemAt: string) => void) => {
    ciliumList(holder, key, holderAt, reasons).forEach((raw, index) => read(objectAt(raw, `${holderAt}.${key}`, index), `${holderAt}.${key}[${index}]`));
  };
  readStrings(rule, `${peers}Entities`, at).forEach((entity, index) => {
    if (entity !== undefined && !ENTITIES.includes(entity)) reasons.push(`${at}.${peers}Entities[${index}] is ${shownValue(entity)}, not an entity Cilium knows`);
  });
  readStrings(rule, `${peers}CIDR`, at);
  readItems(rule, `${peers}CIDRSet`, at, (set, setAt) => stringField(set, 'cidr', setAt));
  readItems(rule, `${peers}Groups`, at, (group, groupAt) => {
    const aws = objectField(group, 'aws', groupAt);
    const awsAt = `${groupAt}.aws`;
    for (const [key, value] of Object.entries(objectField(aws, 'labels', awsAt) ?? {})) stringAt(value, `${awsAt}.labels`, key);
    stringField(aws, 'region', awsAt);
    readStrings(aws, 'securityGroupsIds', awsAt);
    readStrings(aws, 'securityGroupsNames', awsAt);
  });
  if (peers === 'to') {
    readItems(rule, 'toServices', at, (service, serviceAt) => {
      const named = objectField(service, 'k8sService', serviceAt);
      stringField(named, 'serviceName', `${serviceAt}.k8sService`);
      stringField(named, 'namespace', `${serviceAt}.k8sService`);
      const selected = objectField(service, 'k8sServiceSelector', serviceAt);
      readCiliumSelector(ownField(selected, 'selector'), `${serviceAt}.k8sServiceSelector.selector`, reasons);
      stringField(selected, 'namespace', `${serviceAt}.k8sServiceSelector`);
    });
  }
  if (allows && peers === 'to') {
    readItems(rule, 'toFQDNs', at, readDnsSelector);
  }
  readItems(rule, 'icmps', at, (icmp, icmpAt) => readItems(icmp, 'fields', icmpAt, (field, fieldAt) => {
    stringField(field, 'family', fieldAt);
    intOrStringField(field, 'type', fieldAt);
  }));
  readItems(rule, 'toPorts', at, (ports, portsAt) => {
    readItems(ports, 'ports', portsAt, (port, portAt) => {
      stringField(port, 'port', portAt);
      const endPort = integerField(port, 'endPort', portAt);
      const protocol = stringField(port, 'protocol', portAt);
      if (endPort !== undefined && (endPort < 0 || endPort > 65535)) reasons.push(`${portAt}.endPort is ${endPort}, not from 0 to 65535`);
      if (protocol !== undefined && !PROTOCOLS.includes(protocol)) reasons.push(`${portAt}.protocol is ${shownValue(protocol)}, not ${PROTOCOLS.join(', ')}`);
    });
    if (allows) {
      const rules = objectField(ports, 'rules', portsAt);
      readItems(rules, 'dns', `${portsAt}.rules`, readDnsSelector);
      for (const key of ['http', 'kafka', 'l7']) readItems(rules, key, `${portsAt}.rules`, () => undefined);
      stringField(rules, 'l7proto', `${portsAt}.rules`);
      readStrings(ports, 'serverNames', portsAt);
      const listener = objectField(ports, 'listener', portsAt);
      const envoyConfig = objectField(listener, 'envoyConfig', `${portsAt}.listener`);
      stringField(envoyConfig, 'kind', `${portsAt}.listener.envoyConfig`);
      stringField(envoyConfig, 'name', `${portsAt}.listener.envoyConfig`);
      stringField(listener, 'name', `${portsAt}.listener`);
      integerField(listener, 'priority', `${portsAt}.listener`);
    }
  });
}

/** Reads a Cilium DNS name selector (a `toFQDNs` item or a DNS rule) at `at`: `matchName` and `matchPattern`. */
function readDnsSelector(selector: Json | undefined, at: string): void {
  stringField(selector, 'matchName', at);
  stringField(selector, 'matchPattern', at);
}
