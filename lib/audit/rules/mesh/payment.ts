import { PodTarget, USE_WAYPOINT_LABEL } from './istio';
import { K8sObject, PAYMENT_LABEL } from '../../../core';
import { asObject, podLabels, podTemplateMetadata } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { labelsAsSelector, selectorMatches } from '../../selector';

/** Whether a workload is marked as a payment workload (`kube-harden.io/payment: "true"` on it or its pod template). */
export function isPaymentWorkload(object: K8sObject): boolean {
  return podTemplateMetadata(object)?.labels?.[PAYMENT_LABEL] === 'true' || object.metadata.labels?.[PAYMENT_LABEL] === 'true';
}

/** The pods of a workload as a target of Istio policies, with the Services and waypoint in the audit. */
export function podTarget(object: K8sObject, context: AuditContext): PodTarget {
  const namespace = object.metadata.namespace;
  const labels = podLabels(object);
  const services = context.objectsOfKind('Service', namespace)
    .filter((s) => s.metadata.namespace === namespace && selectorMatches(labelsAsSelector(asObject(s.spec)?.selector), labels))
    .map((s) => s.metadata.name);
  const namespaceObject = namespace === undefined ? undefined : context.namespace(namespace);
  const waypoint = labels[USE_WAYPOINT_LABEL] ?? namespaceObject?.metadata.labels?.[USE_WAYPOINT_LABEL];
  return { namespace, labels, services, waypoint };
}
