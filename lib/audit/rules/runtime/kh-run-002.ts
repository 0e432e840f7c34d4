import { coverageEntries, falcoExecRules, watchesEveryExec, watchesExec } from './monitoring';
import { asObject } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/** Kata workloads of the namespace (host eBPF cannot see inside their VMs). */
function kataWorkloads(context: Parameters<ManifestRule['check']>[1], namespace: string): string[] {
  return ['Deployment', 'StatefulSet', 'DaemonSet']
    .flatMap((kind) => context.objectsOfKind(kind, namespace))
    .filter((w) => /kata/.test(String(asObject(asObject(asObject(w.spec)?.template)?.spec)?.runtimeClassName ?? '')))
    .map((w) => `${namespace}/${w.metadata.name}`);
}

/** Workloads whose monitoring gap a RuntimeThreatDetection coverage ConfigMap states. */
function statedGaps(context: Parameters<ManifestRule['check']>[1]): Set<string> {
  return new Set(coverageEntries(context).filter((e) => e.monitoredBy === 'none' && e.compensated).map((e) => e.workload));
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
    const falco = falcoExecRules(context);
    const covered = cluster.some(watchesEveryExec)
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
