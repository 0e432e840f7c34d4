import { K8sObject } from '../../core/manifest';
import { RUNTIME_COVERAGE_LABEL } from '../../core/workload-annotations';

/**
 * The runtime monitoring gaps RuntimeThreatDetection records in its `kube-harden.io/runtime-coverage` ConfigMaps
 * (Kata guests are invisible to host eBPF), as report notes naming the workload, the gap and the compensating controls.
 */
export function runtimeCoverageNotes(objects: readonly K8sObject[]): string[] {
  const notes: string[] = [];
  for (const o of objects) {
    if (o.kind !== 'ConfigMap' || o.metadata?.labels?.[RUNTIME_COVERAGE_LABEL] !== 'true') continue;
    const text = (o.data as Record<string, unknown> | undefined)?.['coverage.json'];
    let entries: unknown;
    try {
      entries = typeof text === 'string' ? JSON.parse(text) : undefined;
    } catch {
      entries = undefined;
    }
    if (!Array.isArray(entries)) {
      notes.push(`Runtime coverage ConfigMap ${o.metadata.namespace ?? ''}/${o.metadata.name} has no readable coverage.json: the monitoring gaps are unknown.`);
      continue;
    }
    for (const e of entries) {
      if (typeof e !== 'object' || e === null || e.monitoredBy !== 'none') continue;
      const controls = Array.isArray(e.compensatingControls) && e.compensatingControls.length > 0
        ? ` Compensating controls: ${e.compensatingControls.join('; ')}.` : ' No compensating controls are recorded.';
      notes.push(`Runtime monitoring gap: ${String(e.workload)} (${String(e.runtime)}) is not watched by host eBPF. ${String(e.gap ?? '')}${controls}`.replace(/\s+/g, ' ').trim());
    }
  }
  return [...new Set(notes)].sort();
}
