import { PodTarget, USE_WAYPOINT_LABEL } from './istio';
import { K8sObject } from '../../../core/manifest';
import { PAYMENT_LABEL } from '../../../core/sensitivity';
import { perAudit } from '../../context';
import { asObject, podLabels, podTemplateMetadata } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { SelectorIndex, selectorMatches } from '../../selector';

/** Whether a workload is marked as a payment workload (`kube-harden.io/payment: "true"` on it or its pod template). */
export function isPaymentWorkload(object: K8sObject): boolean {
  return podTemplateMetadata(object)?.labels?.[PAYMENT_LABEL] === 'true' || object.metadata.labels?.[PAYMENT_LABEL] === 'true';
}

const podTargets = perAudit(() => new WeakMap<K8sObject, PodTarget>());

/** The pods of a workload as a target of Istio policies, with the Services and waypoint in the audit (computed once per audit). */
export function podTarget(object: K8sObject, context: AuditContext): PodTarget {
  const targets = podTargets(context);
  let target = targets.get(object);
  if (!target) {
    target = computePodTarget(object, context);
    targets.set(object, target);
  }
  return target;
}


function computePodTarget(object: K8sObject, context: AuditContext): PodTarget {
  const namespace = object.metadata.namespace;
  const labels = podLabels(object);
  const services = servicesIn(context, namespace).selecting(labels).map((s) => s.metadata.name);
  const namespaceObject = namespace === undefined ? undefined : context.namespace(namespace);
  const waypoint = labels[USE_WAYPOINT_LABEL] ?? namespaceObject?.metadata.labels?.[USE_WAYPOINT_LABEL];
  return { namespace, labels, services, waypoint };
}

/**
 * A Service's pod selector as a label selector: `undefined` (no pods) when it has none, an empty one or one of the
 * wrong type (Kubernetes manages the endpoints of a Service without a selector apart). A wrong type makes the policies
 * that target the Service apply to fewer pods only: the rules need them to pass, so it is not noted.
 */
function serviceSelector(service: K8sObject): Readonly<Record<string, unknown>> | undefined {
  const selector = asObject(asObject(service.spec)?.selector);
  return selector === undefined || Object.keys(selector).length === 0 ? undefined : { matchLabels: selector };
}

/** The Services of `namespace`, indexed by selector once per audit. */
function servicesIn(context: AuditContext, namespace: string | undefined): SelectorIndex<K8sObject> {
  let byNamespace = serviceCache.get(context);
  if (!byNamespace) {
    byNamespace = new Map();
    serviceCache.set(context, byNamespace);
  }
  let index = byNamespace.get(namespace);
  if (!index) {
    const services = context.objectsOfKind('Service', namespace).filter((s) => s.metadata.namespace === namespace);
    index = new SelectorIndex(services, serviceSelector, (s, labels) => selectorMatches(serviceSelector(s), labels));
    byNamespace.set(namespace, index);
  }
  return index;
}

const serviceCache = new WeakMap<AuditContext, Map<string | undefined, SelectorIndex<K8sObject>>>();
