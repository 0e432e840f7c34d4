import { PodTarget, USE_WAYPOINT_LABEL } from './istio';
import { K8sObject, RESTRICTED_PROFILE } from '../../../core';
import { asObject, podLabels } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { labelsAsSelector, selectorMatches } from '../../selector';
import { declaredTier } from '../../tier';

/** Whether a workload declares the payment tier (`kube-harden.io/sensitivity` = the profile's payment tier). */
export function isPaymentWorkload(object: K8sObject): boolean {
  return declaredTier(object)?.sensitivity === RESTRICTED_PROFILE.payment.sensitivity;
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
