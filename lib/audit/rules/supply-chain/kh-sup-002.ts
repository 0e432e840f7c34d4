import {
  enforcedGlobs, imageForms, isEnforce, kyvernoImagePolicies, kyvernoPatternMatches, SIGSTORE_INCLUDE, sigstoreGlobMatches, verifyImagesEntries,
} from './image-policies';
import { K8sObject } from '../../../core/manifest';
import { SIGNATURE_VERIFICATION_ANNOTATION } from '../../../core/workload-annotations';
import { readApart } from '../../field-types';
import { checkPod, describeContainer, metadataValue, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';
import { imagesOf } from '../image/images';
import { isPaymentWorkload } from '../mesh/payment';

/**
 * KH-SUP-002: every image of a payment workload (label `kube-harden.io/payment: "true"`) is verified at admission by
 * an enforcing policy: a Kyverno `verifyImages` entry in Enforce mode whose rule selects the workload's namespace and
 * whose `imageReferences` match the image, or (namespace opted into Sigstore) an enforcing ClusterImagePolicy whose
 * `images` globs match it. The engine the workload names in `kube-harden.io/signature-verification` (PaymentService
 * `signatureVerification`) must be the one that verifies; `none` is a finding. Without any image policy in the audit,
 * or an unverified image when the workload's Namespace is not in the audit, it is unknown. Other workloads are not judged.
 */
export const KH_SUP_002: ManifestRule = {
  id: 'KH-SUP-002',
  area: 'supply-chain',
  title: 'Payment workloads require signature verification',
  severity: 'error',
  guideSection: '2.2',
  controls: { cis: ['5.5.1'], nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.6', '8.2'] },
  remediation: 'Cover every image of the payment workload with an enforcing ImageSupplyChainPolicy and opt its namespace in (ZeroTrustNamespace does).',
  appliesTo: [...SERVICE_WORKLOAD_KINDS, 'Pod'],
  appliesWhen: isPaymentWorkload,
  check: (object, context) => {
    // an engine of the wrong type is noted (unknown) and names none: any enforcing policy must verify (no such value is none)
    const required = metadataValue(object, 'annotations', SIGNATURE_VERIFICATION_ANNOTATION);
    if (required === 'none') {
      return [{ message: 'the payment workload opts out of image signature verification', path: `metadata.annotations.${SIGNATURE_VERIFICATION_ANNOTATION}` }];
    }
    const kyverno = required === 'sigstore' ? [] : kyvernoImagePolicies(context);
    const sigstore = required === 'kyverno' ? [] : context.objectsOfKind('ClusterImagePolicy');
    const engines = required === 'kyverno' || required === 'sigstore' ? `${required} ` : '';
    if (kyverno.length === 0 && sigstore.length === 0) {
      return [{ message: `the audit holds no ${engines}image policy (ClusterPolicy with verifyImages or ClusterImagePolicy) to check the workload's images against`, unknown: true }];
    }
    const name = object.metadata.namespace;
    const namespaceObject = name === undefined ? undefined : context.namespace(name);
    const namespace: K8sObject = namespaceObject ?? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: name ?? '' } };
    // (the Namespace's labels of the wrong type are its own rules' unknowns, KH-SUP-001's; here they meet no
    // namespaceSelector requirement, and an opt-in of the wrong type opts nothing in)
    const entries = verifyImagesEntries(kyverno, namespace, false).filter((e) => isEnforce(e.action));
    const globs = readApart(() => metadataValue(namespace, 'labels', SIGSTORE_INCLUDE)).value === 'true' ? sigstore.flatMap(enforcedGlobs) : [];
    return checkPod(object, (pod) => imagesOf(pod).flatMap((image): RuleViolation[] => {
      const forms = imageForms(image.raw, image.ref);
      const verified = entries.some((e) => forms.some((f) => e.imageReferences.some((p) => kyvernoPatternMatches(p, f))
        && !e.skipImageReferences.some((p) => kyvernoPatternMatches(p, f))))
        || forms.some((f) => globs.some((g) => sigstoreGlobMatches(g, f)));
      if (verified) return [];
      if (namespaceObject === undefined) {
        return [{ message: `${describeContainer(image.container)}: no enforcing ${engines}image policy verifies '${image.raw}' regardless of the namespace's labels, and the Namespace is not part of the audit`, path: image.path, unknown: true }];
      }
      return [{ message: `${describeContainer(image.container)} runs '${image.raw}', which no enforcing ${engines}image policy that selects namespace '${name}' verifies`, path: image.path }];
    }));
  },
};
