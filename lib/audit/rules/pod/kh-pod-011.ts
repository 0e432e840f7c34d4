import { objectField, stringField } from '../../field-types';
import { checkPod, containersOf, containerLevelSecurity, describeContainer, Json, podLevelSecurity, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

function unconfined(profile: Json | undefined, path: string, what: string): RuleViolation[] {
  // a wrongly typed type (`1`) is noted (unknown) and read as unset: only Unconfined fails
  return stringField(profile, 'type', path) === 'Unconfined' ? [{ message: `${what} sets seccomp profile Unconfined`, path: `${path}.type` }] : [];
}

/** KH-POD-011: seccomp is never Unconfined, at pod or container level (PSS baseline `seccompProfile_baseline`). */
export const KH_POD_011: ManifestRule = {
  id: 'KH-POD-011',
  area: 'pod',
  title: 'Seccomp profile is not Unconfined',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'seccompProfile_baseline', cis: ['5.7.2'], nsa: ['Kubernetes Pod security: hardening container environments'], mlps: ['8.1.4.4'] },
  remediation: 'Set seccompProfile.type to RuntimeDefault (or Localhost) instead of Unconfined.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => [
    ...unconfined(objectField(podLevelSecurity(pod), 'seccompProfile', `${pod.path}.securityContext`), `${pod.path}.securityContext.seccompProfile`, 'the pod'),
    ...containersOf(pod).flatMap((c) => unconfined(
      objectField(containerLevelSecurity(c), 'seccompProfile', `${c.path}.securityContext`), `${c.path}.securityContext.seccompProfile`, describeContainer(c),
    )),
  ]),
};
