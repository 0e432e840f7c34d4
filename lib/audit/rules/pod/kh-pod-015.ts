import { booleanAt, shownValue } from '../../field-types';
import { checkPod, containersOf, describeContainer, effectiveSecurityField, usesUserNamespace, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-POD-015: every container runs with an effective `runAsNonRoot: true` (the container's value, else the
 * pod's) (PSS restricted `runAsNonRoot`; any value is allowed with `hostUsers: false`).
 */
export const KH_POD_015: ManifestRule = {
  id: 'KH-POD-015',
  area: 'pod',
  title: 'Containers run as non-root',
  severity: 'error',
  guideSection: '2.1',
  controls: { pss: 'runAsNonRoot', cis: ['5.2.7'], nsa: ['Kubernetes Pod security: non-root containers and rootless container engines'], mlps: ['8.1.4.2'] },
  remediation: 'Set spec.securityContext.runAsNonRoot: true on the pod and do not set it to false on any container.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => (usesUserNamespace(pod) ? [] : containersOf(pod).flatMap((c) => {
    const effective = effectiveSecurityField(pod, c, 'runAsNonRoot');
    if (booleanAt(effective.value, effective.path) === true) {
      return [];
    }
    return [{
      message: effective.value === undefined
        ? `${describeContainer(c)} does not set runAsNonRoot: true (neither does the pod)`
        : `${describeContainer(c)} sets runAsNonRoot: ${shownValue(effective.value)}`,
      path: effective.path,
    }];
  }))),
};
