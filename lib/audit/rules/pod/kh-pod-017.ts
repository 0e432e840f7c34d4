import { objectAt, ownField, shownValue, stringAt } from '../../field-types';
import { checkPod, containersOf, describeContainer, effectiveSecurityField, isWindowsPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

const ALLOWED = ['RuntimeDefault', 'Localhost'];

/**
 * KH-POD-017: every container's effective seccomp profile (the container's, else the pod's) is
 * RuntimeDefault or Localhost, set explicitly (PSS restricted `seccompProfile_restricted`; Windows pods exempt).
 */
export const KH_POD_017: ManifestRule = {
  id: 'KH-POD-017',
  area: 'pod',
  title: 'Seccomp profile RuntimeDefault or Localhost is set',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'seccompProfile_restricted', cis: ['5.7.2'], nsa: ['Kubernetes Pod security: hardening container environments'], mlps: ['8.1.4.4'] },
  remediation: 'Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (the kubelet default does not count).',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => (isWindowsPod(pod) ? [] : containersOf(pod).flatMap((c) => {
    const effective = effectiveSecurityField(pod, c, 'seccompProfile');
    const profile = objectAt(effective.value, effective.path);
    const type = ownField(profile, 'type');
    if (typeof type === 'string' && ALLOWED.includes(type)) {
      return [];
    }
    // a type of the wrong type (`1`) is noted (unknown) and still fails: the rule needs RuntimeDefault or Localhost
    if (typeof type !== 'string') stringAt(type, effective.path, 'type');
    const message = type !== undefined && type !== null ? `uses seccomp profile type ${shownValue(type)}`
      : profile === undefined ? 'has no seccomp profile (neither has the pod)' : 'sets a seccomp profile without a type';
    return [{
      message: `${describeContainer(c)} ${message}`,
      path: `${effective.path}.type`,
    }];
  }))),
};
