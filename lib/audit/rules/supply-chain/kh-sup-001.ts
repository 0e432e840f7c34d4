import { isEnforce, kyvernoImagePolicies, SIGSTORE_INCLUDE, sigstoreEnforces, verifyImagesEntries } from './image-policies';
import { stringField } from '../../field-types';
import { metadataMap } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-SUP-001: Pods of the namespace are admitted only with verified image signatures: a Kyverno ClusterPolicy with
 * `verifyImages` selects the namespace in Enforce mode, or the namespace opts into Sigstore policy-controller and a
 * ClusterImagePolicy enforces. Without any image policy in the audit, the namespace is unknown (the cluster's
 * policies are usually audited apart), as KH-RUN-002 does for runtime monitoring.
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
    const kyverno = kyvernoImagePolicies(context);
    const sigstore = context.objectsOfKind('ClusterImagePolicy');
    const labels = metadataMap(object, 'labels');
    // an opt-in of the wrong type (`true` unquoted) is noted (unknown) and opts nothing in (fail closed)
    const sigstoreOptIn = stringField(labels, SIGSTORE_INCLUDE, 'metadata.labels') === 'true';
    const actions = verifyImagesEntries(kyverno, object, true).map((e) => e.action);
    if (actions.some(isEnforce)) return [];
    if (sigstoreOptIn && sigstore.some(sigstoreEnforces)) return [];
    if (actions.length > 0 || (sigstoreOptIn && sigstore.length > 0)) {
      return [{ message: 'the image policy that selects the namespace only audits (or warns): unsigned images are admitted' }];
    }
    if (kyverno.length === 0 && sigstore.length === 0) {
      const optedIn = sigstoreOptIn || Object.keys(labels ?? {}).some((k) => k.startsWith('kube-harden.io/image-verification'));
      return [{ message: `${optedIn ? 'the namespace opts into image verification, but ' : ''}the audit holds no ClusterPolicy with verifyImages or ClusterImagePolicy to check`, unknown: true }];
    }
    return [{ message: 'no image policy verifies signatures for Pods in this namespace', path: 'metadata.labels' }];
  },
};
