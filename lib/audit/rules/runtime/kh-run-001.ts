import { allowListMode, coverageByWorkload, hasRuntimeMonitoring } from './monitoring';
import { K8sObject } from '../../../core/manifest';
import { EXEC_MODE_ANNOTATION } from '../../../core/workload-annotations';
import { perAudit } from '../../context';
import { readOf } from '../../field-types';
import { asObject, metadataValue, podLabels, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { AuditContext, ManifestRule, RuleViolation } from '../../rule';
import { Labels, SelectorIndex, selectorMatches } from '../../selector';
import { isPaymentWorkload } from '../mesh/payment';

/**
 * KH-RUN-001: a payment workload (label `kube-harden.io/payment: "true"`) has an exec allow-list in enforce mode: a
 * Tetragon TracingPolicyNamespaced of its namespace that selects its pods and kills (or overrides) execs outside
 * the list, or a RuntimeThreatDetection coverage entry for it in enforce mode (Kata and gVisor pods get no Tetragon
 * policy; KH-RUN-002 judges their monitoring gap). The workload's `kube-harden.io/exec-mode: audit` annotation
 * (PaymentService `execMode`) is a finding too. Without runtime monitoring objects in the audit, it is unknown.
 * Other workloads are not judged.
 */
export const KH_RUN_001: ManifestRule = {
  id: 'KH-RUN-001',
  area: 'runtime',
  title: 'Payment workloads have an enforced exec allow-list',
  severity: 'error',
  guideSection: '3.2',
  controls: { nsa: ['Audit logging and threat detection'], mlps: ['8.1.4.4'] },
  remediation: 'Give the payment workload an exec allow-list in enforce mode (PaymentService allowedExecutables, rendered by RuntimeThreatDetection).',
  appliesTo: [...SERVICE_WORKLOAD_KINDS, 'Pod'],
  appliesWhen: isPaymentWorkload,
  check: (object, context) => {
    const violations: RuleViolation[] = [];
    // a mode of the wrong type is noted (unknown) and names no mode: no such value is audit
    if (metadataValue(object, 'annotations', EXEC_MODE_ANNOTATION) === 'audit') {
      violations.push({
        message: 'the workload\'s exec allow-list only audits: an unexpected exec is reported, not stopped',
        path: `metadata.annotations.${EXEC_MODE_ANNOTATION}`,
      });
    }
    const namespace = object.metadata.namespace;
    const labels = podLabels(object);
    const policies = tracingPoliciesSelecting(context, namespace, labels);
    const modes = [
      ...policies.map(allowListMode),
      ...(coverageByWorkload(context).get(`${namespace}/${object.metadata.name}`) ?? []).map((e) => (e.mode === 'enforce' ? 'enforce' : 'audit')),
    ].filter((m) => m !== undefined);
    if (modes.includes('enforce')) {
      return violations;
    }
    if (modes.length > 0) {
      return [...violations, { message: 'the exec allow-list deployed for this workload only audits: an unexpected exec is reported, not stopped' }];
    }
    if (!hasRuntimeMonitoring(context)) {
      return violations.length > 0 ? violations
        : [{ message: 'the audit holds no TracingPolicy, Falco rules or RuntimeThreatDetection coverage: audit the cluster\'s runtime detection with the workload', unknown: true }];
    }
    return [...violations, { message: 'no exec allow-list (Tetragon TracingPolicyNamespaced or RuntimeThreatDetection coverage entry) covers this payment workload' }];
  },
};

const tracingPolicySelector = (policy: K8sObject): unknown => asObject(policy.spec)?.podSelector;

/** Per audit and namespace: the index of its TracingPolicyNamespaced, or `null` when one has no metadata. */
const tracingPolicyIndexes = perAudit(() => new Map<string | undefined, SelectorIndex<K8sObject> | null>());

/**
 * The TracingPolicyNamespaced of `namespace` whose pod selector selects `labels`, in order, looked up in an index
 * built once per audit and namespace (every payment workload of a namespace has its own allow-list policy). When
 * a policy has no metadata, every policy is tested (and the test throws as it would).
 */
function tracingPoliciesSelecting(context: AuditContext, namespace: string | undefined, labels: Labels): K8sObject[] {
  const policies = context.objectsOfKind('TracingPolicyNamespaced', namespace);
  // (a selector with a field of the wrong type selects nothing, and the field is noted as the policy's)
  const selects = (p: K8sObject, l: Labels) => p.metadata.namespace === namespace && readOf(p, () => selectorMatches(tracingPolicySelector(p), l, 'spec.podSelector'));
  const indexes = tracingPolicyIndexes(context);
  let index = indexes.get(namespace);
  if (index === undefined) {
    const malformed = policies.some((p) => p.metadata === undefined || p.metadata === null);
    index = malformed ? null : new SelectorIndex(policies, tracingPolicySelector, selects);
    indexes.set(namespace, index);
  }
  return index === null ? policies.filter((p) => selects(p, labels)) : index.selecting(labels);
}
