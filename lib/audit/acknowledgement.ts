import { readApart } from './field-types';
import { FindingAcknowledgement } from './finding';
import { metadataValue, templateMetadataValue } from './pod-spec';
import { isPrintableReason } from '../core/acknowledgements';
import { acknowledgeAnnotation, ControlId } from '../core/controls';
import { K8sObject } from '../core/manifest';

/** What an object's annotations say about acknowledging a rule. */
export interface AcknowledgementLookup {
  /** The acknowledgement, when an annotation carries a printable reason. */
  readonly acknowledged?: FindingAcknowledgement;
  /** Why an acknowledgement annotation the object carries acknowledges nothing, when none acknowledges. */
  readonly ignored?: string;
}

/**
 * The acknowledgement of rule `id` on `object`: the annotation `kube-harden.io/acknowledge.<id>: <reason>`
 * on the object's metadata or, for workloads, on its pod template's metadata (the object's own wins).
 * A reason acknowledges only when it is printable, the test construction applies (`isPrintableReason`): a blank or
 * invisible reason, or one with control characters (a line break) acknowledges nothing, and `ignored` says so. Nor
 * does any when either annotation (or a map holding it) is of the wrong JSON type (Kubernetes rejects the object):
 * the finding stays counted.
 */
export function acknowledgementLookup(object: K8sObject, id: ControlId): AcknowledgementLookup {
  const key = acknowledgeAnnotation(id);
  // (read apart: the engine acknowledges outside a rule's reading, and reports nothing it notes)
  const { value: reasons, wrong } = readApart(() => [metadataValue(object, 'annotations', key), templateMetadataValue(object, 'annotations', key)]);
  if (wrong.length > 0) {
    return {};
  }
  const printable = reasons.find(isPrintableReason);
  if (printable !== undefined) {
    return { acknowledged: { reason: printable.trim() } };
  }
  return reasons.some((r) => r !== undefined)
    ? { ignored: `the annotation ${key} acknowledges nothing: its reason is blank, invisible or holds control characters` }
    : {};
}

/** The acknowledgement of rule `id` on `object`, as `acknowledgementLookup` finds it. */
export function acknowledgementOf(object: K8sObject, id: ControlId): FindingAcknowledgement | undefined {
  return acknowledgementLookup(object, id).acknowledged;
}
