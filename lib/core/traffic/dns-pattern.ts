/**
 * Cilium's DNS name matching (`rules.dns[].matchName` / `matchPattern`, `toFQDNs`), as its DNS proxy applies it, and the
 * names a pod's resolver sends for a lookup. Framework-free and pure, so the audit's reachability engine reuses them.
 *
 * Semantics of Cilium `pkg/fqdn/matchpattern/matchpattern.go` (`Sanitize`, `ToAnchoredRegexp`, `escapeRegexpCharacters`):
 * - the pattern is trimmed and lower-cased; a pattern made only of `*` (optionally with a final `.`) matches every
 *   name: one or more labels of `[-a-zA-Z0-9_]`, each followed by a dot, or the root `.`;
 * - otherwise the pattern is made fully qualified (a final `.` is added), a leading `**.` matches one or more whole
 *   labels, every other run of `*` matches zero or more characters of `[-a-zA-Z0-9_]` (never a dot), and `.` is literal;
 * - the whole name must match (anchored).
 * The DNS proxy lower-cases the query name before matching it.
 */

const DNS_CHARS = '[-a-zA-Z0-9_]';
/** Leading `**.`: one or more whole labels. */
const SUBDOMAIN_WILDCARD = `(${DNS_CHARS}+([.]${DNS_CHARS}+){0,})[.]`;
const MATCH_ALL = new RegExp(`(^(${DNS_CHARS}+[.])+$)|(^[.]$)`);

/** Whether a pattern is Cilium's match-all wildcard: only `*`, with an optional final dot (`*`, `**`, `*.`). */
function isDnsWildcard(pattern: string): boolean {
  const body = pattern.endsWith('.') ? pattern.slice(0, -1) : pattern;
  return body.length > 0 && /^\*+$/.test(body);
}

/** The anchored regular expression Cilium builds from a `matchPattern` (after sanitizing it to a fully qualified name). */
export function dnsPatternRegExp(pattern: string): RegExp {
  const p = pattern.trim().toLowerCase();
  if (isDnsWildcard(p)) return MATCH_ALL;
  const fqdn = p.endsWith('.') ? p : `${p}.`;
  let out = '';
  let start = 0;
  const leadingStars = /^\*+/.exec(fqdn)?.[0].length ?? 0;
  if (leadingStars >= 2 && fqdn[leadingStars] === '.') {
    out += SUBDOMAIN_WILDCARD;
    start = leadingStars + 1;
  }
  for (let i = start; i < fqdn.length; i++) {
    const c = fqdn[i];
    if (c === '.') {
      out += '[.]';
    } else if (c === '*') {
      while (fqdn[i + 1] === '*') i++;
      out += `${DNS_CHARS}*`;
    } else {
      out += c.replace(/[\\^$|?+()[\]{}]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** Whether Cilium's DNS proxy lets a query for `name` through a `matchPattern` of `pattern`. */
export function dnsPatternMatches(pattern: string, name: string): boolean {
  return dnsPatternRegExp(pattern).test(name.toLowerCase());
}

/** Whether a `matchName` admits `name` (exact, case-insensitive, both made fully qualified). */
export function dnsNameMatches(matchName: string, name: string): boolean {
  const fqdn = (n: string) => (n.endsWith('.') ? n : `${n}.`).toLowerCase();
  return fqdn(matchName.trim()) === fqdn(name);
}

/** One Cilium FQDN selector: an exact name or a pattern. */
export interface DnsSelector {
  /** Exact name. */
  readonly matchName?: string;
  /** Pattern. */
  readonly matchPattern?: string;
}

/** Whether any of `selectors` (a `rules.dns` list or a `toFQDNs` list) admits `name`. */
export function dnsSelectorsMatch(selectors: readonly DnsSelector[], name: string): boolean {
  return selectors.some((s) => (s.matchName !== undefined && dnsNameMatches(s.matchName, name))
    || (s.matchPattern !== undefined && dnsPatternMatches(s.matchPattern, name)));
}

/**
 * The names a pod's resolver queries, in order, to look up `name` (resolv.conf of a pod in `namespace`: search
 * `<ns>.svc.<domain> svc.<domain> <domain>`, `options ndots:5`). A name with fewer dots than `ndots` walks the search
 * list first, then is tried as is; a name with at least `ndots` dots (or a final dot) is tried as is first.
 */
export function searchPathQueries(name: string, namespace: string, clusterDomain: string, ndots = 5): string[] {
  if (name.endsWith('.')) return [name];
  const search = [`${namespace}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain];
  const expanded = search.map((suffix) => `${name}.${suffix}.`);
  const dots = name.split('.').length - 1;
  return dots >= ndots ? [`${name}.`, ...expanded] : [...expanded, `${name}.`];
}
