import { isWorldCidr, NETWORK_POLICY_KINDS, policySpecs } from './policies';
import { asArray, asObject, Json } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const WORLD_ENTITIES = ['world', 'all'];

function networkPolicyWorld(rule: Json): string | undefined {
  const peers = asArray(rule.to).map((p) => asObject(p) ?? {});
  if (peers.length === 0) {
    return 'any destination';
  }
  const world = peers.find((p) => isWorldCidr(asObject(p.ipBlock)?.cidr));
  return world ? `ipBlock ${String(asObject(world.ipBlock)?.cidr)}` : undefined;
}

function ciliumWorld(rule: Json): string | undefined {
  const entity = asArray(rule.toEntities).find((e) => WORLD_ENTITIES.includes(String(e)));
  if (entity !== undefined) {
    return `entity '${String(entity)}'`;
  }
  const cidr = [...asArray(rule.toCIDR), ...asArray(rule.toCIDRSet).map((s) => asObject(s)?.cidr)].find(isWorldCidr);
  return cidr !== undefined ? `CIDR ${String(cidr)}` : undefined;
}

/**
 * KH-NET-003: no egress rule opens the world on every port (no peer, 0.0.0.0/0, ::/0, or the Cilium
 * `world`/`all` entities without `ports`/`toPorts`). Port-restricted world egress is allowed.
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
  check: (object) => policySpecs(object).flatMap((p) => asArray(p.spec.egress).flatMap((raw, index): RuleViolation[] => {
    const rule = asObject(raw) ?? {};
    const isK8s = object.kind === 'NetworkPolicy';
    if (asArray(isK8s ? rule.ports : rule.toPorts).length > 0) {
      return [];
    }
    const world = isK8s ? networkPolicyWorld(rule) : ciliumWorld(rule);
    return world === undefined ? [] : [{ message: `egress rule ${index} allows ${world} on every port`, path: `${p.path}.egress[${index}]` }];
  })),
};
