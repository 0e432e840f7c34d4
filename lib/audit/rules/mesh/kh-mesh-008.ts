import { istioPolicies } from './istio-index';
import { isPaymentWorkload, podTarget } from './payment';
import { isEnforcedLimit, rateLimitConfigs } from './rate-limit';
import { readOf, unlessWronglyTyped } from '../../field-types';
import { SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-MESH-008: a payment workload (label `kube-harden.io/payment: "true"`) is covered by an EnvoyFilter with an enabled and
 * enforced local rate limit (by workloadSelector, or by targetRefs to its waypoint). Other workloads are not judged.
 */
export const KH_MESH_008: ManifestRule = {
  id: 'KH-MESH-008',
  area: 'mesh',
  title: 'Payment workloads are rate limited',
  severity: 'error',
  guideSection: '4.2',
  controls: { mlps: ['8.1.3.3'] },
  remediation: 'Add a local rate limit EnvoyFilter for the payment workload, enabled and enforced at 100 % (PaymentService rateLimit).',
  appliesTo: [...SERVICE_WORKLOAD_KINDS, 'Pod'],
  check: (object, context) => {
    if (!isPaymentWorkload(object)) {
      return [];
    }
    const target = podTarget(object, context);
    const filters = istioPolicies(context, 'EnvoyFilter', target.namespace).applyingTo(target);
    // (an EnvoyFilter whose configPatches, patch or value is of the wrong type limits nothing: Kubernetes rejects it)
    if (filters.some((f) => readOf(f, () => unlessWronglyTyped(() => rateLimitConfigs(f).some(({ config }) => isEnforcedLimit(config)), false)))) {
      return [];
    }
    if (target.namespace === undefined || context.namespace(target.namespace) === undefined) {
      return [{ message: 'no enforced rate limit for this payment workload is part of the audit, and its namespace is not either', unknown: true }];
    }
    return [{ message: 'no EnvoyFilter enforces a local rate limit on this payment workload' }];
  },
};
