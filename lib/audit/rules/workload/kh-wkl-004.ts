import { asObject, podLabels, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';
import { selectorMatches } from '../../selector';

/** KH-WKL-004: a PodDisruptionBudget in the workload's namespace selects its pods. */
export const KH_WKL_004: ManifestRule = {
  id: 'KH-WKL-004',
  area: 'workload',
  title: 'A PodDisruptionBudget protects the workload',
  severity: 'warning',
  guideSection: '3.1',
  controls: { mlps: ['8.1.4.9'] },
  remediation: 'Add a PodDisruptionBudget (e.g. maxUnavailable: 1) whose selector matches the pod labels.',
  appliesTo: SERVICE_WORKLOAD_KINDS,
  check: (object, context) => {
    const labels = podLabels(object);
    const covered = context.objectsOfKind('PodDisruptionBudget', object.metadata.namespace)
      .some((pdb) => selectorMatches(asObject(pdb.spec)?.selector, labels));
    return covered ? [] : [{ message: 'no PodDisruptionBudget in the audit selects the pods', path: 'spec.template.metadata.labels' }];
  },
};
