import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/**
 * KH-WKL-005: the service-account token is not automounted: `automountServiceAccountToken: false` on the
 * pod, or (pod unset) on the ServiceAccount it uses. Kubernetes mounts the token unless one of them says no.
 * When the pod leaves it unset and the audit holds neither a ServiceAccount of the namespace nor the Namespace
 * object, the ServiceAccount is not part of the audit: unknown.
 */
export const KH_WKL_005: ManifestRule = {
  id: 'KH-WKL-005',
  area: 'workload',
  title: 'Service-account token is not automounted',
  severity: 'warning',
  guideSection: '4.1',
  controls: { cis: ['5.1.6'], nsa: ['Kubernetes Pod security: protecting Pod service account tokens'], mlps: ['8.1.4.1'] },
  remediation: 'Set automountServiceAccountToken: false on the pod spec (mount a projected token only where the API is needed).',
  appliesTo: WORKLOAD_KINDS,
  check: (object, context) => checkPod(object, (pod): RuleViolation[] => {
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) {
      return [];
    }
    if (own === true) {
      return [{ message: 'the pod automounts its service-account token', path: `${pod.path}.automountServiceAccountToken` }];
    }
    const saName = typeof pod.spec.serviceAccountName === 'string' ? pod.spec.serviceAccountName : 'default';
    const namespace = object.metadata.namespace;
    const accounts = context.objectsOfKind('ServiceAccount', namespace);
    const sa = accounts.find((s) => s.metadata.name === saName);
    if (sa?.automountServiceAccountToken === false) {
      return [];
    }
    if (accounts.length === 0 && (namespace === undefined || context.namespace(namespace) === undefined)) {
      return [{ message: `the pod does not set automountServiceAccountToken, and neither ServiceAccount '${saName}' nor the Namespace is part of the audit, so whether the token is mounted is unknown`, unknown: true }];
    }
    return [{
      message: `the pod does not set automountServiceAccountToken, and ServiceAccount '${saName}' ${sa ? 'does not disable it' : 'is not in the audit'}, so the token is mounted`,
      path: `${pod.path}.automountServiceAccountToken`,
    }];
  }),
};
