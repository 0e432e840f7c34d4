/**
 * Every Pulumi arg is a `pulumi.Input` at any depth (issue 14), resolved once before validation, and nothing registers
 * until the resolved props have passed it (issue 12). Pulumi semantics followed here: an Output carries the resources
 * it comes from (children wait for them) and its secrecy; in a preview an unknown value stays unknown
 * (@pulumi/pulumi output.ts `isKnown`/`unknown`), and resources created once values are known are not in the plan
 * (pulumi/pulumi#16140, by design).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { byKey, capture, findManifest, findResource, outputValue } from './harness';
import { renderPaymentService } from '../../lib/core/payment-service';
import { buildSecureDeployment, renderSecureDeployment } from '../../lib/core/secure-deployment';
import { KubeHardenValidationError } from '../../lib/core/validation';
import { SecureDeploymentProps } from '../../lib/core/workload-props';
import { renderZeroTrustNamespace } from '../../lib/core/zero-trust-namespace';
import { PaymentService } from '../../lib/pulumi/payment-service';
import { SandboxRuntimes } from '../../lib/pulumi/sandbox-runtimes';
import { SecureDeployment } from '../../lib/pulumi/secure-deployment';
import { CapturedProgram, captureFailure } from '../../lib/pulumi/testing';
import { ZeroTrustNamespace } from '../../lib/pulumi/zero-trust-namespace';
import { GATEWAY_REF, PAYMENT_TRAFFIC, PUBLIC_JWKS } from '../core/fixtures';

const IMAGE = `registry.example.com/shop/api:1.4.2@sha256:${'a'.repeat(64)}`;
const PROPS: SecureDeploymentProps = { name: 'api', namespace: 'shop', image: IMAGE, ports: [{ name: 'http', port: 8080, servicePort: 80 }] };

/** The manifests of the kube-harden children only (the program may register plain resources too). */
function childManifests(program: CapturedProgram<unknown>, types: readonly string[]) {
  const parents = new Set(program.resources.filter((r) => types.includes(r.type)).map((r) => r.urn));
  const urns = new Set(program.resources.filter((r) => parents.has(r.parent)).map((r) => r.inputs.metadata.name + '/' + r.inputs.kind));
  return program.manifests.filter((m) => urns.has(m.metadata.name + '/' + m.kind));
}

describe('Pulumi args are Inputs at any depth |', () => {
  test('namespace: ns.metadata.name and port: pulumi.output(8080) give the plain render; every child waits for the Namespace', async () => {
    const program = await capture(() => {
      const ns = new k8s.core.v1.Namespace('shop', { metadata: { name: 'shop' } });
      return new SecureDeployment('api', { ...PROPS, namespace: ns.metadata.name, ports: [{ name: 'http', port: pulumi.output(8080), servicePort: 80 }] });
    });
    const namespace = program.resources.find((r) => r.type === 'kubernetes:core/v1:Namespace')!;

    expect(byKey(childManifests(program, [SecureDeployment.TYPE]))).toEqual(byKey(renderSecureDeployment(PROPS)));
    for (const obj of renderSecureDeployment(PROPS)) {
      expect(findResource(program, obj.kind, obj.metadata.name, 'shop').dependencies).toContain(namespace.urn);
    }
    await expect(outputValue(program.result.serviceName)).resolves.toBe('api');
  });

  test('ZeroTrustNamespace.name is an Output that workloads take; their children wait for the namespace', async () => {
    const program = await capture(() => {
      const shop = new ZeroTrustNamespace('shop', { name: pulumi.output('shop') });
      new SecureDeployment('api', { ...PROPS, namespace: shop.name, meshMode: shop.meshMode });
      return shop;
    });

    expect(pulumi.Output.isInstance(program.result.name)).toBe(true);
    expect(byKey(program.manifests)).toEqual(byKey([...renderZeroTrustNamespace({ name: 'shop' }), ...renderSecureDeployment(PROPS)]));
    expect(findResource(program, 'Deployment', 'api').dependencies).toContain(findResource(program, 'Namespace', 'shop').urn);
  });

  test('peers, ports, JWKS and labels given as Outputs and Promises deep in the props: the same objects as plain props', async () => {
    const plain = { ...PAYMENT_TRAFFIC, name: 'payment-service', namespace: 'payments', image: IMAGE, ports: [{ name: 'http', port: 8080 }] };
    const program = await capture(() => new PaymentService('payment-service', {
      ...plain,
      allowFrom: [{ peer: pulumi.output(GATEWAY_REF), http: [{ methods: [pulumi.output('POST')], paths: Promise.resolve(['/v1/payments']) }] }],
      jwt: { issuer: 'https://idp.example.com', jwks: pulumi.output(PUBLIC_JWKS) },
      ports: pulumi.output([{ name: 'http', port: 8080 }]),
      context: { labels: pulumi.output({ team: 'payments' }) },
    }));

    expect(byKey(program.manifests)).toEqual(byKey(renderPaymentService(plain, { labels: { team: 'payments' } })));
  });

  test('a ref Output of one component is a peer of another (`peer: api.ref`), resolved before the other renders', async () => {
    const program = await capture(() => {
      const api = new SecureDeployment('api', PROPS);
      new SecureDeployment('web', { ...PROPS, name: 'web', allowTo: [{ peer: api.ref, ports: [8080] }] });
    });

    const plainApi = renderSecureDeployment(PROPS);
    const plainWeb = renderSecureDeployment({ ...PROPS, name: 'web', allowTo: [{ peer: buildSecureDeployment(PROPS).ref, ports: [8080] }] });
    expect(byKey(program.manifests)).toEqual(byKey([...plainApi, ...plainWeb]));
  });

  test('a secret input makes every field of every child a secret, and the outputs too', async () => {
    const program = await capture(() => new SecureDeployment('api', { ...PROPS, partOf: pulumi.secret('shop') }));
    const deployment = program.resources.find((r) => r.type === 'kubernetes:apps/v1:Deployment' && r.name === 'api:shop/api')!;

    expect(pulumi.runtime.isRpcSecret(deployment.inputs.spec)).toBe(true);
    expect(pulumi.runtime.isRpcSecret(deployment.inputs.metadata)).toBe(true);
    expect(byKey(program.manifests)).toEqual(byKey(renderSecureDeployment({ ...PROPS, partOf: 'shop' })));
    await expect(pulumi.isSecret(program.result.serviceName)).resolves.toBe(true);
  });
});

describe('inputs resolve to what the caller gave, never a copy of its keys |', () => {
  const fromWeb = (podLabels: unknown) => ({ ...PROPS, allowFrom: [{ peer: { namespace: 'web', podLabels: podLabels as Record<string, string> }, ports: [8080] }] });
  const GATEWAY = { app: 'gateway' };
  const podSelector = (program: CapturedProgram<unknown>) =>
    (findManifest(program.manifests, 'NetworkPolicy', 'api').spec as { ingress: Array<{ from: Array<{ podSelector: unknown }> }> }).ingress[0].from[0].podSelector;

  test('pulumi.output({...}) as podLabels resolves to the labels (the plain render)', async () => {
    const program = await capture(() => new SecureDeployment('api', fromWeb(pulumi.output(GATEWAY))));

    expect(byKey(program.manifests)).toEqual(byKey(renderSecureDeployment(fromWeb(GATEWAY))));
    expect(podSelector(program)).toEqual({ matchLabels: GATEWAY });
  });

  // `pulumi.all` and `pulumi.output` copy a resolved object by its own keys (@pulumi/pulumi output.ts `outputRec`):
  // a Map resolved from an Output used to reach validation as {} and select every pod of web (found in review).
  test.each([
    ['an Output that resolves to a Map', () => pulumi.output('gateway').apply((app) => new Map([['app', app]]))],
    ['a Promise of a Map', () => Promise.resolve(new Map([['app', 'gateway']]))],
    ['a Map beside other Outputs', () => new Map([['app', 'gateway']])],
  ])('%s as podLabels fails with the library error naming the Map, and registers no child', async (_, podLabels) => {
    const failed = await captureFailure(() => new SecureDeployment('api', { ...fromWeb(podLabels()), replicas: pulumi.output(2) }));

    expect(failed.error).toBeInstanceOf(KubeHardenValidationError);
    expect((failed.error as KubeHardenValidationError).problems.map((p) => `${p.field}: ${p.message}`)).toEqual(['allowFrom[0].peer.podLabels: is a Map, not plain data']);
    expect(failed.resources.map((r) => r.type)).toEqual([SecureDeployment.TYPE]);
  });

  test('plain props holding a Map throw from the constructor', async () => {
    const failed = await captureFailure(() => new SecureDeployment('api', fromWeb(new Map([['app', 'gateway']]))));

    expect((failed.error as KubeHardenValidationError).problems.map((p) => p.field)).toEqual(['allowFrom[0].peer.podLabels']);
    expect(failed.resources).toEqual([]);
  });

  test('an apply that returns Outputs inside an object is still resolved by Pulumi', async () => {
    const program = await capture(() => new SecureDeployment('api', fromWeb(pulumi.output('gateway').apply((app) => ({ app: pulumi.output(app) })))));

    expect(podSelector(program)).toEqual({ matchLabels: GATEWAY });
  });
});

describe('nothing registers before every input has passed validation |', () => {
  test.each([
    ['SecureDeployment image (tag latest)', SecureDeployment.TYPE, () => new SecureDeployment('api', { ...PROPS, image: pulumi.output('registry.example.com/shop/api:latest') }), 'image'],
    ['SecureDeployment replicas', SecureDeployment.TYPE, () => new SecureDeployment('api', { ...PROPS, replicas: pulumi.output(0) }), 'replicas'],
    ['PaymentService image without digest', PaymentService.TYPE, () => new PaymentService('pay', {
      ...PAYMENT_TRAFFIC, name: 'pay', namespace: 'payments', ports: [{ name: 'http', port: 8080 }], image: Promise.resolve('registry.example.com/shop/pay:1.0.0'),
    }), 'image'],
    ['ZeroTrustNamespace name', ZeroTrustNamespace.TYPE, () => new ZeroTrustNamespace('ns', { name: pulumi.output('Not_A_Name') }), 'name'],
    ['SandboxRuntimes kata name', SandboxRuntimes.TYPE, () => new SandboxRuntimes('rt', { kata: { name: pulumi.output('gvisor') } }), 'kata.name'],
  ])('%s: an Output resolving to an invalid value fails with the library error and registers no child', async (_name, type, create, field) => {
    const failed = await captureFailure(create);

    expect(failed.error).toBeInstanceOf(KubeHardenValidationError);
    expect((failed.error as KubeHardenValidationError).problems.map((p) => p.field)).toContain(field);
    expect(failed.resources.map((r) => r.type)).toEqual([type]);
  });

  test('args that are not an object (a JavaScript caller) get the library error, not a TypeError, and register nothing', async () => {
    const failed = await captureFailure(() => new SecureDeployment('api', null as unknown as SecureDeploymentProps));

    expect(failed.error).toBeInstanceOf(KubeHardenValidationError);
    expect(failed.resources).toEqual([]);
  });

  test('plain invalid props still throw from the constructor, before the component itself registers', async () => {
    const failed = await captureFailure(() => new SecureDeployment('api', { ...PROPS, replicas: 0 }));

    expect(failed.error).toBeInstanceOf(KubeHardenValidationError);
    expect(failed.resources).toEqual([]);
  });
});

describe('unknown inputs in a preview |', () => {
  test('an unknown value that only lands in fields (the image) keeps every object in the plan, those fields unknown', async () => {
    const program = await capture(() => new SecureDeployment('api', { ...PROPS, version: '1.4.2', image: pulumi.output<string>(pulumi.unknown as any) }), { preview: true });

    expect(Object.keys(byKey(program.manifests))).toEqual(Object.keys(byKey(renderSecureDeployment(PROPS))));
    await expect(outputValue(program.result.ref)).resolves.toMatchObject({ name: 'api', namespace: 'shop' });
    await expect(outputValue(program.result.image)).resolves.toBeUndefined();
  });

  test('an unknown value that decides names (the namespace) registers no child, says why, and leaves the outputs unknown', async () => {
    const program = await capture(() => new SecureDeployment('api', { ...PROPS, namespace: pulumi.output<string>(pulumi.unknown as any) }), { preview: true });

    expect(program.resources.map((r) => r.type)).toEqual([SecureDeployment.TYPE]);
    expect(program.warnings).toEqual([expect.stringMatching(/SecureDeployment 'api': namespace is not known until the update.*registers none of them/)]);
    await expect(outputValue(program.result.serviceName)).resolves.toBeUndefined();
  });

  test('an unknown value that fails validation whatever it is (a stand-in cannot pass) registers no child either', async () => {
    const program = await capture(() => new SecureDeployment('api', { ...PROPS, replicas: pulumi.output<number>(pulumi.unknown as any) }), { preview: true });

    expect(program.resources.map((r) => r.type)).toEqual([SecureDeployment.TYPE]);
    expect(program.warnings).toEqual([expect.stringContaining('replicas is not known until the update')]);
  });
});
