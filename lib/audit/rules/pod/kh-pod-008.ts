import { asObject, checkPod, containersOf, containerLevelSecurity, describeContainer, podLevelSecurity, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const ALLOWED_TYPES = ['RuntimeDefault', 'Localhost'];
const LEGACY_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

function checkProfile(profile: unknown, path: string, what: string): RuleViolation[] {
  const type = asObject(profile)?.type;
  return type === undefined || ALLOWED_TYPES.includes(String(type)) ? [] : [{ message: `${what} sets AppArmor profile type '${String(type)}'`, path }];
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
    const out = checkProfile(podLevelSecurity(pod).appArmorProfile, `${pod.path}.securityContext.appArmorProfile.type`, 'the pod');
    for (const c of containersOf(pod)) {
      out.push(...checkProfile(containerLevelSecurity(c).appArmorProfile, `${c.path}.securityContext.appArmorProfile.type`, describeContainer(c)));
    }
    const annotations = asObject(pod.metadata.annotations) ?? {};
    for (const [key, value] of Object.entries(annotations)) {
      const v = String(value);
      if (key.startsWith(LEGACY_ANNOTATION) && v !== '' && v !== 'runtime/default' && !v.startsWith('localhost/')) {
        out.push({ message: `annotation '${key}' sets AppArmor profile '${v}'`, path: `${pod.path.replace(/spec$/, 'metadata')}.annotations` });
      }
    }
    return out;
  }),
};
