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

/** Checks a CIDR block (see `parseCidr`). */
export function checkCidr(problems: Problems, field: string, value: unknown): void {
  if (parseCidr(value) === undefined) {
    problems.add(field, value, 'is not a CIDR block', "write an IPv4 or IPv6 address and a prefix length, e.g. '10.20.0.0/16' or 'fd00:10::/64'.");
  }
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
 * The addresses of a CIDR block (see `parseCidr`), or `undefined` when it is not one. Host bits are ignored, as
 * Kubernetes and Cilium ignore them. An IPv4-mapped IPv6 block (`::ffff:0:0/96` or narrower) is the IPv4 block it
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

/** Checks one IPv4 link-local address written as a `/32` block, e.g. `169.254.7.127/32`. */
export function checkLinkLocalHost(problems: Problems, field: string, value: unknown): void {
  if (!isHostIn(value, IPV4_LINK_LOCAL)) {
    problems.add(field, value, 'is not one IPv4 link-local address (169.254.0.0/16) written as a /32 block', "write e.g. '169.254.7.127/32'.");
  }
}

/** Checks one IPv6 unique local address (`fd00::/8`) written as a `/128` block, e.g. `fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128`. */
export function checkUniqueLocalHost(problems: Problems, field: string, value: unknown): void {
  if (!isHostIn(value, IPV6_UNIQUE_LOCAL)) {
    problems.add(
      field, value, 'is not one IPv6 unique local address (fd00::/8) written as a /128 block',
      "write e.g. 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128'.",
    );
  }
}
