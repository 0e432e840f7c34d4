import { K8sObject } from '../../../core/manifest';
import { objectNamed } from '../../context';
import { booleanField, integerField, listField, objectAt, objectField, readOf, stringField } from '../../field-types';
import { checkPod, PodSpecRef, WORKLOAD_KINDS } from '../../pod-spec';
import { AuditContext, ManifestRule, RuleViolation } from '../../rule';

/** Whether the pod has the service-account token automounted, as a violation (see `KH_WKL_005`). */
function automounted(object: K8sObject, pod: PodSpecRef, context: AuditContext): RuleViolation[] {
  const own = booleanField(pod.spec, 'automountServiceAccountToken', pod.path);
  if (own === false) {
    return [];
  }
  if (own === true) {
    return [{ message: 'the pod automounts its service-account token', path: `${pod.path}.automountServiceAccountToken` }];
  }
  // a name of the wrong type (`1`) is noted (unknown) and read as unset: the default account
  const saName = stringField(pod.spec, 'serviceAccountName', pod.path) ?? 'default';
  const sa = objectNamed(context, 'ServiceAccount', object.metadata.namespace, saName);
  // (the ServiceAccount's `"false"` is noted as its field, unknown, and does not disable the token)
  if (sa !== undefined && readOf(sa, () => booleanField(sa, 'automountServiceAccountToken', '')) === false) {
    return [];
  }
  const why = sa
    ? `ServiceAccount '${saName}' does not disable it, so the token is mounted`
    : `ServiceAccount '${saName}' is not part of the audit, so the token is mounted unless that ServiceAccount (outside the input) disables it`;
  return [{ message: `the pod does not set automountServiceAccountToken, and ${why}`, path: `${pod.path}.automountServiceAccountToken` }];
}

/**
 * The prefix of the volume Kubernetes's ServiceAccount admission plugin adds to a pod that automounts its token
 * (`kube-api-access-<suffix>`): a pod read back from a cluster carries the automounted token as this volume.
 */
const AUTOMOUNT_VOLUME_PREFIX = 'kube-api-access-';

/**
 * One violation per projected `serviceAccountToken` source of the pod's volumes; when `automountReported`, none for
 * the automount's own volume (the same token, already reported).
 */
function projectedTokens(pod: PodSpecRef, automountReported: boolean): RuleViolation[] {
  return listField(pod.spec, 'volumes', pod.path).flatMap((raw, v) => {
    const at = `${pod.path}.volumes[${v}]`;
    const volume = objectAt(raw, `${pod.path}.volumes`, v);
    if (automountReported && stringField(volume, 'name', at)?.startsWith(AUTOMOUNT_VOLUME_PREFIX) === true) {
      return [];
    }
    const projected = objectField(volume, 'projected', at);
    return listField(projected, 'sources', `${at}.projected`).flatMap((source, s) => {
      const sourceAt = `${at}.projected.sources[${s}]`;
      const token = objectField(objectAt(source, `${at}.projected.sources`, s), 'serviceAccountToken', sourceAt);
      if (token === undefined) {
        return [];
      }
      const path = `${sourceAt}.serviceAccountToken`;
      // (an unset audience is the API server's, an unset lifetime one hour)
      const audience = stringField(token, 'audience', path) ?? '';
      const seconds = integerField(token, 'expirationSeconds', path) ?? 3600;
      const forWhom = audience === '' ? 'for the API server' : `for audience '${audience}'`;
      const name = stringField(volume, 'name', at) ?? `#${v}`;
      return [{ message: `volume '${name}' projects a service-account token ${forWhom}, valid ${seconds} s, into the pod`, path }];
    });
  });
}

/**
 * KH-WKL-005: the pod mounts no service-account token. Neither automounted (`automountServiceAccountToken: false` on
 * the pod, or, pod unset, on the ServiceAccount it uses; Kubernetes mounts the token unless one of them says no) nor
 * projected by a volume (a `projected` volume's `serviceAccountToken` source, which the kubelet fills with a token of
 * the pod's ServiceAccount whatever automountServiceAccountToken says). When the pod leaves automounting unset and its
 * ServiceAccount is not part of the audit (nor of its context), the token is mounted as far as the input shows: a
 * finding, whose message says that the ServiceAccount outside the input may disable it. A pod read back from a cluster
 * carries the automounted token as a `kube-api-access-*` projected volume: reported once, as automounted. The same holds for anyone's
 * manifests: a pod that must call an API gets a short-lived, audience-bound projected token and an acknowledgement
 * with the reason.
 */
export const KH_WKL_005: ManifestRule = {
  id: 'KH-WKL-005',
  area: 'workload',
  title: 'Pods mount no service-account token',
  severity: 'warning',
  guideSection: '4.1',
  controls: { cis: ['5.1.6'], nsa: ['Kubernetes Pod security: protecting Pod service account tokens'], mlps: ['8.1.4.1'] },
  remediation: 'Set automountServiceAccountToken: false on the pod spec and project no serviceAccountToken volume; a pod that must call the API gets a short-lived projected token and an acknowledgement with the reason.',
  appliesTo: WORKLOAD_KINDS,
  check: (object, context) => checkPod(object, (pod) => {
    const automount = automounted(object, pod, context);
    return [...automount, ...projectedTokens(pod, automount.length > 0)];
  }),
};
