import { integerField, listField, objectAt, ownField } from '../../field-types';
import { checkPod, containersOf, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
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
  check: (object) => checkPod(object, (pod) => containersOf(pod).flatMap((c) => listField(c.container, 'ports', c.path).flatMap((item, index) => {
    const port = objectAt(item, `${c.path}.ports`, index);
    const raw = ownField(port, 'hostPort');
    if (raw === undefined || raw === null || raw === 0) {
      return [];
    }
    // a hostPort of the wrong type (`"8080"`) is noted (unknown) and still fails: whatever coerces it binds the port
    const hostPort = integerField(port, 'hostPort', `${c.path}.ports[${index}]`);
    return [{
      message: `${describeContainer(c)} binds host port ${hostPort ?? JSON.stringify(raw)}`,
      path: `${c.path}.ports[${index}].hostPort`,
    }];
  }))),
};
