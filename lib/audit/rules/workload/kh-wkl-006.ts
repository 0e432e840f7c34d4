import { ownField, stringAt, stringField } from '../../field-types';
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
    // a name of the wrong type (`1`) is noted (unknown) and read as unset: the pod fails closed, on the default account
    const own = ownField(pod.spec, 'serviceAccountName');
    const name = own !== undefined && own !== null ? stringAt(own, pod.path, 'serviceAccountName') : stringField(pod.spec, 'serviceAccount', pod.path);
    return name === undefined || name === '' || name === 'default'
      ? [{ message: 'the pod runs under the default service account', path: `${pod.path}.serviceAccountName` }]
      : [];
  }),
};
