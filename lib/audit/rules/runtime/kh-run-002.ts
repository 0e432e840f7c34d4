import { K8sObject } from '../../../core';
import { asArray, asObject } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const EXEC_HOOKS = new Set(['security_bprm_check', 'bprm_check_security', 'sched_process_exec', 'sys_execve', '__x64_sys_execve']);
const COVERAGE_LABEL = 'kube-harden.io/runtime-coverage';

/** Whether a Tetragon policy hooks process execution. */
function watchesExec(policy: K8sObject): boolean {
  const spec = asObject(policy.spec) ?? {};
  const hooks = [
    ...asArray(spec.kprobes).map((k) => asObject(k)?.call),
    ...asArray(spec.lsmhooks).map((k) => asObject(k)?.hook),
    ...asArray(spec.tracepoints).map((t) => asObject(t)?.event),
  ];
  return hooks.some((h) => typeof h === 'string' && EXEC_HOOKS.has(h));
}

/** Whether a ConfigMap holds Falco rules on process execution. */
function isFalcoExecRules(configMap: K8sObject): boolean {
  return Object.values(asObject(configMap.data) ?? {}).some((v) => typeof v === 'string' && /-\s*rule:/.test(v) && /execve|spawned_process/.test(v));
}

/** Kata workloads of the namespace (host eBPF cannot see inside their VMs). */
function kataWorkloads(context: Parameters<ManifestRule['check']>[1], namespace: string): string[] {
  return ['Deployment', 'StatefulSet', 'DaemonSet']
    .flatMap((kind) => context.objectsOfKind(kind, namespace))
    .filter((w) => /kata/.test(String(asObject(asObject(asObject(w.spec)?.template)?.spec)?.runtimeClassName ?? '')))
    .map((w) => `${namespace}/${w.metadata.name}`);
}

/** Workloads whose monitoring gap a RuntimeThreatDetection coverage ConfigMap states. */
function statedGaps(context: Parameters<ManifestRule['check']>[1]): Set<string> {
  const stated = new Set<string>();
  for (const cm of context.objectsOfKind('ConfigMap').filter((c) => c.metadata.labels?.[COVERAGE_LABEL] === 'true')) {
    try {
      for (const entry of JSON.parse(String(asObject(cm.data)?.['coverage.json'] ?? '[]'))) {
        if (entry?.monitoredBy === 'none' && asArray(entry.compensatingControls).length > 0) stated.add(String(entry.workload));
      }
    } catch {
      // a malformed coverage ConfigMap states nothing
    }
  }
  return stated;
}

/**
 * KH-RUN-002: process execution in the namespace is monitored: a cluster-wide Tetragon TracingPolicy (without a pod
 * selector) or a TracingPolicyNamespaced in the namespace hooks exec, or Falco rules on exec are deployed. Kata pods
 * are invisible to host eBPF: their gap and compensating controls must be stated (RuntimeThreatDetection coverage).
 * Without any monitoring object in the audit, the namespace is unknown (the monitoring is usually audited apart).
 */
export const KH_RUN_002: ManifestRule = {
  id: 'KH-RUN-002',
  area: 'runtime',
  title: 'Runtime exec monitoring covers the namespace',
  severity: 'error',
  guideSection: '3.2',
  controls: { nsa: ['Audit logging and threat detection'], mlps: ['8.1.4.3', '8.1.4.4'] },
  remediation: 'Render a RuntimeThreatDetection (cluster detections plus exec allow-lists) and list Kata workloads in it.',
  appliesTo: ['Namespace'],
  check: (object, context) => {
    const name = object.metadata.name;
    const cluster = context.objectsOfKind('TracingPolicy');
    const namespaced = context.objectsOfKind('TracingPolicyNamespaced', name);
    const falco = context.objectsOfKind('ConfigMap').filter(isFalcoExecRules);
    const covered = cluster.some((p) => watchesExec(p) && asObject(p.spec)?.podSelector === undefined)
      || namespaced.some(watchesExec) || falco.length > 0;
    const anyMonitoring = cluster.length > 0 || context.objectsOfKind('TracingPolicyNamespaced').length > 0 || falco.length > 0;
    if (!anyMonitoring) {
      return [{ message: 'the audit holds no TracingPolicy or Falco rules: audit the cluster\'s monitoring with the namespace', unknown: true }];
    }
    const violations: RuleViolation[] = covered ? [] : [{ message: 'no Tetragon policy or Falco rule watches process execution in this namespace' }];
    const stated = statedGaps(context);
    for (const workload of kataWorkloads(context, name).filter((w) => !stated.has(w))) {
      violations.push({ message: `${workload} runs on Kata, invisible to host eBPF, and no RuntimeThreatDetection coverage states the gap and its compensating controls` });
    }
    return violations;
  },
};
