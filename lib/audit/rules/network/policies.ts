import { K8sObject } from '../../../core/manifest';
import { parseCidr } from '../../../core/values';
import { perAudit } from '../../context';
import {
  booleanField, integerField, intOrStringField, listField, objectAt, objectField, ownField, Reading, readOf, readOnce, stringAt, stringField,
  unlessWronglyTyped, unnoted,
} from '../../field-types';
import { Json } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { isEmptySelector, Labels, readSelector, SelectorIndex, selectorMatches, UNSELECTABLE_LABELS } from '../../selector';

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
 * rejects the policy for it (see `rejected`).
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

/**
 * Whether Cilium policy `object` has a null item in `specs`. The CRD types the items as objects, not nullable: the API
 * server prunes a null field of an object but not a null list item, and rejects it as being of no object type
 * (apiextensions-apiserver `PruneNonNullableNullsWithoutDefaults`, kube-openapi's type validator), so the policy
 * isolates nothing. (Were it stored, Cilium's `Parse` would call `Sanitize` on the nil rule, which dereferences it: the
 * null is never an empty rule set.)
 */
function hasNullRuleSet(object: K8sObject): boolean {
  const specs = object.kind === 'NetworkPolicy' ? undefined : ownField(object, 'specs');
  return Array.isArray(specs) && specs.includes(null);
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
 * of a policy that Kubernetes (or Cilium) rejects isolates (see `rejected`).
 */
export function isolates(p: PolicySpec, direction: Direction, context: AuditContext): boolean {
  return !rejected(p.object, context) && directionIsolated(p, direction);
}

/** Per audit: whether each policy object is rejected (`rejected`), with the wrongly typed fields read to decide it. */
const isolationFacts = perAudit(() => new WeakMap<K8sObject, Reading<boolean>>());

/**
 * Whether Kubernetes (or, for a Cilium policy it stores, Cilium) rejects policy `object` as a whole for a field that
 * its isolation reads in any of its rule sets, for either direction: one of the wrong type (`spec`, `specs` or an item
 * of `specs`; `policyTypes` or an item of it; `enableDefaultDeny`; the pod, endpoint or node selector; the rule
 * sections and their rules' fields, see `readRules`), policy types it does not support (see `unsupportedPolicyTypes`),
 * a Cilium rule set that selects neither endpoints nor nodes, or both, or nodes in a namespaced policy (see
 * `unsupportedSelectors`), or a null item of a Cilium `specs` (see `hasNullRuleSet`). Read once per audit; each call
 * notes the wrongly typed fields as the policy's.
 */
function rejected(object: K8sObject, context: AuditContext): boolean {
  return readOf(object, () => readOnce(isolationFacts(context), object, () => unlessWronglyTyped(() => policySpecs(object).map((p) => {
    DIRECTIONS.forEach((d) => directionIsolated(p, d));
    readSelector(policySelector(p), policySelectorPath(p));
    if (p.object.kind !== 'NetworkPolicy') readSelector(ownField(p.spec, 'nodeSelector'), `${p.path}.nodeSelector`);
    readRules(p);
    return unsupportedPolicyTypes(p) || unsupportedSelectors(p);
  }).includes(true) || hasNullRuleSet(object), true), object));
}

/**
 * Whether rule set `p`, of a NetworkPolicy, declares policy types that Kubernetes does not support:
 * `ValidateNetworkPolicySpec` (kubernetes/kubernetes pkg/apis/networking/validation/validation.go) rejects more than
 * two, and any but `Ingress` and `Egress` (NotSupported), `''` too, as a null item decodes. Items of the wrong type
 * are noted.
 */
function unsupportedPolicyTypes(p: PolicySpec): boolean {
  if (p.object.kind !== 'NetworkPolicy') {
    return false;
  }
  const types = listField(p.spec, 'policyTypes', p.path).map((t, index) => stringAt(t, `${p.path}.policyTypes`, index));
  return types.length > 2 || types.some((t) => t !== 'Ingress' && t !== 'Egress');
}

/**
 * Whether Cilium rule set `p` selects what Cilium does not take: a rule selects endpoints (`endpointSelector`) or
 * nodes (`nodeSelector`, a host policy), exactly one of the two, which the CRD's schema (`oneOf`) and Cilium's
 * `Rule.Sanitize` (cilium/cilium pkg/policy/api/rule_validation.go) require, and only a clusterwide policy may select
 * nodes: Cilium's `Parse` of a CiliumNetworkPolicy (pkg/k8s/apis/cilium.io/v2/cnp_types.go) refuses the whole policy
 * when a rule has a `nodeSelector`. A selector set to null is absent (the API server prunes it).
 */
function unsupportedSelectors(p: PolicySpec): boolean {
  if (p.object.kind === 'NetworkPolicy') {
    return false;
  }
  const present = (key: string) => ownField(p.spec, key) !== undefined && ownField(p.spec, key) !== null;
  const nodes = present('nodeSelector');
  return present('endpointSelector') === nodes || (nodes && p.object.kind === 'CiliumNetworkPolicy');
}

/** The sections of rules of each kind of rule set, with the prefix of their peer fields. */
const RULE_SECTIONS: readonly (readonly [section: string, peers: 'from' | 'to'])[] = [['ingress', 'from'], ['egress', 'to']];
const CILIUM_RULE_SECTIONS: readonly (readonly [section: string, peers: 'from' | 'to'])[] = [
  ...RULE_SECTIONS, ['ingressDeny', 'from'], ['egressDeny', 'to'],
];

/**
 * Reads the rules of rule set `p` (every section), so that their fields of the wrong type are noted: those KH-NET-003
 * and KH-NET-004 read and those beside them. NetworkPolicy: each peer of `from`/`to` (its pod and namespace selectors,
 * `ipBlock` with `cidr` and `except`), and each of `ports` (`protocol`, `port`, an int-or-string, and `endPort`).
 * Cilium: see `readCiliumRule`.
 */
function readRules(p: PolicySpec): void {
  const isK8s = p.object.kind === 'NetworkPolicy';
  for (const [section, peers] of isK8s ? RULE_SECTIONS : CILIUM_RULE_SECTIONS) {
    listField(p.spec, section, p.path).forEach((raw, index) => {
      const at = `${p.path}.${section}[${index}]`;
      const rule = objectAt(raw, `${p.path}.${section}`, index);
      if (isK8s) readNetworkPolicyRule(rule, peers, at);
      else readCiliumRule(rule, section, peers, at);
    });
  }
}

function readNetworkPolicyRule(rule: Json | undefined, peers: 'from' | 'to', at: string): void {
  listField(rule, peers, at).forEach((raw, index) => {
    const peerAt = `${at}.${peers}[${index}]`;
    const peer = objectAt(raw, `${at}.${peers}`, index);
    readSelector(ownField(peer, 'podSelector'), `${peerAt}.podSelector`);
    readSelector(ownField(peer, 'namespaceSelector'), `${peerAt}.namespaceSelector`);
    const ipBlock = objectField(peer, 'ipBlock', peerAt);
    stringField(ipBlock, 'cidr', `${peerAt}.ipBlock`);
    readStrings(ipBlock, 'except', `${peerAt}.ipBlock`);
  });
  listField(rule, 'ports', at).forEach((raw, index) => {
    const port = objectAt(raw, `${at}.ports`, index);
    stringField(port, 'protocol', `${at}.ports[${index}]`);
    intOrStringField(port, 'port', `${at}.ports[${index}]`);
    integerField(port, 'endPort', `${at}.ports[${index}]`);
  });
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
 * not read: the API server prunes it (a deny rule's `toPorts` has only `ports`).
 */
function readCiliumRule(rule: Json | undefined, section: string, peers: 'from' | 'to', at: string): void {
  const allows = !section.endsWith('Deny');
  // (`fromRequires`/`toRequires` as the selectors Cilium 1.18 and earlier take; 1.19 keeps the fields, deprecated,
  // only as lists that must stay empty, see docs/audit-and-ci.md)
  for (const key of [`${peers}Endpoints`, `${peers}Nodes`, `${peers}Requires`]) {
    listField(rule, key, at).forEach((selector, index) => readSelector(selector, `${at}.${key}[${index}]`));
  }
  readStrings(rule, `${peers}Entities`, at);
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
      readSelector(ownField(selected, 'selector'), `${serviceAt}.k8sServiceSelector.selector`);
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
      integerField(port, 'endPort', portAt);
      stringField(port, 'protocol', portAt);
    });
    if (allows) {
      readL7Rules(objectField(ports, 'rules', portsAt), `${portsAt}.rules`);
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

/** Reads the L7 `rules` of a Cilium port rule (at `at`): its lists of objects, the DNS rules' fields and `l7proto`. */
function readL7Rules(rules: Json | undefined, at: string): void {
  readItems(rules, 'dns', at, readDnsSelector);
  for (const key of ['http', 'kafka', 'l7']) readItems(rules, key, at, () => undefined);
  stringField(rules, 'l7proto', at);
}

/** Reads a Cilium DNS name selector (a `toFQDNs` item or a DNS rule) at `at`: `matchName` and `matchPattern`. */
function readDnsSelector(selector: Json | undefined, at: string): void {
  stringField(selector, 'matchName', at);
  stringField(selector, 'matchPattern', at);
}

/** Reads the list `key` of `holder` (at `at`) and each of its items as a string. */
function readStrings(holder: Json | undefined, key: string, at: string): void {
  listField(holder, key, at).forEach((item, index) => stringAt(item, `${at}.${key}`, index));
}

/** Reads the list `key` of `holder` (at `at`) and each of its items as an object, with `read` (given the item's path). */
function readItems(holder: Json | undefined, key: string, at: string, read: (item: Json | undefined, itemAt: string) => void): void {
  listField(holder, key, at).forEach((raw, index) => read(objectAt(raw, `${at}.${key}`, index), `${at}.${key}[${index}]`));
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
  // (the items are read by `unsupportedPolicyTypes`)
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
  if (!readOf(p.object, () => isEmptySelector(policySelector(p), policySelectorPath(p))) || !isolates(p, direction, context)) {
    return false;
  }
  // (the rules read here are of a policy that is not rejected: none of their fields is of the wrong type)
  const peers = direction === 'ingress' ? 'from' : 'to';
  const at = `${p.path}.${direction}`;
  return p.object.kind !== 'NetworkPolicy' || !listField(p.spec, direction, p.path)
    .some((r, index) => allowsEverything(objectAt(r, at, index) ?? {}, peers, `${at}[${index}]`));
}

/** Whether a CIDR means "anywhere". */
export function isWorldCidr(cidr: unknown): boolean {
  return parseCidr(cidr)?.prefix === 0;
}
