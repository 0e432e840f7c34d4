/**
 * Cilium's DNS name patterns, converted exactly as `pkg/fqdn/matchpattern/matchpattern.go` does
 * (`ToAnchoredRegexp`, `Sanitize`): names and patterns are lower-cased and fully qualified (trailing dot);
 * a pattern of stars only (`*`, `**.`) matches every name; a leading `**.` matches one or more whole labels;
 * any other `*` matches zero or more DNS characters and never crosses a dot.
 */

const DNS_CHARS = '[-a-zA-Z0-9_]';
const SUBDOMAIN_WILDCARD = `(${DNS_CHARS}+([.]${DNS_CHARS}+){0,})[.]`;

function isDnsWildcard(pattern: string): boolean {
  const body = pattern.endsWith('.') ? pattern.slice(0, -1) : pattern;
  return body.length > 0 && /^\*+$/.test(body);
}

/** A name as Cilium compares it: trimmed, lower case, with a trailing dot. */
export function fullyQualified(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

const compiled = new Map<string, RegExp>();

/** The anchored regular expression of a Cilium `matchPattern` (`ToAnchoredRegexp` of the sanitized pattern). */
export function matchPatternRegExp(pattern: string): RegExp {
  let regExp = compiled.get(pattern);
  if (regExp === undefined) {
    regExp = compile(pattern);
    compiled.set(pattern, regExp);
  }
  return regExp;
}

function compile(pattern: string): RegExp {
  const trimmed = pattern.trim().toLowerCase();
  if (isDnsWildcard(trimmed)) {
    return new RegExp(`(^(${DNS_CHARS}+[.])+$)|(^[.]$)`);
  }
  const sanitized = fullyQualified(trimmed);
  let out = '';
  let start = 0;
  let stars = 0;
  while (stars < sanitized.length && sanitized[stars] === '*') stars++;
  if (stars >= 2 && sanitized[stars] === '.') {
    out += SUBDOMAIN_WILDCARD;
    start = stars + 1;
  }
  for (let i = start; i < sanitized.length; i++) {
    const c = sanitized[i];
    if (c === '.') {
      out += '[.]';
    } else if (c === '*') {
      while (sanitized[i + 1] === '*') i++;
      out += `${DNS_CHARS}*`;
    } else {
      out += c.replace(/[\\^$+?()[\]{}|]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** Whether a Cilium DNS or FQDN selector (`matchName` or `matchPattern`) matches the queried `name`. */
export function dnsSelectorMatches(selector: { readonly matchName?: unknown; readonly matchPattern?: unknown }, name: string): boolean {
  const query = fullyQualified(name);
  if (typeof selector.matchName === 'string' && fullyQualified(selector.matchName) === query) {
    return true;
  }
  return typeof selector.matchPattern === 'string' && matchPatternRegExp(selector.matchPattern).test(query);
}
