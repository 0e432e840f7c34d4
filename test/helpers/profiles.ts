import { HardeningProfile, RESTRICTED_PROFILE } from '../../lib/core/profile';

/** The restricted profile on a cluster that enforces only the standard NetworkPolicy (no Cilium). */
export const KUBERNETES_CNI_PROFILE: HardeningProfile = { ...RESTRICTED_PROFILE, network: { ...RESTRICTED_PROFILE.network, cni: 'kubernetes' } };

/**
 * The HNC `--managed-namespace-label` patterns that cover every label a ZeroTrustNamespace sets (Pod Security, Istio
 * injection and dataplane, image verification opt-ins), as an administrator would pass them to HNC.
 */
export const HNC_MANAGED_LABELS: readonly string[] = [
  'pod-security\\.kubernetes\\.io/.*',
  'istio-injection',
  'istio\\.io/(rev|dataplane-mode|use-waypoint)',
  'policy\\.sigstore\\.dev/include',
  'kube-harden\\.io/image-verification',
];

/** The restricted profile with HNC managing the namespace security labels. */
export const HNC_MANAGED_PROFILE: HardeningProfile = {
  ...RESTRICTED_PROFILE,
  namespace: { ...RESTRICTED_PROFILE.namespace, hncManagedLabels: HNC_MANAGED_LABELS },
};
