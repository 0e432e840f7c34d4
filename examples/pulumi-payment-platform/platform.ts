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

/** Namespace of the platform's workloads (a ZeroTrustNamespace under the `finance` parent). */
export const NAMESPACE = 'payments';

/** The bank's payment gateway: the only external name the payment service may reach (HTTPS). */
export const BANK_GATEWAY = 'api.bank-gateway.example.com';

/** The common label of the platform (what the cdk8s example's charts add). */
const PLATFORM_LABELS = { 'app.kubernetes.io/part-of': 'payment-platform' };

/** The identity provider's public signing keys (inline JWKS: no fetch at request time). */
const IDP_JWKS = JSON.stringify({
  keys: [{
    kty: 'EC',
    crv: 'P-256',
    kid: 'payments-2026',
    use: 'sig',
    alg: 'ES256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  }],
});

/** Images are pinned by digest, never `latest`. */
const GATEWAY_IMAGE = 'registry.example.com/payments/api-gateway:2.3.1@sha256:3f1a6c0b9d2e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c';
const PAYMENT_IMAGE = 'registry.example.com/payments/payment-service:1.4.2@sha256:9b8a7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081';
/** The probe runner: a Node.js image without a shell, signed by the release pipeline like every image here. */
const PROBE_IMAGE = 'registry.example.com/payments/security-probe:1.0.0@sha256:ba9c736f19e7f60b7f6764adb0b7908c0a2b394e09b6c09863528c7f2bc86095';
/** An image from the allowed registry that carries no signature (the probes expect admission to refuse it). */
const UNSIGNED_IMAGE = 'registry.example.com/payments/unsigned-canary:0.0.1@sha256:ceffe727ab2fa2c7c3322ee4a1aa0c2d2a4664836c2133df93dd15055bb617be';

/** The release pipeline's cosign public key (`cosign.pub`). */
const RELEASE_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9m3XnJ0a1qmM5xXz0Y8cYgYjq1nD3p8tR4wqT0d1XkqGmQYbS9jW5u7x2s4Lk9rPz6c8V0bN1mH3fJ2aQ7eW1A==',
  '-----END PUBLIC KEY-----',
  '',
].join('\n');

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
   * The payment service's image, e.g. one built and pushed by the same program (an Output), with its version
   * (the version label cannot wait for the Output).
   * @default - the pinned release image
   */
  readonly paymentImage?: { readonly image: pulumi.Input<string>; readonly version: string };
  /**
   * Options of every component (e.g. a Kubernetes `provider`).
   * @default - the default provider (the current kubeconfig context)
   */
  readonly opts?: pulumi.ComponentResourceOptions;
}

/** Builds the platform in the current Pulumi program. */
export function buildPaymentPlatform(options: PaymentPlatformOptions = {}): PaymentPlatform {
  const opts = options.opts;
  const runtimes = new SandboxRuntimes('sandbox-runtimes', {
    gvisor: {
      overhead: { cpu: '100m', memory: '64Mi' },
      nodeSelector: { 'sandbox.example.com/gvisor': 'true' },
      tolerations: [{ key: 'sandbox.example.com/runtime', value: 'gvisor', effect: 'NoSchedule' }],
    },
    kata: {
      nodeSelector: { 'katacontainers.io/kata-runtime': 'true' },
      tolerations: [{ key: 'sandbox.example.com/runtime', value: 'kata', effect: 'NoSchedule' }],
    },
  }, opts);

  const finance = new ZeroTrustNamespace('finance', { name: 'finance', context: { labels: PLATFORM_LABELS } }, opts);
  const paymentsNamespace = new ZeroTrustNamespace('payments', {
    name: NAMESPACE, parent: { namespace: finance.ref }, context: { labels: PLATFORM_LABELS },
  }, opts);
  const payments = { namespace: paymentsNamespace.name, labels: PLATFORM_LABELS };

  const gateway = new SecureDeployment('api-gateway', {
    context: payments,
    name: 'api-gateway',
    image: GATEWAY_IMAGE,
    component: 'gateway',
    sensitivity: 'medium',
    sandbox: runtimes.ref,
    ports: [{ name: 'http', port: 8080 }],
    probes: { httpPath: '/healthz', readiness: { httpPath: '/ready' } },
    env: { UPSTREAM_PAYMENTS: `http://payment-service.${NAMESPACE}.svc:8080` },
    meshMode: paymentsNamespace.meshMode,
    allowFrom: [{ peer: { namespace: 'istio-ingress', podLabels: { istio: 'ingressgateway' }, serviceAccount: 'istio-ingressgateway' }, ports: [8080] }],
  }, opts);
  const paymentService = new PaymentService('payment-service', {
    context: payments,
    name: 'payment-service',
    image: options.paymentImage?.image ?? PAYMENT_IMAGE,
    version: options.paymentImage?.version,
    component: 'payments',
    sandbox: runtimes.ref,
    ports: [{ name: 'http', port: 8080 }],
    probes: { httpPath: '/healthz' },
    env: { DB_PASSWORD: { secret: 'payment-db', key: 'password' } },
    secrets: [{ secret: 'payment-tls', mountPath: '/etc/tls' }],
    meshMode: paymentsNamespace.meshMode,
    allowFrom: [{ peer: gateway.ref, ports: [8080], http: [{ methods: ['POST'], paths: ['/v1/payments'] }] }],
    egress: [{ fqdns: [BANK_GATEWAY], ports: [443] }],
    jwt: { issuer: 'https://idp.example.com', jwks: IDP_JWKS },
    rateLimit: { requests: 100, per: 'second' },
  }, opts);

  const imagePolicy = new ImageSupplyChainPolicy('image-policy', {
    name: 'payment-images',
    images: ['registry.example.com/payments/*'],
    authorities: [
      { name: 'release-key', publicKey: RELEASE_KEY },
      { name: 'release-workflow', issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/example/payments/.github/workflows/gate.yml@refs/heads/main' },
    ],
  }, opts);
  const runtimeDetection = new RuntimeThreatDetection('runtime-detection', {
    name: 'payment-platform',
    workloads: [
      { workload: gateway.ref, allowedExecutables: ['/app/api-gateway'], runtime: 'gvisor' },
      { workload: paymentService.ref, allowedExecutables: ['/app/payment-service'], runtime: 'kata' },
    ],
    threatIntel: { executables: ['xmrig', 'kinsing'], domains: ['pool.minexmr.com'], cidrs: ['198.51.100.0/24'] },
  }, opts);
  const probes = new SecurityChaosProbes('probes', {
    name: 'security-probes',
    image: PROBE_IMAGE,
    command: ['/nodejs/bin/node'],
    protectedNamespaces: [NAMESPACE],
    compliantImage: PAYMENT_IMAGE,
    unsignedImage: UNSIGNED_IMAGE,
    forbiddenPaths: [
      { name: 'payment-service-from-undeclared-peer', workload: paymentService.ref },
      { name: 'non-allowed-fqdn', host: 'example.org', port: 443 },
    ],
    allowedPaths: [{ name: 'identity-provider', host: 'idp.example.com', port: 443 }],
  }, opts);
  return { finance, paymentsNamespace, runtimes, gateway, paymentService, imagePolicy, runtimeDetection, probes };
}
