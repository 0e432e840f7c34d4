/**
 * A payment platform on cdk8s: the cluster's sandbox runtimes, a `finance` namespace with the zero-trust `payments`
 * namespace under it, a medium-tier API gateway on gVisor and a payment service on Kata (JWT, rate limit, callable
 * only by the gateway with POST /v1/payments, egress only to the bank gateway), all hardened by kube-harden; plus
 * the cluster's security controls: signed and scanned images only (ImageSupplyChainPolicy), runtime threat detection,
 * and security chaos probes. The CI pipeline that
 * produces the signed, scanned images is printed by `kube-harden ci-gate --ci github` (or `gitlab`).
 *
 * `cdk8s synth` (or `npm run synth` at the repo root) writes `dist/<chart>.k8s.yaml`. Tests call
 * `buildPaymentPlatform` on an app of their own, offline.
 */
import { App, Chart } from 'cdk8s';
import {
  ImageSupplyChainPolicy, PaymentService, RuntimeThreatDetection, SandboxRuntimes, SecureDeployment, SecurityChaosProbes, ZeroTrustNamespace,
} from '../../lib/cdk8s';
import {
  IMAGE_POLICY, NAMESPACE, PARENT_NAMESPACE, PLATFORM_LABELS, SANDBOX_RUNTIMES,
  gatewayProps, paymentServiceProps, probesProps, runtimeDetectionProps,
} from '../shared/payment-platform';

export { BANK_GATEWAY, NAMESPACE } from '../shared/payment-platform';

/** The charts of the platform. */
export interface PaymentPlatform {
  /** Cluster-scoped objects: RuntimeClasses and PriorityClasses. */
  readonly cluster: Chart;
  /** The namespaces: `finance` and, under it (HNC), the zero-trust `payments` namespace. */
  readonly namespaces: Chart;
  /** The `finance` parent namespace. */
  readonly finance: ZeroTrustNamespace;
  /** The `payments` namespace: PSA restricted, STRICT mTLS, default deny. */
  readonly paymentsNamespace: ZeroTrustNamespace;
  /** The `payments` namespace's workloads. */
  readonly payments: Chart;
  /** The sandbox runtimes (their names go to the workloads). */
  readonly runtimes: SandboxRuntimes;
  /** The API gateway. */
  readonly gateway: SecureDeployment;
  /** The payment service. */
  readonly paymentService: PaymentService;
  /** Cluster security controls: image admission, runtime detection, chaos probes. */
  readonly security: Chart;
  /** Only signed images with a clean scan attestation run in opted-in namespaces. */
  readonly imagePolicy: ImageSupplyChainPolicy;
  /** Exec allow-lists and cluster-wide detections. */
  readonly runtimeDetection: RuntimeThreatDetection;
  /** Proves the controls by dry-run attacks every six hours. */
  readonly probes: SecurityChaosProbes;
}

/** Builds the platform into `app`: the shared intent, wired into charts. */
export function buildPaymentPlatform(app: App): PaymentPlatform {
  const cluster = new Chart(app, 'cluster');
  const runtimes = new SandboxRuntimes(cluster, 'sandbox-runtimes', SANDBOX_RUNTIMES);

  const namespaces = new Chart(app, 'namespaces', { labels: PLATFORM_LABELS });
  const finance = new ZeroTrustNamespace(namespaces, 'finance', { name: PARENT_NAMESPACE });
  const paymentsNamespace = new ZeroTrustNamespace(namespaces, 'payments', { name: NAMESPACE, parent: { namespace: finance.ref } });

  const payments = new Chart(app, 'payments', { namespace: paymentsNamespace.name, labels: PLATFORM_LABELS });
  const gateway = new SecureDeployment(payments, 'api-gateway', { ...gatewayProps(paymentsNamespace.meshMode), sandbox: runtimes.ref });
  const paymentService = new PaymentService(payments, 'payment-service', {
    ...paymentServiceProps(gateway.ref, paymentsNamespace.meshMode),
    sandbox: runtimes.ref,
  });

  const security = new Chart(app, 'security');
  const imagePolicy = new ImageSupplyChainPolicy(security, 'image-policy', IMAGE_POLICY);
  const runtimeDetection = new RuntimeThreatDetection(security, 'runtime-detection', runtimeDetectionProps(gateway.ref, paymentService.ref));
  const probes = new SecurityChaosProbes(security, 'probes', probesProps(paymentService.ref));
  return {
    cluster, namespaces, finance, paymentsNamespace, payments, runtimes, gateway, paymentService, security, imagePolicy, runtimeDetection, probes,
  };
}

if (require.main === module) {
  const app = new App();
  buildPaymentPlatform(app);
  app.synth();
}
