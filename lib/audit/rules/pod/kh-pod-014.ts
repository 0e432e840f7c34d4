import { checkPod, containersOf, containerSecurityBoolean, describeContainer, isWindowsPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-POD-014: every container sets `allowPrivilegeEscalation: false` explicitly (PSS restricted
 * `allowPrivilegeEscalation`; unset is a violation; Windows pods are exempt).
 */
export const KH_POD_014: ManifestRule = {
  id: 'KH-POD-014',
  area: 'pod',
  title: 'allowPrivilegeEscalation is false',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'allowPrivilegeEscalation', cis: ['5.2.6'], nsa: ['Kubernetes Pod security: non-root containers and rootless container engines'], mlps: ['8.1.4.2'] },
  remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => (isWindowsPod(pod) ? [] : containersOf(pod).flatMap((c) => {
    const allowed = containerSecurityBoolean(c, 'allowPrivilegeEscalation');
    return allowed === false ? [] : [{
      message: allowed === true
        ? `${describeContainer(c)} allows privilege escalation`
        : `${describeContainer(c)} does not set allowPrivilegeEscalation: false`,
      path: `${c.path}.securityContext.allowPrivilegeEscalation`,
    }];
  }))),
};
