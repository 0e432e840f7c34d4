import { Json, asArray, asObject } from '../pod-spec';
import { labelsAsSelector, selectorMatches } from '../selector';
import { ClusterModel, PolicyObject, ServiceInfo, Workload, authorizationSelector, authorizationTargets } from './model';
import { isSet } from './reading';
import { attaches, selectorLabelsMatch, sourcesOf } from '../rules/mesh/istio';

/**
 * Istio AuthorizationPolicy at L4 and identity (istio.io "Authorization Policy" reference and
 * `pilot/pkg/security/authz/builder`; ambient: istio.io "Use Layer 4 security policy"):
 * CUSTOM is not modelled; a matching DENY rule denies; when ALLOW policies apply, one of their rules must match,
 * otherwise everything is allowed; an ALLOW policy without rules (allow-nothing) matches nothing.
 * Where L7 is enforced (sidecar, waypoint) a rule with HTTP conditions matches some requests of a flow: an ALLOW
 * still opens the flow (marked L7), a DENY does not close it. ztunnel enforces L4 only: an ALLOW rule with L7
 * attributes never matches and a DENY rule is enforced on its L4 attributes alone (fail closed).
 */

/** Who is connecting, as the enforcing proxy sees it. */
export interface SourceIdentity {
  /** SPIFFE principal `<trust domain>/ns/<ns>/sa/<sa>` (absent: plaintext). */
  readonly principal?: string;
  /** Namespace from the principal (absent: plaintext). */
  readonly namespace?: string;
}

/** Where a policy is enforced: `l7` (sidecar, waypoint) or `l4` (ztunnel). */
export type Enforcement = 'l7' | 'l4';

/** The Istio verdict on a flow. */
export interface IstioVerdict {
  /** Whether the flow is allowed. */
  readonly allowed: boolean;
  /** The ALLOW policies that let it through, or the DENY / allow-nothing that stops it. */
  readonly by: readonly string[];
  /** Whether only some requests are allowed (HTTP conditions). */
  readonly l7: boolean;
}

type RuleMatch = 'no' | 'yes' | 'partial';

const L7_SOURCE_FIELDS = ['requestPrincipals', 'notRequestPrincipals'];
const L7_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const L4_CONDITION_KEYS = new Set(['source.principal', 'source.namespace', 'destination.port']);

/** The strings of a list field (anything else in it is ignored). */
export function strings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** Istio string match: exact, `prefix*`, `*suffix` or `*`. */
export function istioStringMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

function anyMatches(patterns: string[], value: string | undefined): boolean {
  return value !== undefined && patterns.some((p) => istioStringMatches(p, value));
}

/** Matches a positive/negative field pair; `undefined` when neither is set (a field set to null is not). */
function pair(obj: Json, field: string, notField: string, value: string | undefined): boolean | undefined {
  const positive = isSet(obj[field]) ? anyMatches(strings(obj[field]), value) : undefined;
  const negative = isSet(obj[notField]) ? !anyMatches(strings(obj[notField]), value) : undefined;
  if (positive === undefined) return negative;
  return negative === undefined ? positive : positive && negative;
}

function combine(l4: boolean, hasL7: boolean, enforcement: Enforcement, action: string): RuleMatch {
  if (!l4) return 'no';
  if (!hasL7) return 'yes';
  if (enforcement === 'l4') return action === 'DENY' ? 'yes' : 'no';
  return 'partial';
}

function sourceMatch(source: Json, src: SourceIdentity): { l4: boolean; l7: boolean } {
  const checks = [
    pair(source, 'principals', 'notPrincipals', src.principal),
    pair(source, 'namespaces', 'notNamespaces', src.namespace),
    // Pod addresses are unknown here: an address block never matches, an excluded one always does.
    isSet(source.ipBlocks) || isSet(source.remoteIpBlocks) ? false : undefined,
  ];
  return { l4: checks.every((c) => c !== false), l7: L7_SOURCE_FIELDS.some((f) => isSet(source[f])) };
}

function operationMatch(operation: Json, port: number | '*'): { l4: boolean; l7: boolean } {
  const p = port === '*' ? undefined : String(port);
  const ports = pair(operation, 'ports', 'notPorts', p);
  return { l4: ports !== false, l7: L7_OPERATION_FIELDS.some((f) => isSet(operation[f])) };
}

function conditionMatch(condition: Json, src: SourceIdentity, port: number | '*'): { l4: boolean; l7: boolean } {
  const key = String(condition.key ?? '');
  if (!L4_CONDITION_KEYS.has(key)) return { l4: true, l7: true };
  const value = key === 'source.principal' ? src.principal : key === 'source.namespace' ? src.namespace : port === '*' ? undefined : String(port);
  return { l4: pair(condition, 'values', 'notValues', value) !== false, l7: false };
}

/** A policy's action: `ALLOW` when it sets none. */
export function policyAction(policy: PolicyObject): string {
  return typeof policy.spec.action === 'string' ? policy.spec.action : 'ALLOW';
}

/** A policy's rules (an item that is not an object is an empty rule). */
export function policyRules(policy: PolicyObject): Json[] {
  return asArray(policy.spec.rules).map((r) => asObject(r) ?? {});
}

function ruleMatch(rule: Json, src: SourceIdentity, port: number | '*', enforcement: Enforcement, action: string): RuleMatch {
  let l7 = false;
  const from = sourcesOf(rule);
  if (from.length > 0) {
    const matches = from.map((s) => sourceMatch(s, src)).filter((m) => m.l4);
    if (matches.length === 0) return 'no';
    l7 ||= matches.every((m) => m.l7);
  }
  const to = asArray(rule.to).map((t) => asObject(asObject(t)?.operation) ?? {});
  if (to.length > 0) {
    const matches = to.map((o) => operationMatch(o, port)).filter((m) => m.l4);
    if (matches.length === 0) return 'no';
    l7 ||= matches.every((m) => m.l7);
  }
  for (const condition of asArray(rule.when).map((c) => asObject(c) ?? {})) {
    const m = conditionMatch(condition, src, port);
    if (!m.l4) return 'no';
    l7 ||= m.l7;
  }
  return combine(true, l7, enforcement, action);
}

/** Evaluates the policies that apply at one enforcement point. */
export function evaluateAuthorization(
  policies: readonly PolicyObject[], src: SourceIdentity, port: number | '*', enforcement: Enforcement,
): IstioVerdict {
  const allows: PolicyObject[] = [];
  for (const policy of policies) {
    const action = policyAction(policy);
    if (action === 'DENY') {
      if (policyRules(policy).some((r) => ruleMatch(r, src, port, enforcement, 'DENY') === 'yes')) {
        return { allowed: false, by: [policy.ref], l7: false };
      }
    } else if (action === 'ALLOW') {
      allows.push(policy);
    }
  }
  if (allows.length === 0) return { allowed: true, by: [], l7: false };
  const by: string[] = [];
  let full = false;
  for (const policy of allows) {
    const matches = policyRules(policy).map((r) => ruleMatch(r, src, port, enforcement, 'ALLOW'));
    if (matches.includes('yes')) {
      by.push(policy.ref);
      full = true;
    } else if (matches.includes('partial')) {
      by.push(policy.ref);
    }
  }
  return by.length > 0 ? { allowed: true, by, l7: !full } : { allowed: false, by: allows.map((p) => p.ref), l7: false };
}

/** Istio policies of the workload, by enforcement point. */
export interface WorkloadAuthorization {
  /** Policies the workload's own proxy (sidecar) or ztunnel enforces: root, namespace and selector policies. */
  readonly workload: readonly PolicyObject[];
  /** Policies its waypoint enforces (`targetRefs` to its Service, to the waypoint or to every waypoint: `attaches`). */
  readonly waypoint: readonly PolicyObject[];
}

/** Sorts the AuthorizationPolicies that apply to `workload` by where they are enforced. */
export function authorizationFor(model: ClusterModel, workload: Workload, rootNamespace: string): WorkloadAuthorization {
  const own: PolicyObject[] = [];
  const waypoint: PolicyObject[] = [];
  let services: string[] | undefined;
  for (const policy of model.authorizationPolicies) {
    if (policy.namespace !== workload.namespace && policy.namespace !== rootNamespace) continue;
    const targets = authorizationTargets(policy);
    if (targets !== undefined) {
      // (Istio attaches a policy by targetRefs at waypoints only: a sidecar or ztunnel ignores it)
      if (workload.waypoint === undefined) continue;
      services ??= model.services.filter((s) => serviceSelects(s, workload)).map((s) => s.name);
      const pods = { namespace: workload.namespace, services, waypoint: workload.waypoint };
      if (targets.some((target) => attaches(target, policy.namespace, pods, rootNamespace))) waypoint.push(policy);
      continue;
    }
    // (the selector as the audit's rules read and match it: a value set to null selects no pod)
    const selector = authorizationSelector(policy);
    if (selector === undefined || selectorLabelsMatch(selector, workload.labels)) own.push(policy);
  }
  return { workload: own, waypoint };
}

/** Whether `service` selects the pods of `workload` (of its namespace, with a selector that is not empty). */
function serviceSelects(service: ServiceInfo, workload: Workload): boolean {
  return service.namespace === workload.namespace && service.selector !== undefined && Object.keys(service.selector).length > 0
    && Object.entries(service.selector).every(([k, v]) => workload.labels[k] === v);
}

/** Whether plaintext is refused at `workload` (PeerAuthentication STRICT: workload, then namespace, then root). */
export function strictMtls(model: ClusterModel, workload: Workload, rootNamespace: string): boolean {
  const modeOf = (p: PolicyObject | undefined): string | undefined => {
    const mode = asObject(p?.spec.mtls)?.mode;
    return typeof mode === 'string' && mode !== 'UNSET' ? mode : undefined;
  };
  const candidates = model.peerAuthentications;
  const bySelector = candidates.find((p) => p.namespace === workload.namespace && asObject(p.spec.selector) !== undefined
    && selectorMatches(labelsAsSelector(asObject(p.spec.selector)!.matchLabels), workload.labels));
  const byNamespace = candidates.find((p) => p.namespace === workload.namespace && !isSet(p.spec.selector));
  const byRoot = candidates.find((p) => p.namespace === rootNamespace && !isSet(p.spec.selector));
  return (modeOf(bySelector) ?? modeOf(byNamespace) ?? modeOf(byRoot)) === 'STRICT';
}
