import { K8sObject } from '../../../core/manifest';
import { RUNTIME_COVERAGE_LABEL } from '../../../core/workload-annotations';
import { perAudit } from '../../context';
import { listField, objectAt, objectField, ownField, readOf, stringField, unlessWronglyTyped } from '../../field-types';
import { asArray, asObject, Json } from '../../pod-spec';
import { AuditContext } from '../../rule';

const EXEC_HOOKS = new Set(['security_bprm_check', 'bprm_check_security', 'sched_process_exec', 'sys_execve', '__x64_sys_execve']);
const ENFORCING_ACTIONS = new Set(['Sigkill', 'Override']);

/** The hook lists of a Tetragon policy, with the field that names each hook. */
const HOOK_LISTS: readonly (readonly [string, string])[] = [['kprobes', 'call'], ['lsmhooks', 'hook'], ['tracepoints', 'event']];

/** One hook of a Tetragon policy, and its path. */
interface Hook {
  readonly hook: Json;
  readonly at: string;
}

/** The exec hooks of a Tetragon policy (kprobes, LSM hooks, tracepoints) that watch process execution; fields of the wrong type are noted. */
function execHooks(policy: K8sObject): Hook[] {
  const spec = objectField(policy, 'spec', '') ?? {};
  return HOOK_LISTS.flatMap(([list, nameKey]) => listField(spec, list, 'spec').flatMap((raw, index): Hook[] => {
    const at = `spec.${list}[${index}]`;
    const hook = objectAt(raw, `spec.${list}`, index);
    const name = stringField(hook, nameKey, at);
    return hook !== undefined && name !== undefined && EXEC_HOOKS.has(name) ? [{ hook, at }] : [];
  }));
}

/** The values of field `key` of each object of the list `list` of `holder` (at `at`); fields of the wrong type are noted. */
function itemStrings(holder: Json, list: string, key: string, at: string): (string | undefined)[] {
  return listField(holder, list, at).map((raw, index) => stringField(objectAt(raw, `${at}.${list}`, index), key, `${at}.${list}[${index}]`));
}

/**
 * Whether a Tetragon policy hooks process execution. Not when a field that decides it is of the wrong type
 * (noted as the policy's): Kubernetes rejects the policy.
 */
export function watchesExec(policy: K8sObject): boolean {
  return readOf(policy, () => unlessWronglyTyped(() => execHooks(policy).length > 0, false));
}

/**
 * Whether a TracingPolicy hooks process execution on every pod: it watches exec (see `watchesExec`) and has no
 * `podSelector` (absent or null); a podSelector of the wrong type is noted, and the policy does not.
 */
export function watchesEveryExec(policy: K8sObject): boolean {
  return readOf(policy, () => unlessWronglyTyped(() => execHooks(policy).length > 0
    && objectField(objectField(policy, 'spec', ''), 'podSelector', 'spec') === undefined, false));
}

/**
 * The mode of the exec allow-list a Tetragon policy implements: an exec hook with a selector matching binaries
 * *not* in a list (`NotEqual`/`NotPrefix`/`NotPostfix`), `enforce` when such a selector kills or overrides,
 * `audit` when it only posts; `undefined` when the policy is no allow-list, or when a field that decides it is of the
 * wrong type (noted as the policy's): Kubernetes rejects the policy.
 */
export function allowListMode(policy: K8sObject): 'enforce' | 'audit' | undefined {
  return readOf(policy, () => unlessWronglyTyped(() => {
    const selectors = execHooks(policy).flatMap(({ hook, at }) => listField(hook, 'selectors', at)
      .map((s, index) => ({ selector: objectAt(s, `${at}.selectors`, index) ?? {}, at: `${at}.selectors[${index}]` })))
      .filter(({ selector, at }) => itemStrings(selector, 'matchArgs', 'operator', at).some((op) => op !== undefined && /^Not/.test(op)));
    if (selectors.length === 0) return undefined;
    const enforcing = selectors.map(({ selector, at }) => itemStrings(selector, 'matchActions', 'action', at).some((a) => a !== undefined && ENFORCING_ACTIONS.has(a)));
    return enforcing.includes(true) ? 'enforce' : 'audit';
  }, undefined));
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
