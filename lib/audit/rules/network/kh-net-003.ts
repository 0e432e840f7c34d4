import { parseLegacyCidr } from './legacy-cidr';
import { NETWORK_POLICY_KINDS, policySpecs } from './policies';
import { internetReach } from '../../../core/nat64';
import { AddressRange, cidrRange, INTERNET_SHARE_LIMIT, internetShare, sharePercent } from '../../../core/values';
import { listField, objectAt, objectField, stringAt, stringField } from '../../field-types';
import { Json } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const WORLD_ENTITIES = ['world', 'all'];

/** The strings of the list `key` of `rule` (at `at`); each item of the wrong type is noted and left out. */
function strings(rule: Json, key: string, at: string): string[] {
  return listField(rule, key, at).flatMap((item, index) => stringAt(item, `${at}.${key}`, index) ?? []);
}

/** An address block of a port-less egress rule. */
interface Block {
  readonly cidr: string;
  readonly range: AddressRange;
}

/**
 * The address range of `cidr` as the API server reads an ipBlock (`parseLegacyCidr`: leading zeros allowed, so
 * `0.0.0.0/00` is the world), or `undefined` when it is none (a NetworkPolicy with one is rejected, see `rejection`).
 */
function rangeOf(cidr: string): AddressRange | undefined {
  const legacy = parseLegacyCidr(cidr);
  return legacy === undefined ? undefined : cidrRange(`${legacy.address}/${legacy.prefix}`);
}

const WHOLE = 'the whole internet';

/** How much of its family's internet `ranges` cover, as a fraction at or above `1/INTERNET_SHARE_LIMIT`, or `undefined`. */
function openShare(ranges: readonly AddressRange[], family: 4 | 6): string | undefined {
  const [covered, size] = internetShare(ranges, family);
  if (covered * INTERNET_SHARE_LIMIT < size) return undefined;
  return covered === size ? WHOLE : `${sharePercent(covered, size)} of the IPv${family} internet`;
}

/** What a port-less egress rule opens on its own (a peer-less rule, a world entity, a block of 1/16 of the internet or more). */
function ruleOpens(rule: Json, at: string, isK8s: boolean, blocks: Block[]): string | undefined {
  let cidrs: string[];
  if (isK8s) {
    // (`to` of the wrong type is noted and reads as empty: any destination, the rule fails closed)
    const peers = listField(rule, 'to', at).map((p, index) => objectAt(p, `${at}.to`, index) ?? {});
    if (peers.length === 0) {
      return 'any destination';
    }
    cidrs = peers.flatMap((p, index) => stringField(objectField(p, 'ipBlock', `${at}.to[${index}]`), 'cidr', `${at}.to[${index}].ipBlock`) ?? []);
  } else {
    const entity = strings(rule, 'toEntities', at).find((e) => WORLD_ENTITIES.includes(e));
    if (entity !== undefined) {
      return `entity '${entity}'`;
    }
    const cidrSets = listField(rule, 'toCIDRSet', at)
      .flatMap((s, index) => stringField(objectAt(s, `${at}.toCIDRSet`, index), 'cidr', `${at}.toCIDRSet[${index}]`) ?? []);
    cidrs = [...strings(rule, 'toCIDR', at), ...cidrSets];
  }
  for (const cidr of cidrs) {
    const range = rangeOf(cidr);
    if (range === undefined) continue;
    for (const reached of internetReach(range)) {
      const share = openShare([reached], reached.family);
      const nat64 = reached.family === range.family ? '' : 'through NAT64';
      if (share !== undefined) {
        return `${isK8s ? 'ipBlock' : 'CIDR'} ${cidr}${share === WHOLE ? (nat64 && ` (the whole IPv4 internet ${nat64})`) : ` (${share}${nat64 && ` ${nat64}`})`}`;
      }
    }
    blocks.push({ cidr, range });
  }
  return undefined;
}

/**
 * KH-NET-003: no egress rule opens the world on every port: no peer, the Cilium `world`/`all` entities, or address
 * blocks that cover 1/16 of their family's internet (all of IPv4, IPv6's `2000::/3`; IPv6 blocks under a NAT64
 * prefix count for the IPv4 they reach, `64:ff9b::/96` is all of it) or more, alone or together
 * across the port-less egress rules of a rule set (`0.0.0.0/1` and `128.0.0.0/1` are the world), as construction
 * refuses them; `except` is not subtracted, and CIDRs are read as the API server reads them (`0.0.0.0/00` is the
 * world). Port-restricted world egress is allowed. Fields of the wrong type are unknown; `to`, `ports` and `toPorts`
 * of the wrong type read as empty (no peer, every port: the rule needs them to pass).
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
  check: (object) => policySpecs(object).flatMap((p) => {
    const isK8s = object.kind === 'NetworkPolicy';
    const blocks: Block[] = [];
    const violations = listField(p.spec, 'egress', p.path).flatMap((raw, index): RuleViolation[] => {
      const at = `${p.path}.egress[${index}]`;
      const rule = objectAt(raw, `${p.path}.egress`, index) ?? {};
      if (listField(rule, isK8s ? 'ports' : 'toPorts', at).length > 0) {
        return [];
      }
      const opens = ruleOpens(rule, at, isK8s, blocks);
      return opens === undefined ? [] : [{ message: `egress rule ${index} allows ${opens} on every port`, path: at }];
    });
    for (const family of [4, 6] as const) {
      const inFamily = blocks.flatMap((b) => internetReach(b.range).filter((r) => r.family === family).map((range) => ({ cidr: b.cidr, range })));
      const share = openShare(inFamily.map((b) => b.range), family);
      if (share !== undefined) {
        violations.push({ message: `egress rules allow ${inFamily.map((b) => b.cidr).join(', ')} on every port: together ${share}`, path: `${p.path}.egress` });
      }
    }
    return violations;
  }),
};
