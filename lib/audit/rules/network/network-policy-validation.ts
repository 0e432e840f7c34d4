import type { PolicySpec } from './policies';
import { integerField, intOrStringField, listField, objectAt, objectField, ownField, shownValue, stringAt, stringField } from '../../field-types';
import { Json } from '../../pod-spec';
import { readSelector } from '../../selector';

/** The sections of a NetworkPolicy's rules, with their peer field. */
const SECTIONS: readonly (readonly [section: 'ingress' | 'egress', peers: 'from' | 'to'])[] = [['ingress', 'from'], ['egress', 'to']];

/**
 * Adds to `reasons` why Kubernetes rejects NetworkPolicy rule set `p` (`ValidateNetworkPolicySpec`, kubernetes/kubernetes
 * pkg/apis/networking/validation/validation.go), each as `<path> <what>`, and reads every field its validation reads,
 * so that those of the wrong type are noted: the pod selector, each peer of `from`/`to` (its pod and namespace
 * selectors, `ipBlock` with `cidr` and `except`), each of `ports` (`protocol`, `port`, an int-or-string, and
 * `endPort`), and `policyTypes`.
 */
export function validateNetworkPolicySpec(p: PolicySpec, reasons: string[]): void {
  readSelector(ownField(p.spec, 'podSelector'), `${p.path}.podSelector`);
  for (const [section, peers] of SECTIONS) {
    listField(p.spec, section, p.path).forEach((raw, index) => {
      const at = `${p.path}.${section}[${index}]`;
      readRule(objectAt(raw, `${p.path}.${section}`, index), peers, at);
    });
  }
  validatePolicyTypes(p, reasons);
}

function readRule(rule: Json | undefined, peers: 'from' | 'to', at: string): void {
  listField(rule, peers, at).forEach((raw, index) => {
    const peerAt = `${at}.${peers}[${index}]`;
    const peer = objectAt(raw, `${at}.${peers}`, index);
    readSelector(ownField(peer, 'podSelector'), `${peerAt}.podSelector`);
    readSelector(ownField(peer, 'namespaceSelector'), `${peerAt}.namespaceSelector`);
    const ipBlock = objectField(peer, 'ipBlock', peerAt);
    stringField(ipBlock, 'cidr', `${peerAt}.ipBlock`);
    listField(ipBlock, 'except', `${peerAt}.ipBlock`).forEach((item, i) => stringAt(item, `${peerAt}.ipBlock.except`, i));
  });
  listField(rule, 'ports', at).forEach((raw, index) => {
    const port = objectAt(raw, `${at}.ports`, index);
    stringField(port, 'protocol', `${at}.ports[${index}]`);
    intOrStringField(port, 'port', `${at}.ports[${index}]`);
    integerField(port, 'endPort', `${at}.ports[${index}]`);
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
