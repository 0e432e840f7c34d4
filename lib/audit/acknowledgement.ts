import { FindingAcknowledgement } from './finding';
import { podTemplateMetadata } from './pod-spec';
import { acknowledgeAnnotation, ControlId } from '../core/controls';
import { K8sObject } from '../core/manifest';

/**
 * The acknowledgement of rule `id` on `object`: the annotation `kube-harden.io/acknowledge.<id>: <reason>`
 * on the object's metadata or, for workloads, on its pod template's metadata (the object's own wins).
 * An empty or blank reason acknowledges nothing.
 */
export function acknowledgementOf(object: K8sObject, id: ControlId): FindingAcknowledgement | undefined {
  const key = acknowledgeAnnotation(id);
  for (const annotations of [object.metadata?.annotations, podTemplateMetadata(object)?.annotations]) {
    const reason = annotations?.[key];
    if (typeof reason === 'string' && reason.trim().length > 0) {
      return { reason: reason.trim() };
    }
  }
  return undefined;
}
