import { K8sObject } from '../../core/manifest';
import { RUNTIME_COVERAGE_LABEL } from '../../core/workload-annotations';
import { isKind } from '../kinds';
import { coverageLabel } from '../rules/runtime/monitoring';

/**
 * The runtime monitoring gaps RuntimeThreatDetection records in its `kube-harden.io/runtime-coverage` ConfigMaps
 * (Kata guests are invisible to host eBPF), as report notes naming the workload, the gap and the compensating controls.
 * A ConfigMap whose label is of the wrong JSON type gets a note that its gaps are unknown.
 */
export function runtimeCoverageNotes(objects: readonly K8sObject[]): string[] {
  const notes: string[] = [];
  for (const o of objects) {
    const label = isKind(o, 'ConfigMap') ? coverageLabel(o) : undefined;
    if (label === 'wrong') {
      notes.push(`Runtime coverage ConfigMap ${o.metadata.namespace ?? ''}/${o.metadata.name} has a ${RUNTIME_COVERAGE_LABEL} label that is not a string (Kubernetes rejects the ConfigMap): the monitoring gaps are unknown.`);
    }
    if (label !== 'true') continue;
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
      const compensating = Array.isArray(e.compensatingControls) ? e.compensatingControls.filter((c: unknown) => typeof c === 'string') : [];
      const controls = compensating.length > 0 ? ` Compensating controls: ${compensating.join('; ')}.` : ' No compensating controls are recorded.';
      notes.push(`Runtime monitoring gap: ${scalar(e.workload)} (${scalar(e.runtime)}) is not watched by host eBPF. ${scalar(e.gap ?? '')}${controls}`.replace(/\s+/g, ' ').trim());
    }
  }
  return [...new Set(notes)].sort();
}

/** `value` as text when it is no object or array: those are no names (and `String` of a deeply nested array overflows the stack). */
function scalar(value: unknown): string {
  return typeof value === 'object' && value !== null ? '' : String(value);
}
