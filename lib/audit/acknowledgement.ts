import { readApart } from './field-types';
import { FindingAcknowledgement } from './finding';
import { metadataValue, templateMetadataValue } from './pod-spec';
import { acknowledgeAnnotation, ControlId } from '../core/controls';
import { K8sObject } from '../core/manifest';

/**
 * The acknowledgement of rule `id` on `object`: the annotation `kube-harden.io/acknowledge.<id>: <reason>`
 * on the object's metadata or, for workloads, on its pod template's metadata (the object's own wins).
 * An empty or blank reason acknowledges nothing, nor does any when either annotation (or a map holding it) is of the
 * wrong JSON type (Kubernetes rejects the object): the finding stays counted.
 */
export function acknowledgementOf(object: K8sObject, id: ControlId): FindingAcknowledgement | undefined {
  const key = acknowledgeAnnotation(id);
  // (read apart: the engine acknowledges outside a rule's reading, and reports nothing it notes)
  const { value: reasons, wrong } = readApart(() => [metadataValue(object, 'annotations', key), templateMetadataValue(object, 'annotations', key)]);
  if (wrong.length > 0) {
    return undefined;
  }
  for (const reason of reasons) {
    if (reason !== undefined && reason.trim().length > 0) {
      return { reason: reason.trim() };
    }
  }
  return undefined;
}
