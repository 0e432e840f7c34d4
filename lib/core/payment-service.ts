import { K8sObject } from './manifest';
import { RenderContext } from './naming';
import { HardeningProfile, RESTRICTED_PROFILE } from './profile';
import { WorkloadPreset } from './resolved-workload';
import { RenderedWorkload, buildWorkload } from './secure-deployment';
import { SecureDeploymentProps } from './workload-props';

/**
 * The intent of a payment workload: a SecureDeployment at the profile's payment tier (critical: Kata), with at least
 * `payment.minReplicas` replicas, a digest-pinned image, the tier's priority class and a PodDisruptionBudget.
 * Lowering any of these needs an acknowledgement with a reason.
 */
export interface PaymentServiceProps extends Omit<SecureDeploymentProps, 'sensitivity'> {}

/** The PaymentService bar, read from the profile. */
export function paymentPreset(profile: HardeningProfile): WorkloadPreset {
  return {
    kind: 'PaymentService',
    sensitivity: profile.payment.sensitivity,
    minReplicas: profile.payment.minReplicas,
    requireDigest: true,
  };
}

/** Renders a PaymentService with its objects and reference. */
export function buildPaymentService(
  props: PaymentServiceProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): RenderedWorkload {
  return buildWorkload(props, context, profile, paymentPreset(profile));
}

/** Renders a PaymentService: the objects of a SecureDeployment at the payment bar. */
export function renderPaymentService(
  props: PaymentServiceProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): K8sObject[] {
  return buildPaymentService(props, context, profile).objects;
}
