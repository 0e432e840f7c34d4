/**
 * CIDR blocks given to a construct must be written in their one canonical form. Upstream:
 * - kubernetes/apimachinery pkg/api/validation/ip.go: `IsValidCIDRForLegacyField` (which `ValidateIPBlock` in
 *   kubernetes/kubernetes pkg/apis/networking/validation/validation.go calls for `ipBlock.cidr` and each `except`)
 *   refuses, when the `StrictIPCIDRValidation` gate is on, leading zeros ("must not have leading 0s in IP or prefix
 *   length"), IPv4-mapped IPv6 ("must not have an IPv4-mapped IPv6 address") and host bits ("must not have bits set
 *   beyond the prefix length"); `GetWarningsForCIDR` warns of each of those and of IPv6 not in RFC 5952 form (before
 *   the gate: kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go, the same warnings).
 * - kubernetes/enhancements keps/sig-network/4858-ip-cidr-validation (kep.yaml): the gate is alpha (off) from 1.33,
 *   beta (on by default) targeted for 1.36.
 * - cilium/cilium pkg/labels/cidr.go `IPStringToLabel`: Cilium reads a toCIDR / toCIDRSet block with
 *   `netip.ParsePrefix(...).Masked()`, clearing host bits without a word; the CRD's `format: cidr` (kube-openapi
 *   strfmt, Go's `net.ParseCIDR`) refuses leading zeros only.
 */
/* eslint-disable no-bitwise -- addresses are bit arithmetic */
import * as fc from 'fast-check';
import { Problems, checkCidr, cidrFault, renderRuntimeThreatDetection, renderSecureDeployment } from '../../lib/core';
import { VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

/** The problems a SecureDeployment with `egress` throws, as `field: message Fix: fix`. */
function egressProblems(egress: ReadonlyArray<{ cidr: string; except?: string[] }>): string[] {
  try {
    renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, egress: egress.map((e) => ({ ...e, ports: [{ port: 443 }] })) });
  } catch (error) {
    return (error as { problems: Array<{ field: string; message: string; fix: string }> }).problems.map((p) => `${p.field}: ${p.message} Fix: ${p.fix}`);
  }
  return [];
}

const STRICT = 'the API server warns of it, and refuses it with StrictIPCIDRValidation on (KEP-4858)';

describe('non-canonical CIDR blocks are refused at construction, with the block to write |', () => {
  test.each([
    ['203.0.113.7/24', `203.0.113.7/24 has host bits set past its /24 prefix (some readers take the block, others the one host): ${STRICT}`,
      'write 203.0.113.0/24, or 203.0.113.7/32 for the one host.'],
    ['2001:db8::1/32', `2001:db8::1/32 has host bits set past its /32 prefix (some readers take the block, others the one host): ${STRICT}`,
      'write 2001:db8::/32, or 2001:db8::1/128 for the one host.'],
    ['::ffff:203.0.113.0/120', `::ffff:203.0.113.0/120 is an IPv4-mapped IPv6 address (some readers match it as IPv4, others as IPv6): ${STRICT}`,
      'write 203.0.113.0/24.'],
    ['010.0.0.0/8', `010.0.0.0/8 has leading zeros (libc reads such an octet as octal, Go as decimal): ${STRICT}`, 'write 10.0.0.0/8.'],
    ['10.0.0.0/08', `10.0.0.0/08 has leading zeros (libc reads such an octet as octal, Go as decimal): ${STRICT}`, 'write 10.0.0.0/8.'],
    ['2001:DB8::/32', '2001:DB8::/32 is not in RFC 5952 canonical form: the API server warns of it', 'write 2001:db8::/32.'],
    ['2001:db8:0:0::/64', '2001:db8:0:0::/64 is not in RFC 5952 canonical form: the API server warns of it', 'write 2001:db8::/64.'],
  ])('egress cidr %s', (cidr, message, fix) => {
    expect(egressProblems([{ cidr }])).toEqual([`egress[0].cidr: ${message} Fix: ${fix}`]);
  });

  test('a mapped block with host bits names both faults, and the IPv4 block and host to write', () => {
    expect(cidrFault('::ffff:203.0.113.7/120')).toEqual({
      message: '::ffff:203.0.113.7/120 is an IPv4-mapped IPv6 address (some readers match it as IPv4, others as IPv6) and has host bits set past '
        + `its /120 prefix (some readers take the block, others the one host): ${STRICT}`,
      fix: 'write 203.0.113.0/24, or 203.0.113.7/32 for the one host.',
    });
  });

  test('each except is checked as the cidr is, all problems at once', () => {
    expect(egressProblems([{ cidr: '10.0.0.0/8', except: ['10.1.2.3/16', '10.2.0.0/16'] }, { cidr: '010.0.0.0/8' }])).toEqual([
      expect.stringMatching(/^egress\[0\]\.except\[0\]: 10\.1\.2\.3\/16 has host bits set .* Fix: write 10\.1\.0\.0\/16, or 10\.1\.2\.3\/32 for the one host\.$/),
      expect.stringMatching(/^egress\[1\]\.cidr: 010\.0\.0\.0\/8 has leading zeros .* Fix: write 10\.0\.0\.0\/8\.$/),
    ]);
  });

  test('canonical blocks pass', () => {
    expect(egressProblems([{ cidr: '203.0.113.0/24' }, { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] }, { cidr: '198.51.100.7/32' }])).toEqual([]);
  });

  test('RuntimeThreatDetection threatIntel.cidrs are checked the same way', () => {
    expect(() => renderRuntimeThreatDetection({ name: 'rt', threatIntel: { cidrs: ['203.0.113.7/24'] } }, {})).toThrow(
      'threatIntel.cidrs[0]: 203.0.113.7/24 has host bits set',
    );
  });
});

/** The eight groups of a 128-bit number, in full: `0000:...:ffff`. */
function fullIpv6(n: bigint): string {
  return Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16).padStart(4, '0')).join(':');
}

/** The RFC 5952 form of an IPv6 address, as the WHATWG URL parser prints it. */
function compressedIpv6(n: bigint): string {
  return new URL(`http://[${fullIpv6(n)}]/`).hostname.slice(1, -1);
}

describe('the canonical form |', () => {
  const u32 = fc.bigInt({ min: 0n, max: 0xffffffffn });
  const ipv6 = fc.oneof(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), u32, u32.map((n) => n << 96n), u32.map((n) => n << 64n));

  test('of any IPv6 block is its first address in RFC 5952 form (as the URL parser writes it), which passes', () => {
    fc.assert(fc.property(ipv6.filter((n) => n >> 32n !== 0xffffn), fc.integer({ min: 0, max: 128 }), (n, prefix) => {
      const size = 1n << BigInt(128 - prefix);
      const canonical = `${compressedIpv6((n / size) * size)}/${prefix}`;
      expect(cidrFault(canonical)).toBeUndefined();
      const fault = cidrFault(`${fullIpv6(n)}/${prefix}`);
      if (`${fullIpv6(n)}/${prefix}` !== canonical) expect(fault?.fix).toMatch(new RegExp(`^write ${canonical.replace(/\./g, '\\.')}[,.]`));
    }));
  });

  test('of any IPv4 block is its first address; a checkCidr problem names the field', () => {
    fc.assert(fc.property(u32, fc.integer({ min: 0, max: 32 }), (n, prefix) => {
      const text = (a: bigint) => [24n, 16n, 8n, 0n].map((shift) => String((a >> shift) & 0xffn)).join('.');
      const size = 1n << BigInt(32 - prefix);
      const first = (n / size) * size;
      expect(cidrFault(`${text(first)}/${prefix}`)).toBeUndefined();
      if (first !== n) expect(cidrFault(`${text(n)}/${prefix}`)?.fix).toBe(`write ${text(first)}/${prefix}, or ${text(n)}/32 for the one host.`);
    }));
    const problems = new Problems();
    checkCidr(problems, 'egress[3].cidr', '10.0.0.1/8');
    expect(problems.list.map((p) => p.field)).toEqual(['egress[3].cidr']);
  });
});
