import { isWorldCidr, NETWORK_POLICY_KINDS, policySpecs } from './policies';
import { listField, objectAt, objectField, stringAt, stringField } from '../../field-types';
import { Json } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const WORLD_ENTITIES = ['world', 'all'];

/** The strings of the list `key` of `rule` (at `at`); each item of the wrong type is noted and left out. */
function strings(rule: Json, key: string, at: string): string[] {
  return listField(rule, key, at).flatMap((item, index) => stringAt(item, `${at}.${key}`, index) ?? []);
}

function networkPolicyWorld(rule: Json, at: string): string | undefined {
  // (`to` of the wrong type is noted and reads as empty: any destination, the rule fails closed)
  const peers = listField(rule, 'to', at).map((p, index) => objectAt(p, `${at}.to`, index) ?? {});
  if (peers.length === 0) {
    return 'any destination';
  }
  const cidrs = peers.map((p, index) => stringField(objectField(p, 'ipBlock', `${at}.to[${index}]`), 'cidr', `${at}.to[${index}].ipBlock`));
  const world = cidrs.find(isWorldCidr);
  return world !== undefined ? `ipBlock ${world}` : undefined;
}

function ciliumWorld(rule: Json, at: string): string | undefined {
  const entity = strings(rule, 'toEntities', at).find((e) => WORLD_ENTITIES.includes(e));
  if (entity !== undefined) {
    return `entity '${entity}'`;
  }
  const cidrSets = listField(rule, 'toCIDRSet', at).map((s, index) => stringField(objectAt(s, `${at}.toCIDRSet`, index), 'cidr', `${at}.toCIDRSet[${index}]`));
  const cidr = [...strings(rule, 'toCIDR', at), ...cidrSets].find(isWorldCidr);
  return cidr !== undefined ? `CIDR ${cidr}` : undefined;
}

/**
 * KH-NET-003: no egress rule opens the world on every port (no peer, 0.0.0.0/0, ::/0, or the Cilium
 * `world`/`all` entities without `ports`/`toPorts`). Port-restricted world egress is allowed. Fields of the wrong
 * type are unknown; `to`, `ports` and `toPorts` of the wrong type read as empty (no peer, every port: the rule needs
 * them to pass).
 */
export const KH_NET_003: ManifestRule = {
  id: 'KH-NET-003',
  area: 'network',
  title: 'No unrestricted egress to the world',
  severity: 'warning',
  guideSection: '4.1',
  controls: { nsa: ['Network separation and hardening: network policies'], mlps: ['8.1.3.1', '8.1.3.2'] },
  remediation: 'Allow egress only to named destinations (toFQDNs, CIDRs, endpoints) and ports.',
  appliesTo: NETWORK_POLICY_KINDS,
  check: (object) => policySpecs(object).flatMap((p) => listField(p.spec, 'egress', p.path).flatMap((raw, index): RuleViolation[] => {
    const at = `${p.path}.egress[${index}]`;
    const rule = objectAt(raw, `${p.path}.egress`, index) ?? {};
    const isK8s = object.kind === 'NetworkPolicy';
    if (listField(rule, isK8s ? 'ports' : 'toPorts', at).length > 0) {
      return [];
    }
    const world = isK8s ? networkPolicyWorld(rule, at) : ciliumWorld(rule, at);
    return world === undefined ? [] : [{ message: `egress rule ${index} allows ${world} on every port`, path: at }];
  })),
};
