/**
 * A payment platform on cdk8s: the cluster's sandbox runtimes, a medium-tier API gateway on gVisor and a
 * payment service on Kata, all hardened by kube-harden.
 *
 * `cdk8s synth` (or `npm run synth` at the repo root) writes `dist/<chart>.k8s.yaml`. Tests call
 * `buildPaymentPlatform` on an app of their own, offline.
 */
import { App, Chart } from 'cdk8s';
import { PaymentService, SandboxRuntimes, SecureDeployment } from '../../lib/cdk8s';

/** Namespace of the platform's workloads. */
export const NAMESPACE = 'payments';

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

/** The charts of the platform. */
export interface PaymentPlatform {
  /** Cluster-scoped objects: RuntimeClasses and PriorityClasses. */
  readonly cluster: Chart;
  /** The `payments` namespace's workloads. */
  readonly payments: Chart;
  /** The sandbox runtimes (their names go to the workloads). */
  readonly runtimes: SandboxRuntimes;
  /** The API gateway. */
  readonly gateway: SecureDeployment;
  /** The payment service. */
  readonly paymentService: PaymentService;
}

/** Builds the platform into `app`. */
export function buildPaymentPlatform(app: App): PaymentPlatform {
  const cluster = new Chart(app, 'cluster');
  const runtimes = new SandboxRuntimes(cluster, 'sandbox-runtimes', {
    gvisor: {
      overhead: { cpu: '100m', memory: '64Mi' },
      nodeSelector: { 'sandbox.example.com/gvisor': 'true' },
      tolerations: [{ key: 'sandbox.example.com/runtime', value: 'gvisor', effect: 'NoSchedule' }],
    },
    kata: {
      nodeSelector: { 'katacontainers.io/kata-runtime': 'true' },
      tolerations: [{ key: 'sandbox.example.com/runtime', value: 'kata', effect: 'NoSchedule' }],
    },
  });

  const payments = new Chart(app, 'payments', { namespace: NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'payment-platform' } });
  const gateway = new SecureDeployment(payments, 'api-gateway', {
    name: 'api-gateway',
    image: GATEWAY_IMAGE,
    component: 'gateway',
    sensitivity: 'medium',
    sandbox: runtimes.ref,
    ports: [{ name: 'http', port: 8080 }],
    probes: { httpPath: '/healthz', readiness: { httpPath: '/ready' } },
    env: { UPSTREAM_PAYMENTS: `http://payment-service.${NAMESPACE}.svc:8080` },
  });
  const paymentService = new PaymentService(payments, 'payment-service', {
    name: 'payment-service',
    image: PAYMENT_IMAGE,
    component: 'payments',
    sandbox: runtimes.ref,
    ports: [{ name: 'http', port: 8080 }],
    probes: { httpPath: '/healthz' },
    env: { DB_PASSWORD: { secret: 'payment-db', key: 'password' } },
    secrets: [{ secret: 'payment-tls', mountPath: '/etc/tls' }],
    allowFrom: [{ peer: gateway.ref, http: [{ methods: ['POST'], paths: ['/v1/payments'] }, { methods: ['GET'], paths: ['/v1/payments/*'] }] }],
    jwt: { issuer: 'https://idp.example.com', jwks: IDP_JWKS },
    rateLimit: { requests: 100, per: 'second' },
  });
  return { cluster, payments, runtimes, gateway, paymentService };
}

if (require.main === module) {
  const app = new App();
  buildPaymentPlatform(app);
  app.synth();
}
