import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** KH-WKL-006: the pod runs under its own ServiceAccount, not the namespace's `default`. */
export const KH_WKL_006: ManifestRule = {
  id: 'KH-WKL-006',
  area: 'workload',
  title: 'Workload does not use the default service account',
  severity: 'warning',
  guideSection: '4.1',
  controls: { cis: ['5.1.5'], nsa: ['Authentication and authorization'], mlps: ['8.1.4.1', '8.1.4.2'] },
  remediation: 'Create a ServiceAccount for the workload and set spec.serviceAccountName to it.',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => {
    const name = pod.spec.serviceAccountName ?? pod.spec.serviceAccount;
    return name === undefined || name === '' || name === 'default'
      ? [{ message: 'the pod runs under the default service account', path: `${pod.path}.serviceAccountName` }]
      : [];
  }),
};
