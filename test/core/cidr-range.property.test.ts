/**
 * CIDR arithmetic of the egress checks (`cidrRange`, `coveredAddresses`): addresses are read as Go's net.ParseCIDR
 * reads NetworkPolicy `ipBlock.cidr` (host bits ignored, IPv4-mapped IPv6 blocks matched as IPv4 by
 * `net.IPNet.Contains`), and the union of blocks is counted as a brute-force count over a small space counts it.
 */
/* eslint-disable no-bitwise -- addresses and prefixes are bit arithmetic */
import * as fc from 'fast-check';
import { INTERNET_RANGES, Problems, checkCidr, cidrRange, coveredAddresses } from '../../lib/core';

/** The eight groups of a 128-bit number, in full: `0000:...:ffff`. */
function fullIpv6(n: bigint): string {
  return Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16).padStart(4, '0')).join(':');
}

/** The shortest form of an IPv6 address, as the WHATWG URL parser prints it (RFC 5952 compression). */
function compressedIpv6(n: bigint): string {
  return new URL(`http://[${fullIpv6(n)}]/`).hostname.slice(1, -1);
}

const MAPPED = 0xffffn << 32n;
const u32 = fc.bigInt({ min: 0n, max: 0xffffffffn });
/** Any IPv6 address, with runs of zero groups and IPv4-mapped addresses made likely. */
const ipv6 = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), u32, u32.map((n) => MAPPED | n), u32.map((n) => n << 96n));

describe('cidrRange |', () => {
  test.each([
    ['10.1.2.3/8', 4, 0x0a000000n, 0x0affffffn],
    ['0.0.0.0/0', 4, 0n, 0xffffffffn],
    ['192.168.1.7/32', 4, 0xc0a80107n, 0xc0a80107n],
    ['2001:db8::1/32', 6, 0x20010db8n << 96n, ((0x20010db8n + 1n) << 96n) - 1n],
    ['::/0', 6, 0n, (1n << 128n) - 1n],
    ['::1.2.3.4/128', 6, 0x01020304n, 0x01020304n],
    ['1:2:3:4:5:6:7.8.9.10/128', 6, 0x0001000200030004000500060708090an, 0x0001000200030004000500060708090an],
    // IPv4-mapped blocks of /96 or narrower are IPv4 blocks: ::ffff:0.0.0.0/96 is every IPv4 address
    ['::ffff:0.0.0.0/96', 4, 0n, 0xffffffffn],
    ['::FFFF:10.0.0.0/104', 4, 0x0a000000n, 0x0affffffn],
    ['::ffff:0:0/95', 6, 0xfffen << 32n, (0x10000n << 32n) - 1n],
  ])('%s is IPv%d %s-%s', (cidr, family, first, last) => {
    expect(cidrRange(cidr)).toEqual({ family, first, last });
  });

  test('an IPv6 zone is no CIDR (Go net.ParseCIDR refuses it, node:net takes it)', () => {
    expect(cidrRange('fe80::1%eth0/64')).toBeUndefined();
    const problems = new Problems();
    checkCidr(problems, 'egress[0].cidr', 'fe80::1%eth0/64');
    expect(problems.list).toEqual([expect.objectContaining({ field: 'egress[0].cidr', message: 'is not a CIDR block' })]);
  });

  test('reads every IPv6 address in full and compressed form alike, and masks the host bits of any prefix', () => {
    fc.assert(fc.property(ipv6, fc.integer({ min: 0, max: 128 }), (n, prefix) => {
      const size = 1n << BigInt(128 - prefix);
      const first = (n / size) * size;
      const mapped = prefix >= 96 && first >> 32n === 0xffffn;
      const expected = mapped
        ? { family: 4, first: first - MAPPED, last: first - MAPPED + size - 1n }
        : { family: 6, first, last: first + size - 1n };
      expect(cidrRange(`${fullIpv6(n)}/${prefix}`)).toEqual(expected);
      expect(cidrRange(`${compressedIpv6(n)}/${prefix}`)).toEqual(expected);
    }));
  });

  test('reads every IPv4 address and masks the host bits of any prefix', () => {
    fc.assert(fc.property(u32, fc.integer({ min: 0, max: 32 }), (n, prefix) => {
      const text = [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 0xffn)).join('.');
      const size = 1n << BigInt(32 - prefix);
      const first = (n / size) * size;
      expect(cidrRange(`${text}/${prefix}`)).toEqual({ family: 4, first, last: first + size - 1n });
    }));
  });
});

describe('coveredAddresses |', () => {
  const range = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 }))
    .map(([first, length]) => ({ family: 4 as const, first: BigInt(first), last: BigInt(first + length) }));

  test('counts the addresses of `within` that at least one range covers, as a brute-force count does', () => {
    fc.assert(fc.property(fc.array(range, { maxLength: 12 }), range, (ranges, within) => {
      let count = 0n;
      for (let a = within.first; a <= within.last; a++) {
        if (ranges.some((r) => r.first <= a && a <= r.last)) count++;
      }
      expect(coveredAddresses(ranges, within)).toBe(count);
    }));
  });

  test('a block split into any number of smaller blocks covers as much as the block', () => {
    fc.assert(fc.property(u32, fc.integer({ min: 0, max: 24 }), fc.integer({ min: 1, max: 6 }), (n, prefix, extra) => {
      const whole = cidrRange(`${[24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.')}/${prefix}`)!;
      const step = (whole.last - whole.first + 1n) >> BigInt(extra);
      const parts = Array.from({ length: 2 ** extra }, (_, i) => ({
        family: 4 as const, first: whole.first + BigInt(i) * step, last: whole.first + BigInt(i + 1) * step - 1n,
      }));
      expect(coveredAddresses(parts, INTERNET_RANGES[4])).toBe(coveredAddresses([whole], INTERNET_RANGES[4]));
    }));
  });

  test('ranges of the other family cover nothing; the IPv6 internet is the global unicast block 2000::/3', () => {
    expect(coveredAddresses([cidrRange('::/0')!], INTERNET_RANGES[4])).toBe(0n);
    expect(coveredAddresses([cidrRange('::/0')!], INTERNET_RANGES[6])).toBe(1n << 125n);
    expect(coveredAddresses([cidrRange('fc00::/7')!], INTERNET_RANGES[6])).toBe(0n);
  });
});
