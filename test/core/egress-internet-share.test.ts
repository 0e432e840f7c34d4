/**
 * Egress address blocks may not open the internet (control KH-NET-003), however they are split: a workload's blocks
 * of one family may cover less than 1/16 of its internet (all of IPv4; IPv6's global unicast block 2000::/3), alone
 * or together. IPv4's private blocks count (10.0.0.0/8 is 1/256 of it); IPv6's unique-local fc00::/7 lies outside.
 * Blocks are matched as Kubernetes and Cilium match them, with Go's `net.IPNet.Contains` (golang/go src/net/ip.go:
 * `networkNumberAndMask` and `Contains` read an IPv4-mapped IPv6 address, and a 16-byte mask against an IPv4
 * address by its last 4 bytes, as IPv4), and IPv6's internet is its global unicast space 2000::/3 (RFC 4291 §2.4,
 * IANA's IPv6 address space registry).
 */
import { renderSecureDeployment } from '../../lib/core';
import { problemsOf } from '../helpers/problems';
import { VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

const withBlocks = (...cidrs: string[]) => () => renderSecureDeployment({
  ...VALID_SECURE_DEPLOYMENT,
  egress: cidrs.map((cidr) => ({ cidr, ports: [{ port: 443 }] })),
});

/** The `/8` blocks `first.0.0.0/8` to `(first + count - 1).0.0.0/8`. */
const slash8s = (first: number, count: number): string[] => Array.from({ length: count }, (_, i) => `${first + i}.0.0.0/8`);

/** The `/5` blocks that make up 0.0.0.0/0, and the `/8` blocks that make up IPv6's internet 2000::/3. */
const IPV4_SLASH5S = Array.from({ length: 32 }, (_, i) => `${i * 8}.0.0.0/5`);
const IPV6_SLASH8S = Array.from({ length: 32 }, (_, i) => `${(0x20 + i).toString(16)}00::/8`);

const SHARE = "a workload's blocks may cover less than 1/16 of it (control KH-NET-003)";

describe('egress blocks that open the internet are refused (KH-NET-003) |', () => {
  test.each([
    [['0.0.0.0/0'], ['egress[0].cidr: allows egress to the whole internet (control KH-NET-003)']],
    [['::/0'], ['egress[0].cidr: allows egress to the whole internet (control KH-NET-003)']],
    [['2000::/3'], ['egress[0].cidr: allows egress to the whole internet (control KH-NET-003)']],
    // Go's net.IPNet.Contains matches every IPv4 address against ::ffff:0.0.0.0/96 (an IPv4-mapped block, refused
    // on its own too: see test/core/cidr-canonical.test.ts)
    [['::ffff:0.0.0.0/96'], [
      expect.stringMatching(/^egress\[0\]\.cidr: ::ffff:0\.0\.0\.0\/96 is an IPv4-mapped IPv6 address /),
      'egress[0].cidr: allows egress to the whole internet (control KH-NET-003)',
    ]],
    [['0.0.0.0/4'], [`egress[0].cidr: allows egress to 6.25% of the IPv4 internet; ${SHARE}`]],
    [['0.0.0.0/1', '128.0.0.0/1'], [0, 1].map((i) => `egress[${i}].cidr: allows egress to 50% of the IPv4 internet; ${SHARE}`)],
    // ::/1 holds all of 2000::/3; 8000::/1 none of it
    [['::/1', '8000::/1'], ['egress[0].cidr: allows egress to the whole internet (control KH-NET-003)']],
  ])('%j, each block on its own', (cidrs, problems) => {
    expect(problemsOf(withBlocks(...cidrs))).toEqual(problems);
  });

  test.each([
    ['0.0.0.0/0 as 32 /5 blocks', IPV4_SLASH5S, 4, '100%'],
    ['2000::/3 as 32 /8 blocks', IPV6_SLASH8S, 6, '100%'],
    ['16 /8 blocks', slash8s(1, 16), 4, '6.25%'],
    ['three /5 blocks', IPV4_SLASH5S.slice(0, 3), 4, '9.37%'],
  ])('%s together', (_, cidrs, family, share) => {
    expect(problemsOf(withBlocks(...cidrs))).toEqual([`egress: together allow egress to ${share} of the IPv${family} internet; ${SHARE}`]);
  });

  test('overlapping blocks are counted once, and except does not make an open block narrower', () => {
    expect(problemsOf(() => renderSecureDeployment({
      ...VALID_SECURE_DEPLOYMENT,
      egress: [
        { cidr: '0.0.0.0/5', except: ['1.0.0.0/8'], ports: [443] },
        { cidr: '0.0.0.0/5', ports: [8443] },
        { cidr: '8.0.0.0/5', ports: [443] },
      ],
    }))).toEqual([`egress: together allow egress to 6.25% of the IPv4 internet; ${SHARE}`]);
    expect(withBlocks('0.0.0.0/5', '0.0.0.0/6', '4.0.0.0/6', '16.0.0.0/6')).not.toThrow();
  });

  test('blocks below the share render; private IPv4 blocks count (all of IPv4 is its internet), unique-local IPv6 ones do not', () => {
    const objects = withBlocks('10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', '2001:db8::/32', ...slash8s(20, 14))();
    const np = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === VALID_SECURE_DEPLOYMENT.name) as any;
    expect(np.spec.egress.flatMap((r: any) => r.to.map((t: any) => t.ipBlock?.cidr)).filter(Boolean)).toEqual(expect.arrayContaining(['10.0.0.0/8', 'fc00::/7', '33.0.0.0/8']));
    expect(problemsOf(withBlocks('10.0.0.0/8', ...slash8s(20, 15)))).toEqual([`egress: together allow egress to 6.25% of the IPv4 internet; ${SHARE}`]);
  });
});
