import { PodTarget, USE_WAYPOINT_LABEL } from './istio';
import { K8sObject } from '../../../core/manifest';
import { PAYMENT_LABEL } from '../../../core/sensitivity';
import { perAudit } from '../../context';
import { readAgain, readApart, Reading, readOnce } from '../../field-types';
import { asObject, metadataValue, podLabels, templateMetadataValue } from '../../pod-spec';
import { AuditContext } from '../../rule';
import { SelectorIndex, selectorMatches } from '../../selector';

/**
 * Whether a workload is marked as a payment workload (`kube-harden.io/payment: "true"` on it or its pod template).
 * A label of the wrong JSON type (`true` unquoted in YAML), or a labels map that is not one, is noted (unknown) and
 * marks it too: the payment rules judge a workload that may be one (fail closed).
 */
export function isPaymentWorkload(object: K8sObject): boolean {
  const { value: marks, wrong } = readApart(() => [templateMetadataValue(object, 'labels', PAYMENT_LABEL), metadataValue(object, 'labels', PAYMENT_LABEL)]);
  readAgain(wrong);
  return wrong.length > 0 || marks.includes('true');
}

/** Per audit: each workload's pod target, with the wrongly typed fields read to compute it. */
const podTargets = perAudit(() => new WeakMap<K8sObject, Reading<PodTarget>>());

/**
 * The pods of a workload as a target of Istio policies, with the Services and waypoint in the audit (computed once
 * per audit; the wrongly typed labels read to compute it are noted on every call).
 */
export function podTarget(object: K8sObject, context: AuditContext): PodTarget {
  return readOnce(podTargets(context), object, () => computePodTarget(object, context));
}


function computePodTarget(object: K8sObject, context: AuditContext): PodTarget {
  const namespace = object.metadata.namespace;
  const labels = podLabels(object);
  const services = servicesIn(context, namespace).selecting(labels).map((s) => s.metadata.name);
  const namespaceObject = namespace === undefined ? undefined : context.namespace(namespace);
  // A waypoint label of the wrong type (noted with the pod labels) names no waypoint, and the namespace's does not
  // stand in for it: the policies attached to a waypoint do not cover the pods (fail closed); neither does it for a
  // label set to null, which the pod labels read as '' (as Kubernetes decodes it). The Namespace's label of the wrong
  // type names none either (silently: it is another object's field).
  const own: unknown = labels[USE_WAYPOINT_LABEL];
  const fromNamespace: unknown = namespaceObject?.metadata.labels?.[USE_WAYPOINT_LABEL];
  const waypoint = own === undefined ? fromNamespace : own;
  return { namespace, labels, services, waypoint: typeof waypoint === 'string' ? waypoint : undefined };
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
