import { K8sObject } from '../../../core/manifest';
import { RESTRICTED_PROFILE } from '../../../core/profile';
import { SENSITIVITIES, SENSITIVITY_LABEL, Sensitivity } from '../../../core/sensitivity';
import { integerField, readOf, stringField } from '../../field-types';
import { checkPod, metadataValue, WORKLOAD_KINDS } from '../../pod-spec';
import { AuditContext, ManifestRule, RuleViolation } from '../../rule';
import { DeclaredTier, declaredTier } from '../../tier';

/**
 * PriorityClasses every cluster has, above any class users may create (2000001000 and 2000000000; user classes are
 * at most 1000000000: kubernetes/kubernetes pkg/apis/scheduling/types.go `HighestUserDefinablePriority`).
 */
const BUILT_IN_PRIORITY_CLASSES = new Set(['system-node-critical', 'system-cluster-critical']);

/** The tier a PriorityClass of the audit is for (its `kube-harden.io/sensitivity` label, as SandboxRuntimes writes it). */
function tierOfClass(priorityClass: K8sObject): Sensitivity | undefined {
  const tier = readOf(priorityClass, () => metadataValue(priorityClass, 'labels', SENSITIVITY_LABEL));
  return SENSITIVITIES.find((s) => s === tier);
}

/** The restricted profile's tier whose default PriorityClass is named `name`. */
function tierOfDefaultName(name: string): Sensitivity | undefined {
  return SENSITIVITIES.find((s) => RESTRICTED_PROFILE.tiers[s].priorityClassName === name);
}

/**
 * The value a pod of `tier` needs at least: the value of the tier's PriorityClass in the audit (labelled with the
 * tier, else named as the restricted profile names it), else the restricted profile's value of the tier.
 */
function tierValue(tier: Sensitivity, classes: readonly K8sObject[]): { readonly value: number; readonly from: string } {
  const own = classes.find((c) => tierOfClass(c) === tier)
    ?? classes.find((c) => c.metadata.name === RESTRICTED_PROFILE.tiers[tier].priorityClassName);
  const value = own === undefined ? undefined : readOf(own, () => integerField(own, 'value', ''));
  return value === undefined
    ? { value: RESTRICTED_PROFILE.tiers[tier].priorityValue, from: `the restricted profile's '${tier}' value` }
    : { value, from: `PriorityClass '${own!.metadata.name}'` };
}

/** Whether the pod's PriorityClass `name` is at least `tier`'s (see `KH_WKL_007`). */
function judgeClass(name: string, tier: DeclaredTier, context: AuditContext, path: string): RuleViolation[] {
  const classes = context.objectsOfKind('PriorityClass');
  const priorityClass = classes.find((c) => c.metadata.name === name);
  const below = (why: string): RuleViolation[] => [{ message: `the '${tier.sensitivity}' tier's pods run at priority class '${name}', ${why}`, path }];
  if (priorityClass !== undefined) {
    const value = readOf(priorityClass, () => integerField(priorityClass, 'value', ''));
    const needed = tierValue(tier.sensitivity, classes);
    // (a value of the wrong type is noted as unknown; a missing one, which Kubernetes rejects, is not at least any tier's)
    return value !== undefined && value >= needed.value ? [] : below(`whose value ${value ?? '(none)'} is below the tier's ${needed.value} (${needed.from})`);
  }
  if (BUILT_IN_PRIORITY_CLASSES.has(name)) {
    return [];
  }
  const defaultTier = tierOfDefaultName(name);
  if (defaultTier !== undefined) {
    return SENSITIVITIES.indexOf(defaultTier) >= SENSITIVITIES.indexOf(tier.sensitivity) ? [] : below(`kube-harden's class of the lower '${defaultTier}' tier`);
  }
  return [{
    message: `priority class '${name}' is not part of the audit, so whether it is at least the '${tier.sensitivity}' tier's cannot be judged`,
    path,
    unknown: true,
  }];
}

/**
 * KH-WKL-007: the pod names a priority class, so the scheduler keeps important workloads first; a workload that
 * declares a sensitivity tier (`kube-harden.io/sensitivity`) names one at least as high as its tier's. A class that
 * is part of the audit is judged by its `value` against the tier's class (the PriorityClass labelled with the tier,
 * as SandboxRuntimes writes them, else the one named `kube-harden-<tier>`, else the restricted profile's value); a
 * class outside the audit by its name (kube-harden's `kube-harden-<tier>` names, and the built-in
 * `system-cluster-critical` and `system-node-critical`, which outrank every tier); any other class outside the audit
 * is unknown. Workloads without a declared tier (anyone's manifests) only need a priority class.
 */
export const KH_WKL_007: ManifestRule = {
  id: 'KH-WKL-007',
  area: 'workload',
  title: "Workload has a priority class, at least its tier's",
  severity: 'info',
  guideSection: '3.1',
  controls: { mlps: ['8.1.4.9'] },
  remediation: "Set spec.priorityClassName to the PriorityClass of the workload's tier (e.g. kube-harden-high), or to one with at least its value.",
  appliesTo: WORKLOAD_KINDS,
  check: (object, context) => checkPod(object, (pod) => {
    const name = stringField(pod.spec, 'priorityClassName', pod.path) ?? '';
    const path = `${pod.path}.priorityClassName`;
    if (name === '') {
      return [{ message: 'the pod has no priorityClassName', path }];
    }
    const tier = declaredTier(object);
    return tier === undefined ? [] : judgeClass(name, tier, context, path);
  }),
};
