import { asArray, asObject, checkPod, containersOf, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** KH-POD-006: no container port binds a host port (PSS baseline `hostPorts`). */
export const KH_POD_006: ManifestRule = {
  id: 'KH-POD-006',
  area: 'pod',
  title: 'No host ports',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'hostPorts', cis: ['5.2.13'], nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.3.1'] },
  remediation: 'Remove hostPort from container ports and expose the pod through a Service instead.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod).flatMap((c) => asArray(c.container.ports).flatMap((raw, index) => {
    const hostPort = asObject(raw)?.hostPort;
    return hostPort === undefined || hostPort === null || hostPort === 0 ? [] : [{
      message: `${describeContainer(c)} binds host port ${String(hostPort)}`,
      path: `${c.path}.ports[${index}].hostPort`,
    }];
  }))),
};
