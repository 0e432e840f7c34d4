/**
 * Parity: for every construct, the core render, `cdk8s synth` and the Pulumi mock inputs hold the same objects
 * (same keys: apiVersion, kind, namespace, name; deep-equal bodies: labels, specs, ...), with and without a context.
 */
import { ParityCase, expectSameObjects, renderThreeWays } from './three-way';
import * as cdk8s from '../../lib/cdk8s';
import * as core from '../../lib/core';
import { RenderContext } from '../../lib/core/naming';
import * as pulumi from '../../lib/pulumi';
import { GATEWAY_REF, MINIMAL, PAYMENT_TRAFFIC } from '../core/fixtures';
import { HNC_MANAGED_PROFILE } from '../helpers/profiles';
import { DIGEST, chaosProbes, runtimeDetection, supplyChain } from '../pulumi/fixtures';

const sandbox = {
  gvisor: { overhead: { cpu: '100m', memory: '64Mi' }, nodeSelector: { 'sandbox.example.com/gvisor': 'true' } },
  kata: { handler: 'kata-clh', tolerations: [{ key: 'sandbox.example.com/runtime', value: 'kata', effect: 'NoSchedule' as const }] },
};
const fullWorkload: core.SecureDeploymentProps = {
  name: 'orders',
  namespace: 'shop',
  image: `registry.example.com/shop/orders:3.1.0@${DIGEST}`,
  component: 'api',
  partOf: 'shop',
  sensitivity: 'high',
  sandbox: core.sandboxRuntimesRef(sandbox),
  ports: [{ name: 'http', port: 8080, servicePort: 80 }, { name: 'metrics', port: 9090 }],
  probes: { httpPath: '/healthz', readiness: { httpPath: '/ready' } },
  env: { LOG_LEVEL: 'info', DB_PASSWORD: { secret: 'orders-db', key: 'password' } },
  configMaps: [{ configMap: 'orders-config', mountPath: '/etc/orders' }],
  secrets: [{ secret: 'orders-tls', mountPath: '/etc/tls' }],
  writablePaths: ['/var/cache/orders'],
  resources: { limits: { memory: '1Gi' } },
  allowFrom: [{ peer: GATEWAY_REF, ports: [8080], http: [{ methods: ['GET'], paths: ['/v1/orders'] }] }],
  egress: [{ fqdns: ['bank.example.com'], ports: [443] }],
};
const paymentProps: core.PaymentServiceProps = {
  ...PAYMENT_TRAFFIC,
  name: 'payment-service',
  namespace: 'payments',
  image: `registry.example.com/payments/payment-service:1.4.2@${DIGEST}`,
  ports: [{ name: 'http', port: 8080 }],
  allowedExecutables: ['/app/payment-service'],
};
const namespaceProps: core.ZeroTrustNamespaceProps = { name: 'payments', parent: { namespace: 'finance' }, quota: { pods: 40 } };
const kyverno = { ...supplyChain, engine: 'kyverno' as const };

/** One case per construct (and variant): each engine builds it from the same props. */
const CASES: ParityCase[] = [
  {
    name: 'SandboxRuntimes (defaults)',
    core: (ctx) => core.renderSandboxRuntimes({}, ctx),
    cdk8s: (chart) => new cdk8s.SandboxRuntimes(chart, 'runtimes'),
    pulumi: (context) => new pulumi.SandboxRuntimes('runtimes', { context }),
  },
  {
    name: 'SandboxRuntimes (overhead, scheduling, handler)',
    core: (ctx) => core.renderSandboxRuntimes(sandbox, ctx),
    cdk8s: (chart) => new cdk8s.SandboxRuntimes(chart, 'runtimes', sandbox),
    pulumi: (context) => new pulumi.SandboxRuntimes('runtimes', { ...sandbox, context }),
  },
  {
    name: 'SecureDeployment (minimal)',
    core: (ctx) => core.renderSecureDeployment({ ...MINIMAL, namespace: 'shop' }, ctx),
    cdk8s: (chart) => new cdk8s.SecureDeployment(chart, 'api', { ...MINIMAL, namespace: 'shop' }),
    pulumi: (context) => new pulumi.SecureDeployment('api', { ...MINIMAL, namespace: 'shop', context }),
  },
  {
    name: 'SecureDeployment (tier, sandbox, env, mounts, probes, resources, peers, FQDN egress)',
    core: (ctx) => core.renderSecureDeployment(fullWorkload, ctx),
    cdk8s: (chart) => new cdk8s.SecureDeployment(chart, 'orders', fullWorkload),
    pulumi: (context) => new pulumi.SecureDeployment('orders', { ...fullWorkload, context }),
  },
  {
    name: 'PaymentService (JWT, rate limit, peers, exec allow-list)',
    core: (ctx) => core.renderPaymentService(paymentProps, ctx),
    cdk8s: (chart) => new cdk8s.PaymentService(chart, 'payment-service', paymentProps),
    pulumi: (context) => new pulumi.PaymentService('payment-service', { ...paymentProps, context }),
  },
  {
    name: 'ZeroTrustNamespace (HNC parent, quota)',
    core: (ctx) => core.renderZeroTrustNamespace(namespaceProps, ctx),
    cdk8s: (chart) => new cdk8s.ZeroTrustNamespace(chart, 'payments', namespaceProps),
    pulumi: (context) => new pulumi.ZeroTrustNamespace('payments', { ...namespaceProps, context }),
  },
  {
    name: 'ZeroTrustNamespace (ambient, HNC anchor)',
    core: (ctx) => core.renderZeroTrustNamespace({ name: 'edge', meshMode: 'ambient', parent: { namespace: 'finance', mode: 'anchor' } }, ctx, HNC_MANAGED_PROFILE),
    cdk8s: (chart) => new cdk8s.ZeroTrustNamespace(chart, 'edge', { name: 'edge', meshMode: 'ambient', parent: { namespace: 'finance', mode: 'anchor' }, profile: HNC_MANAGED_PROFILE }),
    pulumi: (context) => new pulumi.ZeroTrustNamespace('edge', { name: 'edge', meshMode: 'ambient', parent: { namespace: 'finance', mode: 'anchor' }, context, profile: HNC_MANAGED_PROFILE }),
  },
  {
    name: 'ImageSupplyChainPolicy (Sigstore)',
    core: (ctx) => core.renderImageSupplyChainPolicy(supplyChain, ctx),
    cdk8s: (chart) => new cdk8s.ImageSupplyChainPolicy(chart, 'images', supplyChain),
    pulumi: (context) => new pulumi.ImageSupplyChainPolicy('images', { ...supplyChain, context }),
  },
  {
    name: 'ImageSupplyChainPolicy (Kyverno)',
    core: (ctx) => core.renderImageSupplyChainPolicy(kyverno, ctx),
    cdk8s: (chart) => new cdk8s.ImageSupplyChainPolicy(chart, 'images', kyverno),
    pulumi: (context) => new pulumi.ImageSupplyChainPolicy('images', { ...kyverno, context }),
  },
  {
    name: 'RuntimeThreatDetection',
    core: (ctx) => core.renderRuntimeThreatDetection(runtimeDetection, ctx),
    cdk8s: (chart) => new cdk8s.RuntimeThreatDetection(chart, 'runtime', runtimeDetection),
    pulumi: (context) => new pulumi.RuntimeThreatDetection('runtime', { ...runtimeDetection, context }),
  },
  {
    name: 'SecurityChaosProbes',
    core: (ctx) => core.renderSecurityChaosProbes(chaosProbes, ctx),
    cdk8s: (chart) => new cdk8s.SecurityChaosProbes(chart, 'probes', chaosProbes),
    pulumi: (context) => new pulumi.SecurityChaosProbes('probes', { ...chaosProbes, context }),
  },
];

const CONTEXTS: Array<[string, RenderContext]> = [
  ['no context', {}],
  ['a default namespace and common labels', { namespace: 'team-ns', labels: { 'team': 'platform', 'app.kubernetes.io/part-of': 'platform' } }],
];

describe('parity: core = cdk8s synth = Pulumi inputs |', () => {
  describe.each(CONTEXTS)('with %s |', (_, context) => {
    test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const renders = await renderThreeWays(c, context);

      expect(expectSameObjects(renders)).toBeGreaterThan(0);
    });
  });
});

describe('the parity check itself |', () => {
  test('it fails when one engine changes a label, drops an object or adds one', () => {
    const objects = core.renderSecureDeployment({ ...MINIMAL, namespace: 'shop' });
    const relabelled = objects.map((o) => (o.kind === 'Service' ? { ...o, metadata: { ...o.metadata, labels: { changed: 'yes' } } } : o));

    expect(() => expectSameObjects({ core: objects, cdk8s: objects, pulumi: relabelled })).toThrow();
    const service = objects.find((o) => o.kind === 'Service')!;
    expect(() => expectSameObjects({ core: objects, cdk8s: objects.filter((o) => o !== service), pulumi: objects })).toThrow();
    expect(() => expectSameObjects({ core: objects, cdk8s: objects, pulumi: [...objects, { ...service, metadata: { name: 'extra' } }] })).toThrow();
    expect(expectSameObjects({ core: objects, cdk8s: [...objects].reverse(), pulumi: objects })).toBe(objects.length);
  });
});
