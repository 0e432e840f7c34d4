import { AddressRange, cidrRange } from './values';

/**
 * The IPv4/IPv6 translation prefixes: IPv6 addresses under them reach IPv4 ones through a NAT64 gateway (RFC 6146):
 * the Well-Known Prefix `64:ff9b::/96` (RFC 6052 §2.1) and the local-use `64:ff9b:1::/48` (RFC 8215).
 */
const NAT64_PREFIXES: readonly AddressRange[] = ['64:ff9b::/96', '64:ff9b:1::/48'].map((cidr) => cidrRange(cidr) as AddressRange);

/** The size of a `/96`: one IPv4 address space. */
const SLASH_96 = 2n ** 32n;

/* eslint-disable no-bitwise -- addresses are bit arithmetic */
/**
 * The IPv4 addresses an IPv6 block reaches through a NAT64 gateway, or `undefined` when it overlaps no translation
 * prefix. A block inside one, no wider than a `/96`, reaches the IPv4 addresses of its last 32 bits (the `/96`
 * format of RFC 6052 §2.2, the Well-Known Prefix's; read the same way inside the local-use prefix, whose operator may
 * embed the address higher up, which a block this narrow fixes more of: this reading never understates the share).
 * A wider block, or one that holds a translation prefix (`64:ff9b::/64`), reaches every IPv4 address.
 */
export function nat64Reach(range: AddressRange): AddressRange | undefined {
  if (range.family !== 6) return undefined;
  const prefix = NAT64_PREFIXES.find((p) => range.first <= p.last && range.last >= p.first);
  if (prefix === undefined) return undefined;
  if (range.first >= prefix.first && range.last <= prefix.last && range.last - range.first < SLASH_96) {
    return { family: 4, first: range.first & (SLASH_96 - 1n), last: range.last & (SLASH_96 - 1n) };
  }
  return { family: 4, first: 0n, last: SLASH_96 - 1n };
}
/* eslint-enable no-bitwise */

/**
 * The address ranges a block reaches on the internet: its own, and for an IPv6 block that overlaps a NAT64
 * translation prefix, the IPv4 addresses it reaches through the gateway (`nat64Reach`), which count against the
 * IPv4 internet's share (KH-NET-003): `64:ff9b::/96` is the whole IPv4 internet, as `0.0.0.0/0` is.
 */
export function internetReach(range: AddressRange): readonly AddressRange[] {
  const v4 = nat64Reach(range);
  return v4 === undefined ? [range] : [range, v4];
}
