import { K8sObject } from '../../../core/manifest';
import { RUNTIME_COVERAGE_LABEL } from '../../../core/workload-annotations';
import { perAudit } from '../../context';
import { ownField } from '../../field-types';
import { asArray, asObject } from '../../pod-spec';
import { AuditContext } from '../../rule';

const EXEC_HOOKS = new Set(['security_bprm_check', 'bprm_check_security', 'sched_process_exec', 'sys_execve', '__x64_sys_execve']);
const ENFORCING_ACTIONS = new Set(['Sigkill', 'Override']);

/** The exec hooks of a Tetragon policy (kprobes, LSM hooks, tracepoints) that watch process execution. */
function execHooks(policy: K8sObject): Readonly<Record<string, unknown>>[] {
  const spec = asObject(policy.spec) ?? {};
  return [
    ...asArray(spec.kprobes).map((k) => [asObject(k), asObject(k)?.call] as const),
    ...asArray(spec.lsmhooks).map((k) => [asObject(k), asObject(k)?.hook] as const),
    ...asArray(spec.tracepoints).map((t) => [asObject(t), asObject(t)?.event] as const),
  ].filter(([hook, name]) => hook !== undefined && typeof name === 'string' && EXEC_HOOKS.has(name)).map(([hook]) => hook!);
}

/** Whether a Tetragon policy hooks process execution. */
export function watchesExec(policy: K8sObject): boolean {
  return execHooks(policy).length > 0;
}

/**
 * The mode of the exec allow-list a Tetragon policy implements: an exec hook with a selector matching binaries
 * *not* in a list (`NotEqual`/`NotPrefix`/`NotPostfix`), `enforce` when such a selector kills or overrides,
 * `audit` when it only posts; `undefined` when the policy is no allow-list.
 */
export function allowListMode(policy: K8sObject): 'enforce' | 'audit' | undefined {
  const selectors = execHooks(policy).flatMap((hook) => asArray(hook.selectors).map((s) => asObject(s) ?? {}))
    .filter((s) => asArray(s.matchArgs).some((a) => /^Not/.test(String(asObject(a)?.operator ?? ''))));
  if (selectors.length === 0) return undefined;
  const enforcing = selectors.some((s) => asArray(s.matchActions).some((a) => ENFORCING_ACTIONS.has(String(asObject(a)?.action))));
  return enforcing ? 'enforce' : 'audit';
}

/** Whether a ConfigMap holds Falco rules on process execution. */
export function isFalcoExecRules(configMap: K8sObject): boolean {
  return Object.values(asObject(configMap.data) ?? {}).some((v) => typeof v === 'string' && /-\s*rule:/.test(v) && /execve|spawned_process/.test(v));
}

/** One entry of a RuntimeThreatDetection coverage ConfigMap (`coverage.json`), as far as the audit reads it. */
export interface CoverageEntry {
  /** `namespace/name` of the workload. */
  readonly workload: string;
  /** What watches it (`tetragon`, `falco-gvisor` or `none`). */
  readonly monitoredBy: string;
  /** Allow-list mode (`enforce` or `audit`). */
  readonly mode: string;
  /** Whether compensating controls are stated (for an unmonitored workload). */
  readonly compensated: boolean;
}

/**
 * Whether a ConfigMap is a RuntimeThreatDetection coverage ConfigMap (`kube-harden.io/runtime-coverage: "true"`), or
 * `wrong` when the label is of the wrong JSON type (`true` unquoted: Kubernetes rejects the ConfigMap). Read as it
 * is, not noted: a rule that reads it judges another object.
 */
export function coverageLabel(configMap: K8sObject): 'true' | 'wrong' | undefined {
  const value = ownField(asObject(configMap.metadata?.labels), RUNTIME_COVERAGE_LABEL);
  if (value === 'true') return 'true';
  return value === undefined || value === null || typeof value === 'string' ? undefined : 'wrong';
}

/** The entries of every RuntimeThreatDetection coverage ConfigMap of the audit (a malformed one states nothing), read once per audit. */
export const coverageEntries: (context: AuditContext) => readonly CoverageEntry[] = perAudit(readCoverageEntries);

/** The coverage entries of the audit by workload (`namespace/name`), in the order of `coverageEntries`. */
export const coverageByWorkload: (context: AuditContext) => ReadonlyMap<string, readonly CoverageEntry[]> = perAudit((context) => {
  const byWorkload = new Map<string, CoverageEntry[]>();
  for (const entry of coverageEntries(context)) {
    const list = byWorkload.get(entry.workload);
    if (list) list.push(entry);
    else byWorkload.set(entry.workload, [entry]);
  }
  return byWorkload;
});

function readCoverageEntries(context: AuditContext): CoverageEntry[] {
  const entries: CoverageEntry[] = [];
  // (a label of the wrong type states no coverage: its entries clear no workload)
  for (const cm of context.objectsOfKind('ConfigMap').filter((c) => coverageLabel(c) === 'true')) {
    try {
      for (const raw of asArray(JSON.parse(String(asObject(cm.data)?.['coverage.json'] ?? '[]')))) {
        const entry = asObject(raw) ?? {};
        entries.push({
          workload: String(entry.workload),
          monitoredBy: String(entry.monitoredBy),
          mode: String(entry.mode),
          compensated: asArray(entry.compensatingControls).length > 0,
        });
      }
    } catch {
      // a malformed coverage ConfigMap states nothing
    }
  }
  return entries;
}

/**
 * Whether the audit holds any runtime monitoring output (Tetragon policies, Falco exec rules, coverage ConfigMaps, one
 * whose label is of the wrong type too: what it does not clear fails, not unknown); decided once per audit.
 */
export const hasRuntimeMonitoring: (context: AuditContext) => boolean = perAudit((context) => context.objectsOfKind('TracingPolicy').length > 0
  || context.objectsOfKind('TracingPolicyNamespaced').length > 0
  || context.objectsOfKind('ConfigMap').some((c) => isFalcoExecRules(c) || coverageLabel(c) !== undefined));

/** The ConfigMaps of the audit that hold Falco rules on process execution, found once per audit. */
export const falcoExecRules: (context: AuditContext) => readonly K8sObject[] = perAudit((context) => context.objectsOfKind('ConfigMap').filter(isFalcoExecRules));
