import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** A CIDR block as Kubernetes validates a NetworkPolicy's `ipBlock` (see `parseLegacyCidr`). */
export interface LegacyCidr {
  /** Its address, IPv4 in plain decimal octets (the bits past the prefix may be set). */
  readonly address: string;
  /** The address family. */
  readonly family: 'ipv4' | 'ipv6';
  /** The prefix length. */
  readonly prefix: number;
}

/**
 * `value` as the API server reads an `ipBlock` CIDR: `IsValidCIDRForLegacyField` (kubernetes/kubernetes
 * pkg/apis/core/validation, apimachinery pkg/api/validation/ip.go) accepts what `netutils.ParseCIDRSloppy`
 * (k8s.io/utils/net, Go 1.16's `net.ParseCIDR`) parses unless the `StrictIPCIDRValidation` feature gate is on (alpha
 * from 1.33, off by default): an address, `/` and a decimal prefix length of at most 32 or 128, leading zeros allowed;
 * an IPv4 address of four decimal octets of at most 255, leading zeros allowed (read as decimal), or an IPv6 address
 * (no zone); bits past the prefix may be set. `undefined` when it is none.
 */
export function parseLegacyCidr(value: string): LegacyCidr | undefined {
  const slash = value.indexOf('/');
  const address = sloppyAddress(value.slice(0, slash));
  const mask = value.slice(slash + 1);
  if (slash < 0 || address === undefined || !/^[0-9]+$/.test(mask)) {
    return undefined;
  }
  const family = isIPv4(address) ? 'ipv4' : 'ipv6';
  const prefix = Number(mask);
  return prefix <= (family === 'ipv4' ? 32 : 128) ? { address, family, prefix } : undefined;
}

/** An address as Go 1.16's `net.ParseIP` takes it, IPv4 octets written in plain decimal; `undefined` when it is none. */
function sloppyAddress(address: string): string | undefined {
  const octets = /^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$/.exec(address);
  if (octets) {
    const values = octets.slice(1).map(Number);
    return values.every((octet) => octet <= 255) ? values.join('.') : undefined;
  }
  return isIPv6(address) && !address.includes('%') ? address : undefined;
}

/** The IPv4-mapped IPv6 addresses, `::ffff:0:0/96`. */
const IPV4_MAPPED = new BlockList();
IPV4_MAPPED.addSubnet('::ffff:0:0', 96, 'ipv6');

/** Whether Go reads the address of `block` as IPv4 (`IP.To4`): an IPv4 address, or an IPv4-mapped IPv6 one. */
function isGoIPv4(block: LegacyCidr): boolean {
  return block.family === 'ipv4' || IPV4_MAPPED.check(block.address, 'ipv6');
}

/**
 * Whether `except` is a strict subset of `cidr`, as `ValidateIPBlock` (kubernetes/kubernetes
 * pkg/apis/networking/validation/validation.go) wants of each `except` ("must be a strict subset of `cidr`"): `cidr`
 * contains its address (Go's `IPNet.Contains`, which compares IPv4-mapped IPv6 addresses as IPv4 and no others across
 * families), and its prefix length is greater.
 */
export function isStrictSubset(except: LegacyCidr, cidr: LegacyCidr): boolean {
  if (except.prefix <= cidr.prefix || isGoIPv4(except) !== isGoIPv4(cidr)) {
    return false;
  }
  const block = new BlockList();
  block.addSubnet(cidr.address, cidr.prefix, cidr.family);
  return block.check(except.address, except.family);
}
