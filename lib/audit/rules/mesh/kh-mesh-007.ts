import { allowRequiresJwt, denyWithoutJwt } from './istio';
import { istioPolicies } from './istio-index';
import { isPaymentWorkload, podTarget } from './payment';
import { SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-MESH-007: a payment workload (label `kube-harden.io/payment: "true"`) is covered by an AuthorizationPolicy that requires a
 * JWT (ALLOW with requestPrincipals in every rule, or DENY notRequestPrincipals), by selector or by targetRefs to
 * its Service. Other workloads are not judged.
 */
export const KH_MESH_007: ManifestRule = {
  id: 'KH-MESH-007',
  area: 'mesh',
  title: 'Payment workloads require a JWT',
  severity: 'error',
  guideSection: '4.2',
  controls: { nsa: ['Authentication and authorization'], mlps: ['8.1.4.1'] },
  remediation: 'Give the payment workload a RequestAuthentication and an AuthorizationPolicy that requires a request principal (PaymentService jwt).',
  appliesTo: [...SERVICE_WORKLOAD_KINDS, 'Pod'],
  check: (object, context) => {
    if (!isPaymentWorkload(object)) {
      return [];
    }
    const target = podTarget(object, context);
    const policies = istioPolicies(context, 'AuthorizationPolicy', target.namespace);
    if (policies.applyingTo(target).some((p) => allowRequiresJwt(p) || denyWithoutJwt(p))) {
      return [];
    }
    if (policies.all.length === 0 && (target.namespace === undefined || context.namespace(target.namespace) === undefined)) {
      return [{ message: 'no AuthorizationPolicy of the namespace is part of the audit, so the JWT requirement cannot be checked', unknown: true }];
    }
    return [{ message: 'no AuthorizationPolicy requires a JWT for this payment workload' }];
  },
};
