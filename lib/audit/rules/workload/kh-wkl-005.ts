import { objectNamed } from '../../context';
import { booleanField, readOf, stringField } from '../../field-types';
import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/**
 * KH-WKL-005: the service-account token is not automounted: `automountServiceAccountToken: false` on the
 * pod, or (pod unset) on the ServiceAccount it uses. Kubernetes mounts the token unless one of them says no.
 * When the pod leaves it unset and its ServiceAccount is not part of the audit (nor of its context), the token is
 * mounted as far as the input shows: a finding, whose message says that the ServiceAccount outside the input may
 * disable it.
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
    const own = booleanField(pod.spec, 'automountServiceAccountToken', pod.path);
    if (own === false) {
      return [];
    }
    if (own === true) {
      return [{ message: 'the pod automounts its service-account token', path: `${pod.path}.automountServiceAccountToken` }];
    }
    // a name of the wrong type (`1`) is noted (unknown) and read as unset: the default account
    const saName = stringField(pod.spec, 'serviceAccountName', pod.path) ?? 'default';
    const namespace = object.metadata.namespace;
    const sa = objectNamed(context, 'ServiceAccount', namespace, saName);
    // (the ServiceAccount's `"false"` is noted as its field, unknown, and does not disable the token)
    if (sa !== undefined && readOf(sa, () => booleanField(sa, 'automountServiceAccountToken', '')) === false) {
      return [];
    }
    const why = sa
      ? `ServiceAccount '${saName}' does not disable it, so the token is mounted`
      : `ServiceAccount '${saName}' is not part of the audit, so the token is mounted unless that ServiceAccount (outside the input) disables it`;
    return [{ message: `the pod does not set automountServiceAccountToken, and ${why}`, path: `${pod.path}.automountServiceAccountToken` }];
  }),
};
