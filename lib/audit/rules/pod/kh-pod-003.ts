import { checkPod, containersOf, containerSecurityBoolean, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** KH-POD-003: no privileged container, in any container list (PSS baseline `privileged`). */
export const KH_POD_003: ManifestRule = {
  id: 'KH-POD-003',
  area: 'pod',
  title: 'No privileged containers',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'privileged', cis: ['5.2.2'], nsa: ['Kubernetes Pod security: non-root containers and rootless container engines'], mlps: ['8.1.4.2', '8.1.4.4'] },
  remediation: 'Remove securityContext.privileged (or set it to false) on every container.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod)
    .filter((c) => containerSecurityBoolean(c, 'privileged') === true)
    .map((c) => ({ message: `${describeContainer(c)} is privileged`, path: `${c.path}.securityContext.privileged` }))),
};
