import { checkPod, containersOf, containerSecurityInteger, describeContainer, podSecurityInteger, usesUserNamespace, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/** KH-POD-016: no pod or container sets `runAsUser: 0` (PSS restricted `runAsUser`; any with `hostUsers: false`). */
export const KH_POD_016: ManifestRule = {
  id: 'KH-POD-016',
  area: 'pod',
  title: 'runAsUser is not 0',
  severity: 'error',
  guideSection: '2.1',
  controls: { pss: 'runAsUser', cis: ['5.2.7'], nsa: ['Kubernetes Pod security: non-root containers and rootless container engines'], mlps: ['8.1.4.2'] },
  remediation: 'Set runAsUser to a non-zero UID (e.g. 10001) on the pod and every container that sets it.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => {
    if (usesUserNamespace(pod)) {
      return [];
    }
    const out: RuleViolation[] = [];
    if (podSecurityInteger(pod, 'runAsUser') === 0) {
      out.push({ message: 'the pod sets runAsUser: 0 (root)', path: `${pod.path}.securityContext.runAsUser` });
    }
    for (const c of containersOf(pod)) {
      if (containerSecurityInteger(c, 'runAsUser') === 0) {
        out.push({ message: `${describeContainer(c)} sets runAsUser: 0 (root)`, path: `${c.path}.securityContext.runAsUser` });
      }
    }
    return out;
  }),
};
