import { K8sObject } from '../../../core/manifest';
import { readOf } from '../../field-types';
import { asObject, podLabels, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { AuditContext, ManifestRule } from '../../rule';
import { SelectorIndex, selectorMatches } from '../../selector';

/**
 * KH-WKL-004: a PodDisruptionBudget in the workload's namespace selects its pods. The rule judges what the audit
 * (and its context) shows: no budget in it selects the pods is a finding even when the Namespace is not part of the
 * audit; the message then says that a budget outside the input would clear it.
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
    const outside = namespace !== undefined && context.namespace(namespace) !== undefined
      ? ''
      : ` (namespace '${namespace ?? '(none)'}' is not part of the audit: a PodDisruptionBudget outside the input would clear this; supply it as audit context, e.g. --context)`;
    return [{ message: `no PodDisruptionBudget in the audit selects the pods${outside}`, path: 'spec.template.metadata.labels' }];
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
    // (a selector with a field of the wrong type selects nothing, and the field is noted as the budget's)
    index = new SelectorIndex(budgets, pdbSelector, (pdb, labels) => readOf(pdb, () => selectorMatches(pdbSelector(pdb), labels, 'spec.selector')));
    byNamespace.set(namespace, index);
  }
  return index;
}

const budgetCache = new WeakMap<AuditContext, Map<string | undefined, SelectorIndex<K8sObject>>>();
