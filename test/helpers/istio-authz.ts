/**
 * A small evaluator of Istio AuthorizationPolicy semantics, for tests (reference.md §5.3):
 * CUSTOM, then DENY (any match denies), then ALLOW (no ALLOW policy for the workload: allow; any match: allow; else deny).
 * Rules are OR-ed; inside a rule `from`, `to` and `when` are AND-ed; the fields of one `source` / `operation` are AND-ed;
 * the values of one field are OR-ed. Supports principals, requestPrincipals, namespaces, ports, methods, paths
 * (exact, `prefix*`, `*suffix`, `*`) and their `not*` forms.
 */

/** A request as a workload's proxy sees it. */
export interface Request {
  /** Peer principal from mTLS, absent for plaintext. */
  readonly principal?: string;
  /** `<iss>/<sub>` of a valid JWT, absent without a token. */
  readonly requestPrincipal?: string;
  /** Source namespace from mTLS. */
  readonly namespace?: string;
  /** Destination port. */
  readonly port: number;
  /** HTTP method. */
  readonly method?: string;
  /** HTTP path. */
  readonly path?: string;
}

type Policy = { kind: string; metadata: { name: string; namespace?: string }; spec: any };

function matchValue(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

function field(values: string[] | undefined, notValues: string[] | undefined, actual: string | undefined): boolean {
  if (values !== undefined && !values.some((v) => matchValue(v, actual))) return false;
  if (notValues !== undefined && notValues.some((v) => matchValue(v, actual))) return false;
  return true;
}

function sourceMatches(s: any, r: Request): boolean {
  return field(s.principals, s.notPrincipals, r.principal)
    && field(s.requestPrincipals, s.notRequestPrincipals, r.requestPrincipal)
    && field(s.namespaces, s.notNamespaces, r.namespace);
}

function operationMatches(o: any, r: Request): boolean {
  return field(o.ports, o.notPorts, String(r.port))
    && field(o.methods, o.notMethods, r.method)
    && field(o.paths, o.notPaths, r.path);
}

function ruleMatches(rule: any, r: Request): boolean {
  const from = rule.from === undefined || rule.from.some((f: any) => sourceMatches(f.source ?? {}, r));
  const to = rule.to === undefined || rule.to.some((t: any) => operationMatches(t.operation ?? {}, r));
  return from && to;
}

function policyMatches(policy: Policy, r: Request): boolean {
  return (policy.spec.rules ?? []).some((rule: any) => ruleMatches(rule, r));
}

/** Whether `request` to a workload is allowed by the AuthorizationPolicies that apply to it. */
export function isAllowed(policies: readonly Policy[], request: Request): boolean {
  const applying = policies.filter((p) => p.kind === 'AuthorizationPolicy');
  const action = (p: Policy) => p.spec.action ?? 'ALLOW';
  if (applying.filter((p) => action(p) === 'CUSTOM').some((p) => policyMatches(p, request))) return false;
  if (applying.filter((p) => action(p) === 'DENY').some((p) => policyMatches(p, request))) return false;
  const allow = applying.filter((p) => action(p) === 'ALLOW');
  if (allow.length === 0) return true;
  return allow.some((p) => policyMatches(p, request));
}
