import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { buildPaymentPlatform } from '../../examples/pulumi-payment-platform/platform';
import { UNKNOWN, capture, outputValue } from '../../lib/pulumi/testing';
import { findObject, objectNames } from '../helpers/objects';
import { byKey } from '../pulumi/harness';

const PAYMENT_IMAGE = 'registry.example.com/payments/payment-service:1.4.2@sha256:9b8a7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081';

/** A whole program under mocks takes one to two seconds on a loaded machine: room for several. */
const PROGRAM_TIMEOUT_MS = 120_000;

describe('examples/pulumi-payment-platform', () => {
  test('the program (index.ts) deploys the platform and exports what operators wire onward', async () => {
    const { result: program, manifests } = await capture(() => import('../../examples/pulumi-payment-platform/index'));

    expect(objectNames(manifests)).toMatchSnapshot();
    await expect(outputValue(program.gatewayService)).resolves.toBe('api-gateway');
    await expect(outputValue(program.namespace)).resolves.toBe('payments');
    await expect(outputValue(program.paymentServicePorts)).resolves.toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    await expect(outputValue(program.paymentImage)).resolves.toBe(PAYMENT_IMAGE);
  }, PROGRAM_TIMEOUT_MS);

  test('every object is a child of a kube-harden component, with the core name and the given provider', async () => {
    const { resources } = await capture(() => buildPaymentPlatform({ opts: { provider: new k8s.Provider('cluster', {}) } }));
    const components = new Set(resources.filter((r) => r.type.startsWith('kube-harden:index:')).map((r) => r.urn));
    const provider = resources.find((r) => r.type === 'pulumi:providers:kubernetes')!;

    const children = resources.filter((r) => r.custom && r.type.startsWith('kubernetes:'));
    expect(children.length).toBeGreaterThan(40);
    for (const child of children) {
      expect(components.has(child.parent)).toBe(true);
      expect(child.provider).toBe(`${provider.urn}::cluster_id`);
      expect(child.name.endsWith(child.inputs.metadata.name)).toBe(true);
    }
  }, PROGRAM_TIMEOUT_MS);

  test('workloads wait for the payments namespace (another component) and for the sandbox classes', async () => {
    const { resources } = await capture(() => buildPaymentPlatform());
    const urnOf = (kind: string, name: string) => resources.find((r) => r.inputs.kind === kind && r.inputs.metadata?.name === name)!.urn;
    const deployment = resources.find((r) => r.inputs.kind === 'Deployment' && r.inputs.metadata.name === 'payment-service')!;

    expect(deployment.dependencies).toEqual(expect.arrayContaining([
      urnOf('Namespace', 'payments'), urnOf('RuntimeClass', 'kata'), urnOf('PriorityClass', 'kube-harden-critical'),
    ]));
    const anchorOrConfig = resources.find((r) => r.inputs.kind === 'HierarchyConfiguration')!;
    expect(anchorOrConfig.dependencies).toContain(urnOf('Namespace', 'finance'));
  }, PROGRAM_TIMEOUT_MS);

  test('an image built in the same program (an Output) gives the same manifests as the pinned image', async () => {
    const plain = await capture(() => buildPaymentPlatform());
    const built = await capture(() => buildPaymentPlatform({ paymentImage: pulumi.output(PAYMENT_IMAGE) }));

    expect(built.manifests).toEqual(plain.manifests);
  }, PROGRAM_TIMEOUT_MS);

  test('a preview with the image still unknown registers the same objects; only what the image decides is unknown', async () => {
    const plain = await capture(() => buildPaymentPlatform());
    const preview = await capture(() => buildPaymentPlatform({ paymentImage: pulumi.output<string>(pulumi.unknown as any) }), { preview: true });

    const container = findObject(preview.manifests, 'Deployment', 'payment-service').spec.template.spec.containers
      .find((c: { name: string }) => c.name === 'payment-service');
    expect(container.image).toBe(UNKNOWN);
    // The version label is read from the image tag: unknown too, on the payment service's objects only (1.4.2).
    expect(preview.warnings).toEqual([]);
    // The payment service's own objects: its image and the version label read from the tag are unknown; the probes,
    // which name the same release image as their compliant image, are untouched.
    const version = (value: string) => `"app.kubernetes.io/version":"${value}"`;
    const expected = plain.manifests.map((obj) => (obj.metadata.labels?.['app.kubernetes.io/instance'] !== 'payment-service' ? obj
      : JSON.parse(JSON.stringify(obj).split(PAYMENT_IMAGE).join(UNKNOWN).split(version('1.4.2')).join(version(UNKNOWN)))));
    expect(byKey(preview.manifests)).toEqual(byKey(expected));
    expect(JSON.stringify(preview.manifests)).toContain(UNKNOWN);
  }, PROGRAM_TIMEOUT_MS);
});
