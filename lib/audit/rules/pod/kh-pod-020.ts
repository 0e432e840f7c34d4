import { integerAt, listField, shownValue } from '../../field-types';
import { checkPod, containersOf, describeContainer, effectiveSecurityField, podLevelSecurity, podSecurityInteger, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/**
 * Whether `groups` (the pod's `supplementalGroups`, of the pod spec at `at`) holds group 0: a `null` item is 0, as
 * Kubernetes decodes it (Go's encoding/json appends the zero value for a null item). Each item that is no integer is
 * noted (all of them, not only those before a 0).
 */
function rootInGroups(groups: readonly unknown[], at: string): boolean {
  let root = false;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    // (the list's path is joined only for an item of the wrong type)
    if (group === 0 || group === null) root = true;
    else if (!Number.isInteger(group)) integerAt(group, `${at}.securityContext.supplementalGroups`, i);
  }
  return root;
}

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
    const out: RuleViolation[] = [];
    if (podSecurityInteger(pod, 'fsGroup') === 0) {
      out.push({ message: 'the pod sets fsGroup: 0 (root group)', path: `${pod.path}.securityContext.fsGroup` });
    }
    if (rootInGroups(listField(podLevelSecurity(pod), 'supplementalGroups', `${pod.path}.securityContext`), pod.path)) {
      out.push({ message: 'the pod adds the root group to supplementalGroups', path: `${pod.path}.securityContext.supplementalGroups` });
    }
    for (const c of containersOf(pod)) {
      const group = effectiveSecurityField(pod, c, 'runAsGroup');
      const gid = integerAt(group.value, group.path);
      if (group.value === undefined) {
        out.push({ message: `${describeContainer(c)} has no runAsGroup (the image's group, often root, applies)`, path: group.path });
      } else if (gid === undefined) {
        out.push({ message: `${describeContainer(c)} sets runAsGroup: ${shownValue(group.value)}, not a group ID (the image's group, often root, applies)`, path: group.path });
      } else if (gid === 0) {
        out.push({ message: `${describeContainer(c)} runs as group 0 (root)`, path: group.path });
      }
    }
    return out;
  }),
};
