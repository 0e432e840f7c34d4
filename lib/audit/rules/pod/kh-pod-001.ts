import { booleanField, objectField } from '../../field-types';
import { checkPod, containersOf, containerLevelSecurity, describeContainer, Json, podLevelSecurity, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

/** Whether `windowsOptions` (of the securityContext of the pod spec or container at `at`) sets `hostProcess: true`. */
function hostProcess(windowsOptions: Json | undefined, at: string): boolean {
  return windowsOptions !== undefined && booleanField(windowsOptions, 'hostProcess', `${at}.securityContext.windowsOptions`) === true;
}

/** KH-POD-001: no Windows HostProcess containers (PSS baseline `windowsHostProcess`). */
export const KH_POD_001: ManifestRule = {
  id: 'KH-POD-001',
  area: 'pod',
  title: 'No Windows HostProcess containers',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'windowsHostProcess', cis: ['5.2.11'], nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.4.2'] },
  remediation: 'Remove windowsOptions.hostProcess (or set it to false) on the pod and every container.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => {
    const out: RuleViolation[] = [];
    if (hostProcess(objectField(podLevelSecurity(pod), 'windowsOptions', `${pod.path}.securityContext`), pod.path)) {
      out.push({ message: 'the pod runs as a Windows HostProcess', path: `${pod.path}.securityContext.windowsOptions.hostProcess` });
    }
    for (const c of containersOf(pod)) {
      if (hostProcess(objectField(containerLevelSecurity(c), 'windowsOptions', `${c.path}.securityContext`), c.path)) {
        out.push({ message: `${describeContainer(c)} runs as a Windows HostProcess`, path: `${c.path}.securityContext.windowsOptions.hostProcess` });
      }
    }
    return out;
  }),
};
