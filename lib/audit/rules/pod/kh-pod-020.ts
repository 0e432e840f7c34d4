import { listField } from '../../field-types';
import { checkPod, containersOf, describeContainer, effectiveSecurityField, podLevelSecurity, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/**
 * KH-POD-020: containers run with a non-root group: the effective `runAsGroup` is set and not 0, and
 * neither `fsGroup` nor `supplementalGroups` is 0 (no PSA check exists; guide §2.1, enforced here).
 */
export const KH_POD_020: ManifestRule = {
  id: 'KH-POD-020',
  area: 'pod',
  title: 'runAsGroup and fsGroup are not 0',
  severity: 'warning',
  guideSection: '2.1',
  controls: { cis: ['5.7.3'], nsa: ['Kubernetes Pod security: non-root containers and rootless container engines'], mlps: ['8.1.4.2'] },
  remediation: 'Set spec.securityContext.runAsGroup and fsGroup to a non-zero GID (e.g. 10001) and keep 0 out of supplementalGroups.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => {
    const sc = podLevelSecurity(pod);
    const out: RuleViolation[] = [];
    if (sc.fsGroup === 0) {
      out.push({ message: 'the pod sets fsGroup: 0 (root group)', path: `${pod.path}.securityContext.fsGroup` });
    }
    if (listField(sc, 'supplementalGroups', `${pod.path}.securityContext`).includes(0)) {
      out.push({ message: 'the pod adds the root group to supplementalGroups', path: `${pod.path}.securityContext.supplementalGroups` });
    }
    for (const c of containersOf(pod)) {
      const group = effectiveSecurityField(pod, c, 'runAsGroup');
      if (group.value === undefined) {
        out.push({ message: `${describeContainer(c)} has no runAsGroup (the image's group, often root, applies)`, path: group.path });
      } else if (group.value === 0) {
        out.push({ message: `${describeContainer(c)} runs as group 0 (root)`, path: group.path });
      }
    }
    return out;
  }),
};
