import { booleanField } from '../../field-types';
import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** KH-POD-002: the pod shares no host namespace (PSS baseline `hostNamespaces`). */
export const KH_POD_002: ManifestRule = {
  id: 'KH-POD-002',
  area: 'pod',
  title: 'No host namespaces (hostNetwork, hostPID, hostIPC)',
  severity: 'error',
  guideSection: '3.1',
  controls: { pss: 'hostNamespaces', cis: ['5.2.3', '5.2.4', '5.2.5'], nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.4.2'] },
  remediation: 'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => HOST_NAMESPACE_FIELDS
    .filter((field) => booleanField(pod.spec, field, pod.path) === true)
    .map((field) => ({ message: `the pod sets ${field}: true`, path: `${pod.path}.${field}` }))),
};
