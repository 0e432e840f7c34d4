import * as pulumi from '@pulumi/pulumi';
import { capture, componentContract, findComponent, findManifest, findResource, outputValue } from './harness';
import { buildSecureDeployment, renderSecureDeployment } from '../../lib/core/secure-deployment';
import { KubeHardenValidationError } from '../../lib/core/validation';
import { SecureDeploymentProps } from '../../lib/core/workload-props';
import { SandboxRuntimes } from '../../lib/pulumi/sandbox-runtimes';
import { SecureDeployment } from '../../lib/pulumi/secure-deployment';
import { UNKNOWN, captureFailure } from '../../lib/pulumi/testing';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const IMAGE = `registry.example.com/shop/api:1.4.2@${DIGEST}`;
const PROPS: SecureDeploymentProps = {
  name: 'api',
  namespace: 'shop',
  image: IMAGE,
  ports: [{ name: 'http', port: 8080, servicePort: 80 }],
  sensitivity: 'medium',
  partOf: 'shop',
};

function containerImage(manifests: Parameters<typeof findManifest>[0]): unknown {
  return (findManifest(manifests, 'Deployment', 'api').spec as any).template.spec.containers[0].image;
}

describe('SecureDeployment (Pulumi) |', () => {
  componentContract({
    type: SecureDeployment.TYPE,
    create: (name, opts) => new SecureDeployment(name, { ...PROPS, context: { labels: { team: 'shop' } } }, opts),
    expected: () => renderSecureDeployment(PROPS, { labels: { team: 'shop' } }),
  });

  test('renders the hardened workload', async () => {
    const program = await capture(() => new SecureDeployment('api', PROPS));

    expect(program.manifests).toMatchSnapshot();
    expect((findManifest(program.manifests, 'Deployment', 'api').spec as any).template.spec.runtimeClassName).toBe('gvisor');
  });

  test('exposes namespace, Service, ServiceAccount, image and ref as outputs', async () => {
    const program = await capture(() => new SecureDeployment('api', PROPS));
    const api = program.result;

    expect(findComponent(program, SecureDeployment.TYPE).outputs).toMatchObject({
      namespace: 'shop', serviceName: 'api', servicePorts: [{ name: 'http', port: 80 }], image: IMAGE,
    });

    await expect(outputValue(api.namespace)).resolves.toBe('shop');
    await expect(outputValue(api.serviceName)).resolves.toBe('api');
    await expect(outputValue(api.servicePorts)).resolves.toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    await expect(outputValue(api.serviceAccountName)).resolves.toBe(buildSecureDeployment(PROPS).ref.serviceAccountName);
    await expect(outputValue(api.image)).resolves.toBe(IMAGE);
    await expect(outputValue(api.ref)).resolves.toEqual(buildSecureDeployment(PROPS).ref);
  });

  test.each<[string, unknown]>([
    ['null args', null],
    ['an image of the wrong type', { ...PROPS, image: 5 }],
    ['a missing image', { ...PROPS, image: undefined }],
  ])('%s: the core boundary rejects them at construction (issue 12)', async (_, args) => {
    await expect(capture(() => new SecureDeployment('api', args as any))).rejects.toThrow(KubeHardenValidationError);
  });

  test('a literal AWS_ACCESS_KEY_ID or GPG_PASSPHRASE throws at construction (found in review: it registered, and the audit failed it)', async () => {
    const failed = await captureFailure(() => new SecureDeployment('api', {
      ...PROPS, env: { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', GPG_PASSPHRASE: 'correct horse battery staple', DB_PASSWORD_FILE: '/run/secrets/db' },
    }));

    expect((failed.error as KubeHardenValidationError).problems.map((p) => p.field)).toEqual(['env.AWS_ACCESS_KEY_ID', 'env.GPG_PASSPHRASE']);
    expect(failed.resources).toEqual([]);
  });

  test('invalid props throw the library error at construction and register nothing', async () => {
    const attempt = capture(() => new SecureDeployment('api', { ...PROPS, image: 'registry.example.com/shop/api:latest' }));

    await expect(attempt).rejects.toThrow(KubeHardenValidationError);
    const registered: string[] = [];
    await capture(() => {
      try {
        new SecureDeployment('api', { ...PROPS, replicas: 0 });
      } catch {
        registered.push('threw');
      }
    }).then((program) => registered.push(...program.resources.map((r) => r.type)));
    expect(registered).toEqual(['threw']);
  });

  describe('image as a Pulumi Output |', () => {
    test('a resolved image Output gives the same manifests as the plain image (the version label read from its tag)', async () => {
      const program = await capture(() => new SecureDeployment('api', { ...PROPS, image: pulumi.output(IMAGE) }));

      expect(program.manifests).toEqual(renderSecureDeployment(PROPS));
      expect(findManifest(program.manifests, 'Deployment', 'api').metadata.labels).toMatchObject({ 'app.kubernetes.io/version': '1.4.2' });
    });

    test('an invalid image Output is rejected with the library error once resolved', async () => {
      const failed = await captureFailure(() => new SecureDeployment('api', { ...PROPS, image: pulumi.output('registry.example.com/shop/api:latest') }));

      expect(failed.error).toBeInstanceOf(KubeHardenValidationError);
      expect(failed.error).toMatchObject({ problems: [expect.objectContaining({ field: 'image', value: 'registry.example.com/shop/api:latest' })] });
      // Nothing but the component itself: no ServiceAccount, Service, PDB or policy registers before the image is valid.
      expect(failed.resources.map((r) => r.type)).toEqual([SecureDeployment.TYPE]);
    });

    test('a preview with an unknown image (and an explicit version) works: only the image field is unknown', async () => {
      const program = await capture(
        () => new SecureDeployment('api', { ...PROPS, version: '1.4.2', image: pulumi.output<string>(pulumi.unknown as any) }),
        { preview: true },
      );

      expect(containerImage(program.manifests)).toBe(UNKNOWN);
      const expected = renderSecureDeployment({ ...PROPS, version: '1.4.2' });
      const withoutImage = (objects: typeof expected) => JSON.stringify(objects).split(IMAGE).join(UNKNOWN);
      expect(JSON.stringify(program.manifests)).toBe(withoutImage(expected));
      await expect(outputValue(program.result.image)).resolves.toBeUndefined();
      await expect(outputValue(program.result.serviceName)).resolves.toBe('api');
      expect(program.warnings).toEqual([expect.stringContaining("uses RuntimeClass 'gvisor'"), expect.stringContaining("uses PriorityClass 'kube-harden-medium'")]);
    });
  });

  test('a workload given a SandboxRuntimes ref waits for its RuntimeClasses and PriorityClasses', async () => {
    const program = await capture(() => {
      const runtimes = new SandboxRuntimes('runtimes');
      new SecureDeployment('api', { ...PROPS, sandbox: runtimes.ref });
    });

    const deployment = findResource(program, 'Deployment', 'api');
    expect(deployment.dependencies).toContain(findResource(program, 'RuntimeClass', 'gvisor').urn);
    expect(deployment.dependencies).toContain(findResource(program, 'PriorityClass', 'kube-harden-medium').urn);
  });
});

describe('SecureDeployment (Pulumi) sandbox classes |', () => {
  test('warns, as cdk8s does at synth, when no SandboxRuntimes created earlier defines its classes', async () => {
    const alone = await capture(() => new SecureDeployment('api', PROPS));
    const withRuntimes = await capture(() => {
      const runtimes = new SandboxRuntimes('runtimes');
      new SecureDeployment('api', { ...PROPS, sandbox: runtimes.ref });
    });

    expect(alone.warnings).toEqual([
      expect.stringContaining("uses RuntimeClass 'gvisor', which no SandboxRuntimes"),
      expect.stringContaining("uses PriorityClass 'kube-harden-medium', which no SandboxRuntimes"),
    ]);
    expect(withRuntimes.warnings).toEqual([]);
  });
});
