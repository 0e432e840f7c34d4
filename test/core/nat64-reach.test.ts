/**
 * An IPv6 egress block under a NAT64 translation prefix reaches IPv4 addresses through the NAT64 gateway of an
 * IPv6-only (DNS64) cluster, and counts against the IPv4 internet's share (KH-NET-003), in construction and in the
 * audit alike. Found in review: `64:ff9b::/96` was accepted as 0% of the internet while `::ffff:0.0.0.0/96` was
 * refused. Upstream: RFC 6052 §2.1 (the Well-Known Prefix 64:ff9b::/96) and §2.2 (the /96 format: the IPv4 address
 * is the last 32 bits; the other prefix lengths, /32 to /64, embed it higher up), RFC 6146 (stateful NAT64 translates
 * an IPv6 packet to an address under its prefix into an IPv4 packet to the embedded address), RFC 8215 §3 (the
 * local-use prefix 64:ff9b:1::/48, in which the operator picks the prefix length).
 */
import * as fc from 'fast-check';
import { audit } from '../../lib/audit';
import { K8sObject, cidrRange, renderSecureDeployment } from '../../lib/core';
import { internetReach, nat64Reach } from '../../lib/core/nat64';
import { problemsOf } from '../helpers/problems';
import { VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

const ALL_IPV4 = '0.0.0.0/0';
const SHARE = "a workload's blocks may cover less than 1/16 of it (control KH-NET-003)";

const withBlocks = (...cidrs: string[]) => () =>
  renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, egress: cidrs.map((cidr) => ({ cidr, ports: [443] })) });

/** KH-NET-003's findings for a NetworkPolicy with one port-less egress rule per block. */
function judged(...cidrs: string[]): string[] {
  const policy: K8sObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'egress', namespace: 'shop' },
    spec: { podSelector: {}, policyTypes: ['Egress'], egress: cidrs.map((cidr) => ({ to: [{ ipBlock: { cidr } }] })) },
  };
  return audit([policy]).findings.filter((f) => f.ruleId === 'KH-NET-003').map((f) => f.message);
}

describe('nat64Reach |', () => {
  test.each([
    ['64:ff9b::/96', ALL_IPV4],
    ['64:ff9b::cb00:7100/120', '203.0.113.0/24'],
    ['64:ff9b::8.8.8.8/128', '8.8.8.8/32'],
    ['64:ff9b::/100', '0.0.0.0/4'],
    // a block that holds a translation prefix, or is wider than a /96 of one, reaches every IPv4 address
    ['64:ff9b::/64', ALL_IPV4],
    ['::/3', ALL_IPV4],
    ['64:ff9b:1::/48', ALL_IPV4],
    ['64:ff9b:1:abcd::/64', ALL_IPV4],
    // inside the local-use prefix a /96 is read in the /96 format (a /64-format operator's /96 is a /24: never less)
    ['64:ff9b:1:abcd::/96', ALL_IPV4],
    ['64:ff9b:1::c000:200/120', '192.0.2.0/24'],
  ])('%s reaches the IPv4 block %s', (cidr, reached) => {
    expect(nat64Reach(cidrRange(cidr)!)).toEqual(cidrRange(reached));
  });

  test.each(['2001:db8::/32', 'fc00::/7', '64:ff9b:0:0:1::/80', '64:ff9b:2::/48', '::ffff:0.0.0.0/96', '0.0.0.0/0'])('%s is under no translation prefix', (cidr) => {
    expect(nat64Reach(cidrRange(cidr)!)).toBeUndefined();
    expect(internetReach(cidrRange(cidr)!)).toEqual([cidrRange(cidr)]);
  });
});

describe('construction and KH-NET-003 count NAT64 blocks against the IPv4 internet |', () => {
  test.each([
    ['64:ff9b::/96', 'the whole IPv4 internet through NAT64'],
    ['64:ff9b:1::/48', 'the whole IPv4 internet through NAT64'],
    ['64:ff9b::/64', 'the whole IPv4 internet through NAT64'],
  ])('%s is refused and reported as %s', (cidr, what) => {
    expect(problemsOf(withBlocks(cidr))).toEqual([`egress[0].cidr: allows egress to ${what} (control KH-NET-003)`]);
    expect(judged(cidr)).toEqual([`egress rule 0 allows ipBlock ${cidr} (${what}) on every port`]);
  });

  test('a /100 is 1/16 of the IPv4 internet; with an IPv4 block it counts together; a /24 passes', () => {
    expect(problemsOf(withBlocks('64:ff9b::/100'))).toEqual([`egress[0].cidr: allows egress to 6.25% of the IPv4 internet through NAT64; ${SHARE}`]);
    expect(judged('64:ff9b::/100')).toEqual(['egress rule 0 allows ipBlock 64:ff9b::/100 (6.25% of the IPv4 internet through NAT64) on every port']);
    // 0.0.0.0/5 and 8.0.0.0/5 (64:ff9b::800:0/101): 1/16 together
    expect(problemsOf(withBlocks('0.0.0.0/5', '64:ff9b::800:0/101'))).toEqual([`egress: together allow egress to 6.25% of the IPv4 internet; ${SHARE}`]);
    expect(judged('0.0.0.0/5', '64:ff9b::800:0/101')).toEqual(['egress rules allow 0.0.0.0/5, 64:ff9b::800:0/101 on every port: together 6.25% of the IPv4 internet']);
    expect(withBlocks('64:ff9b::cb00:7100/120', '64:ff9b:1::c000:200/120')).not.toThrow();
    expect(judged('64:ff9b::cb00:7100/120', '64:ff9b:1::c000:200/120')).toEqual([]);
  });

  test('a block under the Well-Known Prefix is judged as the IPv4 block it embeds, by both (500 cases)', () => {
    const block = fc.tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 32 }));
    fc.assert(fc.property(block, ([octets, length]) => {
      const quad = octets.join('.');
      const v4 = `${quad}/${length}`;
      const v6 = `64:ff9b::${quad}/${96 + length}`;
      expect(nat64Reach(cidrRange(v6)!)).toEqual(cidrRange(v4));
      // construction takes blocks in canonical form only: the block's first address, IPv6 in RFC 5952 form
      const size = 2 ** (32 - length);
      const first = Math.floor(octets.reduce((n, o) => n * 256 + o, 0) / size) * size;
      const [hi, lo] = [Math.floor(first / 65536), first % 65536].map((g) => g.toString(16));
      const v4First = `${[3, 2, 1, 0].map((k) => Math.floor(first / 256 ** k) % 256).join('.')}/${length}`;
      const v6First = `64:ff9b::${hi !== '0' ? `${hi}:${lo}` : lo !== '0' ? lo : ''}/${96 + length}`;
      const refused = (cidr: string) => { try { withBlocks(cidr)(); return false; } catch { return true; } };
      expect(refused(v6First)).toBe(refused(v4First));
      expect(judged(v6).length).toBe(judged(v4).length);
    }), { numRuns: 500 });
  });
});
