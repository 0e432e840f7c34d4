import { K8sObject } from '../../../core';
import { asObject, podLabels, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { AuditContext, ManifestRule } from '../../rule';
import { SelectorIndex, selectorMatches } from '../../selector';

/**
 * KH-WKL-004: a PodDisruptionBudget in the workload's namespace selects its pods. When the audit holds neither a
 * PodDisruptionBudget of the namespace nor the Namespace object, the budgets are not part of the audit: unknown.
 */
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
    const namespace = object.metadata.namespace;
    if (budgetsIn(context, namespace).selecting(podLabels(object)).length > 0) {
      return [];
    }
    if (context.objectsOfKind('PodDisruptionBudget', namespace).length === 0 && (namespace === undefined || context.namespace(namespace) === undefined)) {
      return [{ message: 'neither a PodDisruptionBudget nor the Namespace of the workload is part of the audit, so whether a budget protects the pods is unknown', unknown: true }];
    }
    return [{ message: 'no PodDisruptionBudget in the audit selects the pods', path: 'spec.template.metadata.labels' }];
  },
};

const pdbSelector = (pdb: K8sObject): unknown => asObject(pdb.spec)?.selector;

/** The PodDisruptionBudgets of `namespace`, indexed once per audit. */
function budgetsIn(context: AuditContext, namespace: string | undefined): SelectorIndex<K8sObject> {
  let byNamespace = budgetCache.get(context);
  if (!byNamespace) {
    byNamespace = new Map();
    budgetCache.set(context, byNamespace);
  }
  let index = byNamespace.get(namespace);
  if (!index) {
    const budgets = context.objectsOfKind('PodDisruptionBudget', namespace);
    index = new SelectorIndex(budgets, pdbSelector, (pdb, labels) => selectorMatches(pdbSelector(pdb), labels));
    byNamespace.set(namespace, index);
  }
  return index;
}

const budgetCache = new WeakMap<AuditContext, Map<string | undefined, SelectorIndex<K8sObject>>>();
