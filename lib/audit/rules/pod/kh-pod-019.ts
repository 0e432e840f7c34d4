import { checkPod, containersOf, containerSecurityBoolean, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** KH-POD-019: init and app containers mount their root filesystem read-only (not a PSS control; guide §2.1). */
export const KH_POD_019: ManifestRule = {
  id: 'KH-POD-019',
  area: 'pod',
  title: 'Read-only root filesystem',
  severity: 'warning',
  guideSection: '2.1',
  controls: { cis: ['5.7.3'], nsa: ['Kubernetes Pod security: immutable container file systems'], mlps: ['8.1.4.5'] },
  remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the container must write (e.g. /tmp).',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod, ['initContainers', 'containers'])
    .filter((c) => containerSecurityBoolean(c, 'readOnlyRootFilesystem') !== true)
    .map((c) => ({ message: `${describeContainer(c)} has a writable root filesystem`, path: `${c.path}.securityContext.readOnlyRootFilesystem` }))),
};
