import { allowListMode, coverageEntries, hasRuntimeMonitoring } from './monitoring';
import { EXEC_MODE_ANNOTATION } from '../../../core';
import { asObject, podLabels, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';
import { selectorMatches } from '../../selector';
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
    if (object.metadata.annotations?.[EXEC_MODE_ANNOTATION] === 'audit') {
      violations.push({
        message: 'the workload\'s exec allow-list only audits: an unexpected exec is reported, not stopped',
        path: `metadata.annotations.${EXEC_MODE_ANNOTATION}`,
      });
    }
    const namespace = object.metadata.namespace;
    const labels = podLabels(object);
    const policies = context.objectsOfKind('TracingPolicyNamespaced', namespace)
      .filter((p) => p.metadata.namespace === namespace && selectorMatches(asObject(p.spec)?.podSelector, labels));
    const modes = [
      ...policies.map(allowListMode),
      ...coverageEntries(context).filter((e) => e.workload === `${namespace}/${object.metadata.name}`).map((e) => (e.mode === 'enforce' ? 'enforce' : 'audit')),
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
