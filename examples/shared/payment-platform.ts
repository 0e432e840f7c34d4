/**
 * The payment platform's intent, shared by the cdk8s example (`examples/cdk8s-payment-platform`) and the Pulumi
 * example (`examples/pulumi-payment-platform`): the same props, so both emit the same manifests
 * (`test/parity/examples.test.ts` compares them object by object). Only the wiring differs per engine: the functions
 * take the mesh mode and the workload refs as each engine has them (plain values in cdk8s, Outputs in Pulumi).
 */
import {
  ExecAllowList, ImageSupplyChainPolicyProps, MeshMode, NetworkProbeTarget, PaymentServiceProps, PeerRule,
  RuntimeThreatDetectionProps, SandboxRuntimesProps, SecureDeploymentProps, SecurityChaosProbesProps, WorkloadRef,
} from '../../lib/core';

/** `T` with its `K` field of type `V` instead (a ref or mode as the engine wires it). */
type With<T, K extends keyof T, V> = Omit<T, K> & { readonly [F in K]: V };
/** `T` with its optional `K` field of type `V` instead. */
type WithOptional<T, K extends keyof T, V> = Omit<T, K> & { readonly [F in K]?: V };

/** Namespace of the platform's workloads (a ZeroTrustNamespace under the `finance` parent). */
export const NAMESPACE = 'payments';

/** The parent namespace (HNC). */
export const PARENT_NAMESPACE = 'finance';

/** The bank's payment gateway: the only external name the payment service may reach (HTTPS). */
export const BANK_GATEWAY = 'api.bank-gateway.example.com';

/** The common label of the platform's namespaces and workloads. */
export const PLATFORM_LABELS = { 'app.kubernetes.io/part-of': 'payment-platform' };

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
/** The payment service's release image. */
export const PAYMENT_IMAGE = 'registry.example.com/payments/payment-service:1.4.2@sha256:9b8a7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081';
/** The probe runner: a Node.js image without a shell, signed by the release pipeline like every image here. */
const PROBE_IMAGE = 'registry.example.com/payments/security-probe:1.0.0@sha256:ba9c736f19e7f60b7f6764adb0b7908c0a2b394e09b6c09863528c7f2bc86095';
/** An image from the allowed registry that carries no signature (the probes expect admission to refuse it). */
const UNSIGNED_IMAGE = 'registry.example.com/payments/unsigned-canary:0.0.1@sha256:ceffe727ab2fa2c7c3322ee4a1aa0c2d2a4664836c2133df93dd15055bb617be';

/** The release pipeline's cosign public key (`cosign.pub`: an ECDSA P-256 SubjectPublicKeyInfo, as `cosign generate-key-pair` writes). */
export const RELEASE_KEY = [
  '-----BEGIN PUBLIC KEY-----',
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEH6Vbxl/Y5M15CaiwepUm/Jvda5TO',
  '5ySnUA+3LrQQfEnbAQA4SD41EgiEu6UhzppI0HGLoeZPKNxyXgpJbrI+MQ==',
  '-----END PUBLIC KEY-----',
  '',
].join('\n');

/** The cluster's sandbox runtimes: gVisor and Kata on their own labelled, tainted nodes. */
export const SANDBOX_RUNTIMES: SandboxRuntimesProps = {
  gvisor: {
    overhead: { cpu: '100m', memory: '64Mi' },
    nodeSelector: { 'sandbox.example.com/gvisor': 'true' },
    tolerations: [{ key: 'sandbox.example.com/runtime', value: 'gvisor', effect: 'NoSchedule' }],
  },
  kata: {
    nodeSelector: { 'katacontainers.io/kata-runtime': 'true' },
    tolerations: [{ key: 'sandbox.example.com/runtime', value: 'kata', effect: 'NoSchedule' }],
  },
};

/** The API gateway: medium tier (gVisor), reachable from the Istio ingress gateway only. */
export function gatewayProps<M = MeshMode>(meshMode: M): With<SecureDeploymentProps, 'meshMode', M> {
  return {
    name: 'api-gateway',
    image: GATEWAY_IMAGE,
    component: 'gateway',
    sensitivity: 'medium',
    ports: [{ name: 'http', port: 8080 }],
    probes: { httpPath: '/healthz', readiness: { httpPath: '/ready' } },
    env: { UPSTREAM_PAYMENTS: `http://payment-service.${NAMESPACE}.svc:8080` },
    meshMode,
    allowFrom: [{ peer: { namespace: 'istio-ingress', podLabels: { istio: 'ingressgateway' }, serviceAccount: 'istio-ingressgateway' }, ports: [8080] }],
  };
}

/** The payment service: Kata, JWT, rate limit, callable only by the gateway with POST /v1/payments, egress only to the bank. */
export function paymentServiceProps<R = WorkloadRef, M = MeshMode>(
  gateway: R,
  meshMode: M,
): With<With<PaymentServiceProps, 'meshMode', M>, 'allowFrom', readonly With<PeerRule, 'peer', R>[]> {
  return {
    name: 'payment-service',
    image: PAYMENT_IMAGE,
    component: 'payments',
    ports: [{ name: 'http', port: 8080 }],
    probes: { httpPath: '/healthz' },
    env: { DB_PASSWORD: { secret: 'payment-db', key: 'password' } },
    secrets: [{ secret: 'payment-tls', mountPath: '/etc/tls' }],
    meshMode,
    allowFrom: [{ peer: gateway, ports: [8080], http: [{ methods: ['POST'], paths: ['/v1/payments'] }] }],
    egress: [{ fqdns: [BANK_GATEWAY], ports: [443] }],
    jwt: { issuer: 'https://idp.example.com', jwks: IDP_JWKS },
    rateLimit: { requests: 100, per: 'second' },
  };
}

/** Only images signed by the release key or the release workflow, with a clean scan attestation, run. */
export const IMAGE_POLICY: ImageSupplyChainPolicyProps = {
  name: 'payment-images',
  images: ['registry.example.com/payments/*'],
  authorities: [
    { name: 'release-key', publicKey: RELEASE_KEY },
    { name: 'release-workflow', issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/example/payments/.github/workflows/gate.yml@refs/heads/main' },
  ],
};

/** Exec allow-lists of both workloads, cluster-wide detections and a threat-intelligence feed. */
export function runtimeDetectionProps<R = WorkloadRef>(
  gateway: R,
  paymentService: R,
): With<RuntimeThreatDetectionProps, 'workloads', readonly With<ExecAllowList, 'workload', R>[]> {
  return {
    name: 'payment-platform',
    workloads: [
      { workload: gateway, allowedExecutables: ['/app/api-gateway'], runtime: 'gvisor' },
      { workload: paymentService, allowedExecutables: ['/app/payment-service'], runtime: 'kata' },
    ],
    threatIntel: { executables: ['xmrig', 'kinsing'], domains: ['pool.minexmr.com'], cidrs: [THREAT_INTEL_CIDR] },
  };
}

/** An address block of the threat-intelligence feed: the cluster-wide egress deny blocks it for every pod. */
export const THREAT_INTEL_CIDR = '198.51.100.0/24';

/**
 * Chaos probes that prove admission and network controls hold for the payments namespace. Each forbidden path is
 * one a control outside the probe namespace blocks: the payment service's ingress policy, and the cluster-wide
 * threat-intelligence egress deny (a deny rule beats the probe namespace's own allow). An arbitrary internet name
 * would prove nothing: no policy of the platform blocks the probe namespace from it.
 */
export function probesProps<R = WorkloadRef>(
  paymentService: R,
): With<SecurityChaosProbesProps, 'forbiddenPaths', readonly WithOptional<NetworkProbeTarget, 'workload', R>[]> {
  return {
    name: 'security-probes',
    image: PROBE_IMAGE,
    command: ['/nodejs/bin/node'],
    protectedNamespaces: [NAMESPACE],
    compliantImage: PAYMENT_IMAGE,
    unsignedImage: UNSIGNED_IMAGE,
    forbiddenPaths: [
      { name: 'payment-service-from-undeclared-peer', workload: paymentService },
      { name: 'threat-intel-address', host: '198.51.100.7', port: 443 },
    ],
    allowedPaths: [{ name: 'identity-provider', host: 'idp.example.com', port: 443 }],
  };
}
