import { stringField } from '../../field-types';
import { checkPod, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** KH-WKL-007: the pod names a priority class, so the scheduler keeps important workloads first. */
export const KH_WKL_007: ManifestRule = {
  id: 'KH-WKL-007',
  area: 'workload',
  title: 'Workload has a priority class',
  severity: 'info',
  guideSection: '3.1',
  controls: { mlps: ['8.1.4.9'] },
  remediation: 'Set spec.priorityClassName to the PriorityClass of the workload tier (e.g. kube-harden-high).',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => ((stringField(pod.spec, 'priorityClassName', pod.path) ?? '') !== ''
    ? []
    : [{ message: 'the pod has no priorityClassName', path: `${pod.path}.priorityClassName` }])),
};
