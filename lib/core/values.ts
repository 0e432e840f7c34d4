import { isIP } from 'node:net';
import { Problems, checkDnsSubdomain } from './validation';

/** Checks of Kubernetes value formats the core emits: quantities, labels, port names, paths, CIDRs. */

/**
 * apimachinery's quantity grammar (`pkg/api/resource/quantity.go`): a signed number, then a binary SI suffix
 * (`Ki`…`Ei`), a decimal exponent (`e3`, `E-2`) or a decimal SI suffix (`n u m k M G T P E`, or none).
 * The alternatives are tried in that order, so `1E` is 10^18 (exa) and `1E3` is 1000.
 */
const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+|[numkMGTPE]|)$/;

/** Checks a Kubernetes resource quantity such as `250m`, `1`, `160Mi`. */
export function checkQuantity(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || !QUANTITY.test(value)) {
    problems.add(field, value, 'is not a Kubernetes quantity', "write a quantity such as '250m', '1', '160Mi' or '1Gi'.");
  }
}

/** A label value (empty allowed), which is also the grammar of a label key's name part when not empty. */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** Whether `value` is a DNS-1123 subdomain of at most 253 characters (`checkDnsSubdomain`). */
function isDnsSubdomain(value: string): boolean {
  const scratch = new Problems();
  checkDnsSubdomain(scratch, '', value);
  return scratch.isEmpty;
}

/**
 * Whether `key` is a label key (apimachinery `IsQualifiedName`): `name` or `prefix/name`, the prefix a DNS-1123
 * subdomain of at most 253 characters, the name at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends.
 */
export function isLabelKey(key: unknown): boolean {
  if (typeof key !== 'string') return false;
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  return (prefix === undefined || isDnsSubdomain(prefix)) && name.length > 0 && LABEL_VALUE.test(name);
}

/**
 * Whether `value` is a label value (apimachinery `IsValidLabelValue`): empty, or at most 63 characters of
 * `[A-Za-z0-9._-]`, alphanumeric at both ends.
 */
export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && LABEL_VALUE.test(value);
}

/** Checks every key and value of a label map (or node selector). */
export function checkLabelMap(problems: Problems, field: string, map: Readonly<Record<string, string>> | undefined): void {
  for (const [key, value] of Object.entries(map ?? {})) {
    if (!isLabelKey(key)) {
      problems.add(`${field}.${key}`, key, 'is not a valid label key',
        "use 'name' or 'prefix/name': a name of at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends, and a prefix that is a lowercase DNS subdomain such as 'example.com'.");
    }
    if (!isLabelValue(value)) {
      problems.add(`${field}.${key}`, value, 'is not a valid label value', 'use at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends.');
    }
  }
}

const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** The numeric value of a quantity (`250m` = 0.25, `1Ki` = 1024), or `undefined` when it is not one. */
export function quantityValue(value: string): number | undefined {
  const match = typeof value === 'string' ? QUANTITY.exec(value) : null;
  if (!match) {
    return undefined;
  }
  const base = Number(match[1]);
  const suffix = match[2];
  const factor = SUFFIX[suffix] ?? 10 ** Number(suffix.slice(1));
  return Number.isFinite(base) && Number.isFinite(factor) ? base * factor : undefined;
}

/** Checks a label value: at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends. */
export function checkLabelValue(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0 || !LABEL_VALUE.test(value)) {
    problems.add(field, value, 'is not a valid label value', 'use 1 to 63 characters of [A-Za-z0-9._-], alphanumeric at both ends.');
  }
}

/** Checks a DNS-1035 label (Service names): lowercase alphanumerics and '-', starting with a letter, at most 63. */
export function checkDns1035Label(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 63) {
    problems.add(field, value, 'must be a DNS-1035 label of at most 63 characters (it names the Service too)',
      "use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit.");
  }
}

/**
 * Whether `value` is a port name (apimachinery `IsValidPortName`, an IANA service name): 1 to 15 lowercase
 * alphanumerics or '-', one letter at least, no '-' at either end, no '--'.
 */
export function isPortName(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(value) && /[a-z]/.test(value) && !value.includes('--');
}

/** Checks a port name (see `isPortName`). */
export function checkPortName(problems: Problems, field: string, value: unknown): void {
  if (!isPortName(value)) {
    problems.add(field, value, 'is not a valid port name',
      "use 1 to 15 lowercase letters, digits and '-' with at least one letter, e.g. 'http' or 'grpc-api'.");
  }
}

/** Checks an absolute path without `..` segments (mount paths). */
export function checkAbsolutePath(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || !value.startsWith('/') || value === '/' || value.split('/').includes('..') || /[\s:]/.test(value)) {
    problems.add(field, value, "must be an absolute path other than '/' without '..', ':' or spaces", "write a path such as '/etc/app' or '/var/cache/app'.");
  }
}

/** A parsed CIDR block: its address family and prefix length. */
export interface Cidr {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The prefix length (0 for the whole address space). */
  readonly prefix: number;
}

/**
 * Parses `address/prefix` with the platform's address parser (`node:net`), as Kubernetes' NetworkPolicy `ipBlock`
 * takes it: an IPv4 or IPv6 address (IPv4-mapped IPv6 included, no zone) and a prefix length of at most 32 or 128.
 * Returns `undefined` when it is not one.
 */
export function parseCidr(value: unknown): Cidr | undefined {
  if (typeof value !== 'string') return undefined;
  // (no IPv6 zone such as `%eth0`: node:net takes one, Go's net.ParseCIDR does not)
  const match = /^([^/%]+)\/(0|[1-9][0-9]{0,2})$/.exec(value);
  if (!match) return undefined;
  const family = isIP(match[1]);
  const prefix = Number(match[2]);
  if (family === 0 || prefix > (family === 4 ? 32 : 128)) return undefined;
  return { family: family === 4 ? 4 : 6, prefix };
}

/**
 * Checks a CIDR block and that it is written in its one canonical form (see `cidrFault`): what the API server refuses
 * in a NetworkPolicy `ipBlock` under `StrictIPCIDRValidation` or warns of, and what other readers may read otherwise.
 */
export function checkCidr(problems: Problems, field: string, value: unknown): void {
  const fault = cidrFault(value);
  if (fault !== undefined) problems.add(field, value, fault.message, fault.fix);
}

/** The addresses of a CIDR block, first and last inclusive, as numbers of its family. */
export interface AddressRange {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The first address (the block's address with the host bits cleared). */
  readonly first: bigint;
  /** The last address. */
  readonly last: bigint;
}

/* eslint-disable no-bitwise -- addresses and prefixes are bit arithmetic */
/** An IPv4 address as a number (the text has passed `isIP`). */
function ipv4Number(text: string): bigint {
  return text.split('.').reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
}

/** An IPv6 address as a number (the text has passed `isIP`; a trailing dotted quad is the low 32 bits). */
function ipv6Number(text: string): bigint {
  const colon = text.lastIndexOf(':');
  const quad = text.includes('.') ? ipv4Number(text.slice(colon + 1)) : undefined;
  const hex = quad === undefined ? text : `${text.slice(0, colon + 1)}0:0`;
  const [head, tail] = hex.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const n = groups.reduce((v, group) => (v << 16n) | BigInt(parseInt(group, 16)), 0n);
  return quad === undefined ? n : (n & ~0xffffffffn) | quad;
}

/**
 * The addresses of a CIDR block (see `parseCidr`), or `undefined` when it is not one. Host bits are cleared, as the
 * API server (`ParseCIDRSloppy`) and Cilium (`netip.Prefix.Masked`) clear them when they accept such a block; the
 * constructs refuse one (`checkCidr`), the audit reads one as the cluster does. An IPv4-mapped IPv6 block (`::ffff:0:0/96` or narrower) is the IPv4 block it
 * maps: Go's `net.IPNet.Contains` matches IPv4 addresses against it, so `::ffff:0.0.0.0/96` is every IPv4 address.
 */
export function cidrRange(value: unknown): AddressRange | undefined {
  const cidr = parseCidr(value);
  if (cidr === undefined) return undefined;
  const address = (value as string).slice(0, (value as string).indexOf('/'));
  const bits = cidr.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - cidr.prefix);
  const first = ((cidr.family === 4 ? ipv4Number(address) : ipv6Number(address)) / size) * size;
  const last = first + size - 1n;
  if (cidr.family === 6 && cidr.prefix >= 96 && first >> 32n === 0xffffn) {
    return { family: 4, first: first & 0xffffffffn, last: last & 0xffffffffn };
  }
  return { family: cidr.family, first, last };
}

/** IPv4 address `n` in dotted decimal. */
function ipv4Text(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((n >> shift) & 0xffn)).join('.');
}

/**
 * IPv6 address `n` in RFC 5952 canonical form, as Go's `netip.Addr.String` writes it: lowercase hex groups without
 * leading zeros, the longest run of two or more zero groups (the first of equal runs) written `::`.
 */
function ipv6Text(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => (n >> BigInt(112 - 16 * i)) & 0xffffn);
  let run = { at: -1, length: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > run.length) run = { at: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  return run.at < 0 ? hex.join(':') : `${hex.slice(0, run.at).join(':')}::${hex.slice(run.at + run.length).join(':')}`;
}

/**
 * `value` as the API server's lenient reader (`ParseCIDRSloppy`, Go 1.16's `net.ParseCIDR`) reads a CIDR block:
 * decimal IPv4 octets and prefix length with leading zeros allowed, bits past the prefix allowed; `undefined` when
 * even that reader refuses it.
 */
function sloppyCidr(value: unknown): { family: 4 | 6; address: bigint; prefix: number; leadingZeros: boolean } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([^/%]+)\/([0-9]{1,3})$/.exec(value);
  if (!match) return undefined;
  const octets = /^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$/.exec(match[1]);
  const family = octets ? 4 : isIP(match[1]) === 6 ? 6 : undefined;
  const prefix = Number(match[2]);
  if (family === undefined || (octets && octets.slice(1).some((o) => Number(o) > 255)) || prefix > (family === 4 ? 32 : 128)) return undefined;
  const address = family === 4 ? ipv4Number(match[1]) : ipv6Number(match[1]);
  const leadingZeros = /(^|[./])0[0-9]/.test(family === 4 ? value : `/${match[2]}`);
  return { family, address, prefix, leadingZeros };
}

/**
 * Why CIDR block `value` is refused, with the block to write instead, or `undefined` when it is a CIDR block in its
 * canonical form. Kubernetes' `IsValidCIDRForLegacyField` (apimachinery pkg/api/validation/ip.go) refuses, under the
 * `StrictIPCIDRValidation` feature gate (KEP-4858, alpha in 1.33), leading zeros (libc reads `010` as octal 8, Go as
 * 10), IPv4-mapped IPv6 addresses and bits set past the prefix, and `GetWarningsForCIDR` warns of each and of IPv6
 * not in RFC 5952 form without it; Cilium clears bits past the prefix without a word. The canonical form is the one
 * reading all of them share: the block's first address, IPv4 as IPv4, IPv6 in RFC 5952 form.
 */
export function cidrFault(value: unknown): { readonly message: string; readonly fix: string } | undefined {
  const cidr = sloppyCidr(value);
  if (cidr === undefined) {
    return { message: 'is not a CIDR block', fix: "write an IPv4 or IPv6 address and a prefix length, e.g. '10.20.0.0/16' or 'fd00:10::/64'." };
  }
  const bits = cidr.family === 4 ? 32 : 128;
  const size = 1n << BigInt(bits - cidr.prefix);
  const first = (cidr.address / size) * size;
  const mapped = cidr.family === 6 && cidr.address >> 32n === 0xffffn;
  const asIpv4 = mapped && cidr.prefix >= 96;
  const text = (n: bigint): string => (cidr.family === 4 || asIpv4 ? ipv4Text(n & 0xffffffffn) : ipv6Text(n));
  const canonical = `${text(first)}/${asIpv4 ? cidr.prefix - 96 : cidr.prefix}`;
  if (canonical === value) return undefined;
  const faults = [
    ...(cidr.leadingZeros ? ['has leading zeros (libc reads such an octet as octal, Go as decimal)'] : []),
    ...(mapped ? ['is an IPv4-mapped IPv6 address (some readers match it as IPv4, others as IPv6)'] : []),
    ...(first !== cidr.address ? [`has host bits set past its /${cidr.prefix} prefix (some readers take the block, others the one host)`] : []),
  ];
  const host = mapped ? `${ipv4Text(cidr.address & 0xffffffffn)}/32` : `${text(cidr.address)}/${bits}`;
  const oneHost = first !== cidr.address ? `, or ${host} for the one host` : '';
  return {
    message: faults.length > 0
      ? `${String(value)} ${faults.join(' and ')}: the API server warns of it, and refuses it with StrictIPCIDRValidation on (KEP-4858)`
      : `${String(value)} is not in RFC 5952 canonical form: the API server warns of it`,
    fix: `write ${canonical}${oneHost}.`,
  };
}

/**
 * Whether CIDR block `inner` is a strict subset of `outer`, as Kubernetes requires of each `except` of a
 * NetworkPolicy `ipBlock` (`ValidateIPBlock`): its address lies in `outer` and its prefix is longer.
 */
export function isStrictSubset(inner: unknown, outer: unknown): boolean {
  const innerCidr = parseCidr(inner);
  const outerCidr = parseCidr(outer);
  const innerRange = cidrRange(inner);
  const outerRange = cidrRange(outer);
  if (!innerCidr || !outerCidr || !innerRange || !outerRange || innerRange.family !== outerRange.family) return false;
  return innerRange.first >= outerRange.first && innerRange.first <= outerRange.last && innerCidr.prefix > outerCidr.prefix;
}

/** How many addresses of `within` at least one of `ranges` covers (ranges of another family cover none). */
export function coveredAddresses(ranges: readonly AddressRange[], within: AddressRange): bigint {
  const clipped = ranges
    .filter((r) => r.family === within.family && r.last >= within.first && r.first <= within.last)
    .map((r) => ({ first: r.first > within.first ? r.first : within.first, last: r.last < within.last ? r.last : within.last }))
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let covered = 0n;
  let next = within.first;
  for (const r of clipped) {
    const from = r.first > next ? r.first : next;
    if (r.last >= from) {
      covered += r.last - from + 1n;
      next = r.last + 1n;
    }
  }
  return covered;
}

/**
 * The internet of each address family: every IPv4 address, and IPv6's global unicast block `2000::/3` (the only
 * block IANA allocates public unicast addresses from; the rest is reserved, link-local, unique-local or multicast).
 */
export const INTERNET_RANGES: Readonly<Record<4 | 6, AddressRange>> = {
  4: { family: 4, first: 0n, last: 0xffffffffn },
  6: { family: 6, first: 0x2000n << 112n, last: (0x4000n << 112n) - 1n },
};
/* eslint-enable no-bitwise */

/** Egress address blocks may cover less than this share (1/n) of the internet of their address family (KH-NET-003). */
export const INTERNET_SHARE_LIMIT = 16n;

/** How many addresses of `family`'s internet (`INTERNET_RANGES`) `ranges` cover, and how many it has. */
export function internetShare(ranges: readonly AddressRange[], family: 4 | 6): [covered: bigint, size: bigint] {
  const internet = INTERNET_RANGES[family];
  return [coveredAddresses(ranges, internet), internet.last - internet.first + 1n];
}

/** `part` of `whole` as a percentage with up to two decimals, e.g. `6.25%`. */
export function sharePercent(part: bigint, whole: bigint): string {
  return `${Number((part * 10000n) / whole) / 100}%`;
}

/** IPv4's link-local block (RFC 3927): routers never forward a packet from or to it, so its sources are on the link. */
const IPV4_LINK_LOCAL = cidrRange('169.254.0.0/16') as AddressRange;

/**
 * IPv6's locally assigned unique local block (RFC 4193 §3.1, `fc00::/7` with L = 1): prefixes drawn at random, so they
 * do not collide, and routed within a site only, never on the internet.
 */
const IPV6_UNIQUE_LOCAL = cidrRange('fd00::/8') as AddressRange;

/** Whether `value` is one address of `block`, written in its family as a block of one address (`/32`, `/128`). */
function isHostIn(value: unknown, block: AddressRange): boolean {
  const range = parseCidr(value)?.family === block.family ? cidrRange(value) : undefined;
  return range !== undefined && range.family === block.family && range.first === range.last
    && range.first >= block.first && range.last <= block.last;
}

/** Checks one IPv4 link-local address written as a `/32` block in canonical form (`checkCidr`), e.g. `169.254.7.127/32`. */
export function checkLinkLocalHost(problems: Problems, field: string, value: unknown): void {
  if (!isHostIn(value, IPV4_LINK_LOCAL)) {
    problems.add(field, value, 'is not one IPv4 link-local address (169.254.0.0/16) written as a /32 block', "write e.g. '169.254.7.127/32'.");
  } else {
    checkCidr(problems, field, value);
  }
}

/** Checks one IPv6 unique local address (`fd00::/8`) written as a `/128` block in canonical form (`checkCidr`), e.g. `fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128`. */
export function checkUniqueLocalHost(problems: Problems, field: string, value: unknown): void {
  if (!isHostIn(value, IPV6_UNIQUE_LOCAL)) {
    problems.add(
      field, value, 'is not one IPv6 unique local address (fd00::/8) written as a /128 block',
      "write e.g. 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128'.",
    );
  } else {
    checkCidr(problems, field, value);
  }
}
