import { K8sObject } from '../../../core';
import { asArray, asObject } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';
import { selectorMatches } from '../../selector';

const SIGSTORE_INCLUDE = 'policy.sigstore.dev/include';

/** Whether one Kyverno `match` resource filter selects Pods in `namespace`. */
function filterSelects(filter: unknown, namespace: K8sObject): boolean {
  const resources = asObject(asObject(filter)?.resources);
  if (resources === undefined) return false;
  const kinds = asArray(resources.kinds).map(String);
  if (!kinds.some((k) => k === 'Pod' || k === '*' || k.endsWith('/Pod'))) return false;
  const names = asArray(resources.namespaces).map(String);
  if (names.length > 0 && !names.some((n) => n === namespace.metadata.name || n === '*')) return false;
  return resources.namespaceSelector === undefined || selectorMatches(resources.namespaceSelector, namespace.metadata.labels ?? {});
}

/** Whether a Kyverno rule's `match` (any, all, or the legacy top-level resources) selects Pods in `namespace`. */
function matchSelects(match: unknown, namespace: K8sObject): boolean {
  const m = asObject(match) ?? {};
  if (m.any !== undefined) return asArray(m.any).some((f) => filterSelects(f, namespace));
  if (m.all !== undefined) return asArray(m.all).length > 0 && asArray(m.all).every((f) => filterSelects(f, namespace));
  return filterSelects(m, namespace);
}

/** The failure actions of the `verifyImages` entries of Kyverno rules that select `namespace`. */
function kyvernoActions(policies: readonly K8sObject[], namespace: K8sObject): string[] {
  return policies.flatMap((policy) => {
    const spec = asObject(policy.spec) ?? {};
    return asArray(spec.rules)
      .map((r) => asObject(r) ?? {})
      .filter((r) => asArray(r.verifyImages).length > 0 && matchSelects(r.match, namespace))
      .flatMap((r) => asArray(r.verifyImages).map((v) => String(asObject(v)?.failureAction ?? spec.validationFailureAction ?? 'Audit')));
  });
}

/**
 * KH-SUP-001: Pods of the namespace are admitted only with verified image signatures: a Kyverno ClusterPolicy with
 * `verifyImages` selects the namespace in Enforce mode, or the namespace opts into Sigstore policy-controller and a
 * ClusterImagePolicy enforces. Without any image policy in the audit, an opted-in namespace is unknown.
 */
export const KH_SUP_001: ManifestRule = {
  id: 'KH-SUP-001',
  area: 'supply-chain',
  title: 'Image signatures are verified at admission',
  severity: 'error',
  guideSection: '2.2',
  controls: { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.6', '8.2'] },
  remediation: 'Render an ImageSupplyChainPolicy and give the namespace its opt-in labels (ZeroTrustNamespace does).',
  appliesTo: ['Namespace'],
  check: (object, context) => {
    const kyverno = context.objectsOfKind('ClusterPolicy').filter((p) => asArray(asObject(p.spec)?.rules).some((r) => asArray(asObject(r)?.verifyImages).length > 0));
    const sigstore = context.objectsOfKind('ClusterImagePolicy');
    const labels = object.metadata.labels ?? {};
    const sigstoreOptIn = labels[SIGSTORE_INCLUDE] === 'true';
    const actions = kyvernoActions(kyverno, object);
    if (actions.some((a) => /^enforce$/i.test(a))) return [];
    if (sigstoreOptIn && sigstore.some((p) => asObject(p.spec)?.mode !== 'warn')) return [];
    const violations: RuleViolation[] = [];
    if (actions.length > 0 || (sigstoreOptIn && sigstore.length > 0)) {
      violations.push({ message: 'the image policy that selects the namespace only audits (or warns): unsigned images are admitted' });
    } else if (kyverno.length === 0 && sigstore.length === 0 && (sigstoreOptIn || Object.keys(labels).some((k) => k.startsWith('kube-harden.io/image-verification')))) {
      violations.push({ message: 'the namespace opts into image verification, but the audit holds no ClusterPolicy or ClusterImagePolicy to check', unknown: true });
    } else {
      violations.push({ message: 'no image policy verifies signatures for Pods in this namespace', path: 'metadata.labels' });
    }
    return violations;
  },
};
