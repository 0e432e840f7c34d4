import { isStrictSubset, parseLegacyCidr } from './legacy-cidr';
import type { PolicySpec } from './policies';
import { isLabelKey, isLabelValue, isPortName } from '../../../core/values';
import { asObject, integerField, intOrStringField, listField, objectAt, objectField, ownField, shownValue, stringAt, stringField } from '../../field-types';
import { Json } from '../../pod-spec';
import { readSelector } from '../../selector';

/** The sections of a NetworkPolicy's rules, with their peer field. */
const SECTIONS: readonly (readonly [section: 'ingress' | 'egress', peers: 'from' | 'to'])[] = [['ingress', 'from'], ['egress', 'to']];

/**
 * Adds to `reasons` why Kubernetes rejects NetworkPolicy rule set `p` (`ValidateNetworkPolicySpec`, kubernetes/kubernetes
 * pkg/apis/networking/validation/validation.go), each as `<path> <what>`, and reads every field its validation reads,
 * so that those of the wrong type are noted: the pod selector (see `validateSelector`), each peer of `from`/`to` (see `validatePeer`), each of
 * `ports` (`protocol`, `port`, an int-or-string, and `endPort`), and `policyTypes`. The API server decodes a null list
 * item as the zero value of the item's type (encoding/json leaves a null slice element as it is, zero): a null rule
 * is the empty rule, which allows every peer on every port, a null peer the empty peer, a null port the empty port.
 */
export function validateNetworkPolicySpec(p: PolicySpec, reasons: string[]): void {
  validateSelector(ownField(p.spec, 'podSelector'), `${p.path}.podSelector`, reasons);
  for (const [section, peers] of SECTIONS) {
    listField(p.spec, section, p.path).forEach((raw, index) => {
      const at = `${p.path}.${section}[${index}]`;
      validateRule(objectAt(raw, `${p.path}.${section}`, index), peers, at, reasons);
    });
  }
  validatePolicyTypes(p, reasons);
}

function validateRule(rule: Json | undefined, peers: 'from' | 'to', at: string, reasons: string[]): void {
  listField(rule, peers, at).forEach((raw, index) => validatePeer(raw, `${at}.${peers}`, index, reasons));
  listField(rule, 'ports', at).forEach((raw, index) => validatePort(objectAt(raw, `${at}.ports`, index), `${at}.ports[${index}]`, reasons));
}

/** The protocols of a NetworkPolicy port (case-sensitive; unset is TCP). */
const PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'SCTP'];

/** Whether `port` is a port number, 1 to 65535 (apimachinery `IsValidPortNum`). */
function isPortNumber(port: number): boolean {
  return port >= 1 && port <= 65535;
}

/**
 * Adds to `reasons` why Kubernetes rejects the NetworkPolicy port at `at` (`ValidateNetworkPolicyPort`): a `protocol`
 * other than TCP, UDP and SCTP; a number `port` outside 1-65535; a string `port` that is no port name (a number in
 * quotes is a string, so a name, and no name is all digits); an `endPort` without a number `port`, below it or
 * outside 1-65535. Reads `protocol`, `port` (an int-or-string) and `endPort`.
 */
function validatePort(port: Json | undefined, at: string, reasons: string[]): void {
  const protocol = stringField(port, 'protocol', at);
  const number = intOrStringField(port, 'port', at);
  const end = integerField(port, 'endPort', at);
  if (protocol !== undefined && !PROTOCOLS.includes(protocol)) {
    reasons.push(`${at}.protocol is ${shownValue(protocol)}, not TCP, UDP or SCTP`);
  }
  if (typeof number === 'string') {
    if (!isPortName(number)) {
      const quoted = /^[0-9]+$/.test(number) ? ' (a number in quotes is a name)' : '';
      reasons.push(`${at}.port is ${shownValue(number)}, not a port name of 1 to 15 of a-z, 0-9 and '-' with a letter${quoted}`);
    }
    if (end !== undefined) reasons.push(`${at}.endPort is set with a named port`);
    return;
  }
  if (number !== undefined && !isPortNumber(number)) {
    reasons.push(`${at}.port is ${number}, not a port number from 1 to 65535`);
  }
  if (end === undefined) {
    return;
  }
  if (number === undefined) {
    reasons.push(`${at}.endPort is set without a port`);
    return;
  }
  if (end < number) reasons.push(`${at}.endPort is ${end}, below port ${number}`);
  if (!isPortNumber(end)) reasons.push(`${at}.endPort is ${end}, not a port number from 1 to 65535`);
}

/** A label selector's operators. */
const OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * Adds to `reasons` why Kubernetes rejects the label selector at `at` (`ValidateLabelSelector`, kubernetes/kubernetes
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go): a `matchLabels` key that is no label
 * key (`IsQualifiedName`) or value that is no label value; an expression whose operator is none of In, NotIn, Exists
 * and DoesNotExist, whose `values` are empty with In or NotIn, or set with Exists or DoesNotExist, whose key is no
 * label key or a value no label value. Null decodes as the zero value: a null `matchLabels` value or item of `values`
 * is `''` (valid), a null expression has an empty key and operator. Reads the selector (`readSelector`).
 */
function validateSelector(selector: unknown, at: string, reasons: string[]): void {
  readSelector(selector, at);
  const matchLabels = asObject(ownField(asObject(selector), 'matchLabels')) ?? {};
  for (const [key, raw] of Object.entries(matchLabels)) {
    const value = raw ?? '';
    if (!isLabelKey(key)) reasons.push(`${at}.matchLabels has the key ${shownValue(key)}, not a label key`);
    if (typeof value === 'string' && !isLabelValue(value)) reasons.push(`${at}.matchLabels.${key} is ${shownValue(value)}, not a label value`);
  }
  const expressions = ownField(asObject(selector), 'matchExpressions');
  (Array.isArray(expressions) ? expressions : []).forEach((raw, index) => {
    const expressionAt = `${at}.matchExpressions[${index}]`;
    const expression = raw === null ? {} : asObject(raw);
    const key = ownField(expression, 'key') ?? '';
    const operator = ownField(expression, 'operator') ?? '';
    const listed = ownField(expression, 'values') ?? [];
    const values = Array.isArray(listed) ? listed.map((value: unknown) => value ?? '') : [];
    if (typeof operator === 'string' && !OPERATORS.includes(operator)) {
      reasons.push(`${expressionAt}.operator is ${shownValue(operator)}, not In, NotIn, Exists or DoesNotExist`);
    } else if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      reasons.push(`${expressionAt}.values is empty, which operator ${operator} needs`);
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      reasons.push(`${expressionAt}.values is set, which operator ${operator} forbids`);
    }
    if (typeof key === 'string' && !isLabelKey(key)) reasons.push(`${expressionAt}.key is ${shownValue(key)}, not a label key`);
    values.forEach((value, i) => typeof value === 'string' && !isLabelValue(value) && reasons.push(`${expressionAt}.values[${i}] is ${shownValue(value)}, not a label value`));
  });
}

/**
 * Adds to `reasons` why Kubernetes rejects the `index`-th peer (`raw`) of the list at `at`: `ValidateNetworkPolicyPeer`
 * wants exactly one of `podSelector`, `namespaceSelector` and `ipBlock`, or the two selectors together ("must specify a
 * peer", "may not specify both ipBlock and another peer"); one set to null is absent, and a null peer is the empty
 * peer. Reads the selectors and the `ipBlock` (see `validateIpBlock`).
 */
function validatePeer(raw: unknown, at: string, index: number, reasons: string[]): void {
  const peerAt = `${at}[${index}]`;
  const peer = raw === null ? {} : objectAt(raw, at, index);
  validateSelector(ownField(peer, 'podSelector'), `${peerAt}.podSelector`, reasons);
  validateSelector(ownField(peer, 'namespaceSelector'), `${peerAt}.namespaceSelector`, reasons);
  validateIpBlock(objectField(peer, 'ipBlock', peerAt), `${peerAt}.ipBlock`, reasons);
  if (peer === undefined) {
    return;
  }
  const set = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((key) => ownField(peer, key) !== undefined && ownField(peer, key) !== null);
  if (set.length === 0) {
    reasons.push(`${peerAt} is empty, with no podSelector, namespaceSelector or ipBlock`);
  } else if (set.length > 1 && set.includes('ipBlock')) {
    reasons.push(`${peerAt} has an ipBlock beside a ${set[0]}`);
  }
}

/**
 * Adds to `reasons` why Kubernetes rejects the `ipBlock` at `at` (`ValidateIPBlock`): its `cidr` is empty (absent or
 * null too) or no CIDR block, or, when it is one, an item of `except` is no CIDR block (a null item decodes as `''`)
 * or not a strict subset of it. A CIDR block is read as `parseLegacyCidr` reads it. Reads `cidr` and `except`.
 */
function validateIpBlock(ipBlock: Json | undefined, at: string, reasons: string[]): void {
  const cidr = stringField(ipBlock, 'cidr', at);
  const excepts = listField(ipBlock, 'except', at).map((item, index) => (item === null ? '' : stringAt(item, `${at}.except`, index)));
  if (ipBlock === undefined) {
    return;
  }
  const block = parseLegacyCidr(cidr ?? '');
  if (block === undefined) {
    reasons.push(cidr === undefined || cidr === '' ? `${at}.cidr is not set` : `${at}.cidr is ${shownValue(cidr)}, not a CIDR block`);
    return;
  }
  excepts.forEach((except, index) => {
    const inner = except === undefined ? undefined : parseLegacyCidr(except);
    if (except !== undefined && inner === undefined) {
      reasons.push(`${at}.except[${index}] is ${shownValue(except)}, not a CIDR block`);
    } else if (inner !== undefined && !isStrictSubset(inner, block)) {
      reasons.push(`${at}.except[${index}] is ${shownValue(except)}, not a strict subset of the cidr ${shownValue(cidr)}`);
    }
  });
}

/**
 * Adds to `reasons` the policy types of rule set `p` that Kubernetes does not support: `ValidateNetworkPolicySpec`
 * rejects more than two (and looks no further), and any but `Ingress` and `Egress` (NotSupported), `''` too, as a null
 * item decodes. Items of the wrong type are noted.
 */
function validatePolicyTypes(p: PolicySpec, reasons: string[]): void {
  const at = `${p.path}.policyTypes`;
  const types = listField(p.spec, 'policyTypes', p.path);
  if (types.length > 2) {
    reasons.push(`${at} has ${types.length} items, more than two`);
    types.forEach((t, index) => stringAt(t, at, index));
    return;
  }
  types.forEach((t, index) => {
    const type = t === null ? '' : stringAt(t, at, index);
    if (type !== undefined && type !== 'Ingress' && type !== 'Egress') reasons.push(`${at}[${index}] is ${shownValue(type)}, not Ingress or Egress`);
  });
}
