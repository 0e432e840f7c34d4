import { CheckedInputs, withBoundary } from './boundary';
import { K8sObject, finalizeObjects } from './manifest';
import { RenderContext } from './naming';
import { HardeningProfile, RESTRICTED_PROFILE } from './profile';
import { ResolvedWorkload, WorkloadPreset, resolveWorkload } from './resolved-workload';
import { checkWorkloadTraffic, renderWorkloadTrafficPart } from './traffic/traffic-part';
import { Problems } from './validation';
import { renderDeployment, renderPodDisruptionBudget, renderService, renderServiceAccount } from './workload-objects';
import { SecureDeploymentProps } from './workload-props';
import { WorkloadRef } from './workload-ref';

/** One part of a workload: it checks the props it reads, then renders its objects from the resolved workload. */
export interface WorkloadPart {
  /**
   * Records every problem in the props this part reads (runs before anything is rendered).
   * @default - the part has nothing to check
   */
  readonly check?: (workload: ResolvedWorkload, problems: Problems) => void;
  /** Renders the part's objects; called only when no part found a problem. */
  readonly render: (workload: ResolvedWorkload) => K8sObject | readonly K8sObject[];
}

/** The parts every SecureDeployment (and PaymentService) renders, in order. Add a part here to extend both. */
export const WORKLOAD_PARTS: readonly WorkloadPart[] = [
  { render: renderServiceAccount },
  { render: renderService },
  { render: renderDeployment },
  { render: renderPodDisruptionBudget },
  { check: checkWorkloadTraffic, render: renderWorkloadTrafficPart },
];

/** A rendered workload: its objects and its reference as a network peer. */
export interface RenderedWorkload {
  /** The objects, canonical and in canonical order. */
  readonly objects: K8sObject[];
  /** The workload as a network peer. */
  readonly ref: WorkloadRef;
}

/**
 * Validates `props` with the `preset`'s bar and renders every part; throws one `KubeHardenValidationError` listing all
 * problems. The props, context and profile pass the boundary (`withBoundary`: own data, the generated schema) first.
 */
export function buildWorkload(
  props: SecureDeploymentProps,
  context: RenderContext,
  profile: HardeningProfile,
  preset: WorkloadPreset,
): RenderedWorkload {
  return withBoundary(preset.kind, 'SecureDeploymentProps', { props, context, profile }, (inputs: CheckedInputs<SecureDeploymentProps>) => {
    const problems = new Problems();
    const workload = resolveWorkload(inputs.props, inputs.context, inputs.profile, preset, problems);
    for (const part of WORKLOAD_PARTS) {
      part.check?.(workload, problems);
    }
    problems.throwIfAny(workload.subject);
    return { objects: finalizeObjects(WORKLOAD_PARTS.flatMap((part) => part.render(workload))), ref: workload.ref };
  });
}

/** Renders a SecureDeployment with its objects and reference. */
export function buildSecureDeployment(
  props: SecureDeploymentProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): RenderedWorkload {
  return buildWorkload(props, context, profile, { kind: 'SecureDeployment' });
}

/**
 * Renders a hardened stateless workload: Deployment (PSS restricted pod, RollingUpdate, topology spread, probes,
 * resources, runtime and priority class from the tier), ServiceAccount (token not automounted), ClusterIP Service
 * and PodDisruptionBudget.
 */
export function renderSecureDeployment(
  props: SecureDeploymentProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): K8sObject[] {
  return buildSecureDeployment(props, context, profile).objects;
}
