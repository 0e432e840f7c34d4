import { objectField, ownField, shownValue, stringAt } from '../../field-types';
import { checkPod, containersOf, containerLevelSecurity, describeContainer, Json, podLevelSecurity, podMetadata, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const ALLOWED_TYPES = ['RuntimeDefault', 'Localhost'];
const LEGACY_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

function checkProfile(profile: Json | undefined, path: string, what: string): RuleViolation[] {
  const type = ownField(profile, 'type');
  if (type === undefined || type === null || (typeof type === 'string' && ALLOWED_TYPES.includes(type))) return [];
  // a type of the wrong type (`1`) is noted (unknown) and still fails: only RuntimeDefault and Localhost pass
  if (typeof type !== 'string') stringAt(type, path);
  return [{ message: `${what} sets AppArmor profile type ${shownValue(type)}`, path }];
}

/** KH-POD-008: AppArmor is never disabled, by field or legacy annotation (PSS baseline `appArmorProfile`). */
export const KH_POD_008: ManifestRule = {
  id: 'KH-POD-008',
  area: 'pod',
  title: 'AppArmor profile is RuntimeDefault or Localhost',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'appArmorProfile', cis: ['5.7.3'], nsa: ['Kubernetes Pod security: hardening container environments'], mlps: ['8.1.4.4'] },
  remediation: "Use AppArmor profile type RuntimeDefault or Localhost (annotation values 'runtime/default' or 'localhost/<profile>'), never Unconfined.",
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => {
    const podProfile = objectField(podLevelSecurity(pod), 'appArmorProfile', `${pod.path}.securityContext`);
    const out = checkProfile(podProfile, `${pod.path}.securityContext.appArmorProfile.type`, 'the pod');
    for (const c of containersOf(pod)) {
      const profile = objectField(containerLevelSecurity(c), 'appArmorProfile', `${c.path}.securityContext`);
      out.push(...checkProfile(profile, `${c.path}.securityContext.appArmorProfile.type`, describeContainer(c)));
    }
    const metadataPath = pod.path.replace(/spec$/, 'metadata');
    const annotations = objectField(podMetadata(pod), 'annotations', metadataPath) ?? {};
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(LEGACY_ANNOTATION) || value === null) continue;
      // a profile of the wrong type (`1`) is noted (unknown) and still fails: only the allowed strings pass
      const v = stringAt(value, `${metadataPath}.annotations`, key);
      if (v === undefined || (v !== '' && v !== 'runtime/default' && !v.startsWith('localhost/'))) {
        out.push({ message: `annotation '${key}' sets AppArmor profile ${shownValue(value)}`, path: `${metadataPath}.annotations` });
      }
    }
    return out;
  }),
};
