/**
 * The payment platform of `examples/cdk8s-payment-platform`, as Pulumi components: the cluster's sandbox runtimes,
 * a `finance` namespace with the zero-trust `payments` namespace under it, a medium-tier API gateway on gVisor and a
 * payment service on Kata (JWT, rate limit, callable only by the gateway with POST /v1/payments, egress only to the
 * bank gateway), plus the cluster's security controls (signed and scanned images only, runtime threat detection,
 * security chaos probes).
 * Same props, same manifests: `test/parity/examples.test.ts` compares the two object by object.
 *
 * `index.ts` is the program `pulumi up` runs; tests call `buildPaymentPlatform` under mocks, offline.
 */
import * as pulumi from '@pulumi/pulumi';
import {
  ImageSupplyChainPolicy, PaymentService, RuntimeThreatDetection, SandboxRuntimes, SecureDeployment, SecurityChaosProbes, ZeroTrustNamespace,
} from '../../lib/pulumi';
import {
  IMAGE_POLICY, NAMESPACE, PARENT_NAMESPACE, PAYMENT_IMAGE, PLATFORM_LABELS, SANDBOX_RUNTIMES,
  gatewayProps, paymentServiceProps, probesProps, runtimeDetectionProps,
} from '../shared/payment-platform';

export { BANK_GATEWAY, NAMESPACE } from '../shared/payment-platform';

/** The components of the platform. */
export interface PaymentPlatform {
  /** The `finance` parent namespace. */
  readonly finance: ZeroTrustNamespace;
  /** The `payments` namespace: PSA restricted, STRICT mTLS, default deny. */
  readonly paymentsNamespace: ZeroTrustNamespace;
  /** The sandbox runtimes (their names go to the workloads). */
  readonly runtimes: SandboxRuntimes;
  /** The API gateway. */
  readonly gateway: SecureDeployment;
  /** The payment service. */
  readonly paymentService: PaymentService;
  /** Only signed images with a clean scan attestation run in opted-in namespaces. */
  readonly imagePolicy: ImageSupplyChainPolicy;
  /** Exec allow-lists and cluster-wide detections. */
  readonly runtimeDetection: RuntimeThreatDetection;
  /** Proves the controls by dry-run attacks every six hours. */
  readonly probes: SecurityChaosProbes;
}

/** What the platform can be built with. */
export interface PaymentPlatformOptions {
  /**
   * The payment service's image, e.g. one built and pushed by the same program (an Output): nothing of the payment
   * service is created until it is known and valid.
   * @default - the pinned release image
   */
  readonly paymentImage?: pulumi.Input<string>;
  /**
   * Options of every component (e.g. a Kubernetes `provider`).
   * @default - the default provider (the current kubeconfig context)
   */
  readonly opts?: pulumi.ComponentResourceOptions;
}

/** Builds the platform in the current Pulumi program: the shared intent, wired into components. */
export function buildPaymentPlatform(options: PaymentPlatformOptions = {}): PaymentPlatform {
  const opts = options.opts;
  const runtimes = new SandboxRuntimes('sandbox-runtimes', SANDBOX_RUNTIMES, opts);

  const finance = new ZeroTrustNamespace('finance', { name: PARENT_NAMESPACE, context: { labels: PLATFORM_LABELS } }, opts);
  const paymentsNamespace = new ZeroTrustNamespace('payments', {
    name: NAMESPACE, parent: { namespace: finance.ref }, context: { labels: PLATFORM_LABELS },
  }, opts);
  const payments = { namespace: paymentsNamespace.name, labels: PLATFORM_LABELS };

  const gateway = new SecureDeployment('api-gateway', { ...gatewayProps(paymentsNamespace.meshMode), sandbox: runtimes.ref, context: payments }, opts);
  const paymentService = new PaymentService('payment-service', {
    ...paymentServiceProps(gateway.ref, paymentsNamespace.meshMode),
    image: options.paymentImage ?? PAYMENT_IMAGE,
    sandbox: runtimes.ref,
    context: payments,
  }, opts);

  const imagePolicy = new ImageSupplyChainPolicy('image-policy', IMAGE_POLICY, opts);
  const runtimeDetection = new RuntimeThreatDetection('runtime-detection', runtimeDetectionProps(gateway.ref, paymentService.ref), opts);
  const probes = new SecurityChaosProbes('probes', probesProps(paymentService.ref), opts);
  return { finance, paymentsNamespace, runtimes, gateway, paymentService, imagePolicy, runtimeDetection, probes };
}
