/** One valid props object per construct, the base that hostile-input tests mutate. */
import { IMAGE_POLICY } from '../../examples/shared/payment-platform';
import {
  HardenPodSpecOptions, ImageSupplyChainPolicyProps, PaymentServiceProps, RuntimeThreatDetectionProps, SandboxRuntimesProps,
  SecureDeploymentProps, SecurityChaosProbesProps, ZeroTrustNamespaceProps,
} from '../../lib/core';
import { GATEWAY_REF, PAYMENT_WITH_RUNTIME_CONTROLS, PINNED_IMAGE } from '../core/fixtures';
import { ledger } from '../pulumi/fixtures';

const DIGEST = `sha256:${'a'.repeat(64)}`;

/** A SecureDeployment with traffic, env, mounts and probes. */
export const VALID_SECURE_DEPLOYMENT: SecureDeploymentProps = {
  name: 'api',
  namespace: 'shop',
  image: PINNED_IMAGE,
  ports: [{ name: 'http', port: 8080 }],
  env: { LOG_LEVEL: 'info', DB_PASSWORD: { secret: 'db', key: 'password' } },
  configMaps: [{ configMap: 'api-config', mountPath: '/etc/api' }],
  writablePaths: ['/var/cache/api'],
  probes: { httpPath: '/healthz' },
  allowFrom: [{ peer: GATEWAY_REF, ports: [8080], http: [{ methods: ['GET'], paths: ['/v1/*'] }] }],
  egress: [{ fqdns: ['api.bank.example.com'], ports: [443] }],
};

/** A PaymentService with the traffic it must declare and runtime controls. */
export const VALID_PAYMENT_SERVICE: PaymentServiceProps = { ...PAYMENT_WITH_RUNTIME_CONTROLS, namespace: 'payments' };

/** A meshed zero-trust namespace with an extra label and an HNC parent. */
export const VALID_NAMESPACE: ZeroTrustNamespaceProps = {
  name: 'payments',
  meshMode: 'sidecar',
  labels: { 'example.com/team': 'payments' },
  parent: { namespace: 'org' },
};

/** Sandbox runtimes with a toleration and a priority override. */
export const VALID_SANDBOX_RUNTIMES: SandboxRuntimesProps = {
  kata: { nodeSelector: { 'katacontainers.io/kata-runtime': 'true' }, tolerations: [{ key: 'kata', operator: 'Exists', effect: 'NoSchedule' }] },
  priorityClasses: { critical: { value: 1000001 } },
};

/** An image policy with a key and a keyless authority: the payment platform's. */
export const VALID_IMAGE_POLICY: ImageSupplyChainPolicyProps = IMAGE_POLICY;

/** Runtime detection with one allow-list and threat intel. */
export const VALID_RUNTIME_DETECTION: RuntimeThreatDetectionProps = {
  name: 'runtime',
  workloads: [{ workload: ledger, allowedExecutables: ['/app/ledger'] }],
  threatIntel: { executables: ['xmrig'], cidrs: ['203.0.113.0/24'] },
};

/** Chaos probes with one forbidden and one allowed path. */
export const VALID_CHAOS_PROBES: SecurityChaosProbesProps = {
  name: 'security-probes',
  image: `gcr.io/distroless/nodejs22-debian12:nonroot@${DIGEST}`,
  command: ['/nodejs/bin/node'],
  protectedNamespaces: ['payments'],
  compliantImage: `registry.example.cn/pay/canary:1.0.0@${DIGEST}`,
  unsignedImage: `registry.example.cn/pay/unsigned:1.0.0@${DIGEST}`,
  forbiddenPaths: [{ name: 'ledger-from-undeclared-peer', workload: ledger }],
  allowedPaths: [{ name: 'bank-gateway', host: 'api.bank-gw.example.cn', port: 443 }],
};

/** harden options with a writable path. */
export const VALID_HARDEN_OPTIONS: HardenPodSpecOptions = { writablePaths: ['/var/cache/app'] };

/** A pod spec for `hardenPodSpec`. */
export const PLAIN_POD_SPEC = { containers: [{ name: 'app', image: PINNED_IMAGE }] };
