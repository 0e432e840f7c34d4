import { requireAcknowledgement } from './acknowledgements';
import { CheckedInputs, ownData, withBoundary } from './boundary';
import { canonicalize, K8sObject } from './manifest';
import { RenderContext } from './naming';
import { vouch } from './passed-copies';
import { HardeningProfile, RESTRICTED_PROFILE, RuntimeDetectionMode, SupplyChainEngine } from './profile';
import { WorkloadPreset } from './resolved-workload';
import { ExecAllowList } from './runtime-threat-detection';
import { RenderedWorkload, buildWorkload } from './secure-deployment';
import { KubeHardenValidationError, Problems } from './validation';
import { EXEC_ALLOWLIST_ANNOTATION, EXEC_MODE_ANNOTATION, SIGNATURE_VERIFICATION_ANNOTATION } from './workload-annotations';
import { SecureDeploymentProps } from './workload-props';

/**
 * The intent of a payment workload: a SecureDeployment at the profile's payment tier (critical: Kata), with at least
 * `payment.minReplicas` replicas, a digest-pinned image, the tier's priority class and a PodDisruptionBudget.
 * Lowering any of these needs an acknowledgement with a reason.
 */
export interface PaymentServiceProps extends Omit<SecureDeploymentProps, 'sensitivity'> {
  /**
   * Absolute paths of every binary the pods may execute; give the construct's `execAllowList` to RuntimeThreatDetection.
   * @default - none: the audit reports KH-RUN-001 until the allow-list is given
   */
  readonly allowedExecutables?: readonly string[];
  /**
   * Exec allow-list mode; `audit` needs an acknowledgement of KH-RUN-001.
   * @default - the profile's `runtimeDetection.mode` (`enforce`)
   */
  readonly execMode?: RuntimeDetectionMode;
  /**
   * Image signature admission the namespace must run (ZeroTrustNamespace `imageVerification`); `none` needs an
   * acknowledgement of KH-SUP-002.
   * @default - the namespace's engine (the profile's `supplyChain.engine`)
   */
  readonly signatureVerification?: SupplyChainEngine | 'none';
}

/** The PaymentService bar, read from the profile. */
export function paymentPreset(profile: HardeningProfile): WorkloadPreset {
  return {
    kind: 'PaymentService',
    sensitivity: profile.payment.sensitivity,
    minReplicas: profile.payment.minReplicas,
    requireDigest: true,
  };
}

function checkRuntimeProps(problems: Problems, props: PaymentServiceProps, profile: HardeningProfile): void {
  const acks = props.acknowledgements;
  (props.allowedExecutables ?? []).forEach((exe, i) => {
    if (typeof exe !== 'string' || !/^\/[^\s"(),]+$/.test(exe)) {
      problems.add(`allowedExecutables[${i}]`, exe, 'is not an absolute path without spaces, quotes, commas or parentheses', "write e.g. '/app/server'.");
    }
  });
  // The profile's mode counts where it takes effect: on the allow-list the PaymentService records.
  const execMode = props.execMode ?? (props.allowedExecutables !== undefined ? profile.runtimeDetection.mode : undefined);
  const field = props.execMode === undefined ? 'profile.runtimeDetection.mode' : 'execMode';
  if (execMode === 'audit') {
    requireAcknowledgement(problems, acks, 'KH-RUN-001', field, execMode, 'an audit-only allow-list reports but does not stop unexpected execs', "use 'enforce'");
  } else if (execMode !== undefined && execMode !== 'enforce') {
    problems.add(field, execMode, 'is not a mode', "use 'enforce' or 'audit'.");
  }
  if (props.signatureVerification === 'none') {
    requireAcknowledgement(problems, acks, 'KH-SUP-002', 'signatureVerification', 'none', 'payment images would run without signature verification', "use 'kyverno' or 'sigstore'");
  } else if (props.signatureVerification !== undefined && props.signatureVerification !== 'kyverno' && props.signatureVerification !== 'sigstore') {
    problems.add('signatureVerification', props.signatureVerification, 'is not an engine', "use 'kyverno', 'sigstore' or 'none'.");
  }
}

/** Renders a PaymentService with its objects and reference (props, context and profile pass `withBoundary` first). */
export function buildPaymentService(
  props: PaymentServiceProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): RenderedWorkload {
  return withBoundary('PaymentService', 'PaymentServiceProps', { props, context, profile }, (inputs: CheckedInputs<PaymentServiceProps>) => {
    const { allowedExecutables, execMode, signatureVerification, ...workloadProps } = inputs.props;
    // PaymentServiceProps are SecureDeploymentProps without `sensitivity`, plus the three fields taken out above.
    vouch(workloadProps, 'SecureDeploymentProps', inputs);
    const problems = new Problems();
    checkRuntimeProps(problems, inputs.props, inputs.profile);
    let rendered: RenderedWorkload | undefined;
    try {
      rendered = buildWorkload(workloadProps, inputs.context, inputs.profile, paymentPreset(inputs.profile));
    } catch (error) {
      if (!KubeHardenValidationError.isValidationError(error)) throw error;
      problems.addAll(error.problems);
    }
    problems.throwIfAny(`PaymentService '${inputs.props.name}'`);
    return withPaymentAnnotations(rendered as RenderedWorkload,
      { allowedExecutables, execMode: execMode ?? inputs.profile.runtimeDetection.mode, signatureVerification });
  });
}

function withPaymentAnnotations(
  rendered: RenderedWorkload,
  runtime: { allowedExecutables?: readonly string[]; execMode: string; signatureVerification?: string },
): RenderedWorkload {
  const annotations: Record<string, string> = {};
  if (runtime.allowedExecutables !== undefined) {
    annotations[EXEC_ALLOWLIST_ANNOTATION] = JSON.stringify(runtime.allowedExecutables);
    annotations[EXEC_MODE_ANNOTATION] = runtime.execMode;
  }
  if (runtime.signatureVerification !== undefined) annotations[SIGNATURE_VERIFICATION_ANNOTATION] = runtime.signatureVerification;
  if (Object.keys(annotations).length === 0) return rendered;
  // The workload's objects are final already; only the Deployment changes (not its kind or name, so not the order).
  const objects = rendered.objects.map((o) => (o.kind === 'Deployment'
    ? canonicalize({ ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, ...annotations } } })
    : o));
  return { objects, ref: rendered.ref };
}

/**
 * The exec allow-list of a PaymentService for RuntimeThreatDetection, or `undefined` when no allow-list was given. Its
 * runtime is the one the pods run: the `runtime` prop (a weaker one acknowledged under KH-SBX-001: on runc, Tetragon
 * enforces the list), else the payment tier's (on Kata the detection states the monitoring gap).
 */
export function paymentExecAllowList(
  rawProps: PaymentServiceProps,
  rendered: RenderedWorkload,
  profile: HardeningProfile = RESTRICTED_PROFILE,
): ExecAllowList | undefined {
  // Own data only, as the render read it (the props passed the boundary when `rendered` was built).
  const props = ownData(rawProps, new Problems(), 'props') as PaymentServiceProps;
  if (props.allowedExecutables === undefined) return undefined;
  return {
    workload: rendered.ref,
    allowedExecutables: props.allowedExecutables,
    mode: props.execMode,
    runtime: props.runtime ?? profile.tiers[profile.payment.sensitivity].runtime,
    acknowledgements: props.acknowledgements?.['KH-RUN-001'] ? { 'KH-RUN-001': props.acknowledgements['KH-RUN-001'] } : undefined,
  };
}

/** Renders a PaymentService: the objects of a SecureDeployment at the payment bar. */
export function renderPaymentService(
  props: PaymentServiceProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): K8sObject[] {
  return buildPaymentService(props, context, profile).objects;
}
