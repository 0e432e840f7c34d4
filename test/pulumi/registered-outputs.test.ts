/**
 * What a component registers with `registerOutputs` (`registerRenderOutputs`): plain args are rendered at
 * construction and their outputs registered as plain values (the fast path); args holding an Output register one
 * Output per field (the general path). Both must register the same values.
 */
import * as pulumi from '@pulumi/pulumi';
import * as fc from 'fast-check';
import { chaosProbes, runtimeDetection, supplyChain } from './fixtures';
import { capture, findComponent, outputValue } from './harness';
import { objectKey } from '../../lib/core/manifest';
import { buildSecureDeployment, renderSecureDeployment } from '../../lib/core/secure-deployment';
import { SENSITIVITIES } from '../../lib/core/sensitivity';
import { SecureDeploymentProps } from '../../lib/core/workload-props';
import {
  ImageSupplyChainPolicy, PaymentService, RuntimeThreatDetection, SandboxRuntimes, SecureDeployment, SecurityChaosProbes,
  ZeroTrustNamespace,
} from '../../lib/pulumi';
import { PAYMENT_TRAFFIC } from '../core/fixtures';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const WORKLOAD = { name: 'api', namespace: 'shop', image: `registry.example.com/shop/api:1.4.2@${DIGEST}`, ports: [{ name: 'http', port: 8080 }] };

/** The registered outputs of the single component of type `type` that `create` makes. */
async function registeredOutputs(type: string, create: () => unknown): Promise<Record<string, unknown>> {
  const program = await capture(create);
  return findComponent(program, type).outputs!;
}

/** One case: a component type, its plain args, the same args with one leaf as an Output, and the fields it registers. */
type Case = readonly [string, string, () => unknown, () => unknown, readonly string[]];

const CASES: readonly Case[] = [
  ['SecureDeployment', SecureDeployment.TYPE,
    () => new SecureDeployment('subject', WORKLOAD),
    () => new SecureDeployment('subject', { ...WORKLOAD, name: pulumi.output('api') }),
    ['image', 'namespace', 'objectKeys', 'ref', 'serviceAccountName', 'serviceName', 'servicePorts']],
  ['PaymentService', PaymentService.TYPE,
    () => new PaymentService('subject', { ...PAYMENT_TRAFFIC, ...WORKLOAD, namespace: 'payments' }),
    () => new PaymentService('subject', { ...PAYMENT_TRAFFIC, ...WORKLOAD, namespace: pulumi.output('payments') }),
    ['image', 'namespace', 'objectKeys', 'ref', 'serviceAccountName', 'serviceName', 'servicePorts']],
  ['ZeroTrustNamespace', ZeroTrustNamespace.TYPE,
    () => new ZeroTrustNamespace('subject', { name: 'payments', meshMode: 'ambient', waypoint: 'waypoint' }),
    () => new ZeroTrustNamespace('subject', { name: pulumi.output('payments'), meshMode: 'ambient', waypoint: 'waypoint' }),
    ['meshMode', 'name', 'objectKeys', 'ref', 'waypoint']],
  ['SandboxRuntimes', SandboxRuntimes.TYPE,
    () => new SandboxRuntimes('subject', { kata: { handler: 'kata-clh' } }),
    () => new SandboxRuntimes('subject', { kata: { handler: pulumi.output('kata-clh') } }),
    ['objectKeys', 'priorityClassNames', 'ref', 'runtimeClassNames']],
  ['ImageSupplyChainPolicy', ImageSupplyChainPolicy.TYPE,
    () => new ImageSupplyChainPolicy('subject', supplyChain),
    () => new ImageSupplyChainPolicy('subject', { ...supplyChain, name: pulumi.output(supplyChain.name) }),
    ['engine', 'namespaceLabels', 'objectKeys']],
  ['RuntimeThreatDetection', RuntimeThreatDetection.TYPE,
    () => new RuntimeThreatDetection('subject', runtimeDetection),
    () => new RuntimeThreatDetection('subject', { ...runtimeDetection, name: pulumi.output(runtimeDetection.name) }),
    ['coverage', 'objectKeys']],
  ['SecurityChaosProbes', SecurityChaosProbes.TYPE,
    () => new SecurityChaosProbes('subject', chaosProbes),
    () => new SecurityChaosProbes('subject', { ...chaosProbes, name: pulumi.output(chaosProbes.name) }),
    ['cronJobName', 'namespace', 'objectKeys']],
];

describe('registered outputs |', () => {
  test.each(CASES)('%s registers the same outputs from plain args as from args holding an Output', async (_, type, plain, withOutput, fields) => {
    const fromPlain = await registeredOutputs(type, plain);
    const fromOutput = await registeredOutputs(type, withOutput);

    expect(Object.keys(fromPlain).sort()).toEqual(fields);
    expect(fromPlain).toEqual(fromOutput);
  });

  test('an output is made when first read, then the same Output on every read; one read after the program resolves and depends on the component', async () => {
    const program = await capture(() => new SecureDeployment('subject', WORKLOAD));
    const api = program.result;
    const component = program.resources.find((r) => r.type === SecureDeployment.TYPE)!;

    expect(api.ref).toBe(api.ref);
    expect(api.objects).toBe(api.objects);
    expect(api.servicePorts).toBe(api.servicePorts);
    await expect(outputValue(api.serviceAccountName)).resolves.toBe(buildSecureDeployment(WORKLOAD).ref.serviceAccountName);
    await expect(outputValue(api.objectKeys)).resolves.toEqual(renderSecureDeployment(WORKLOAD).map(objectKey));
    const dependencies = await (api.image as unknown as { allResources(): Promise<Set<pulumi.Resource>> }).allResources();
    await expect(Promise.all([...dependencies].map((r) => outputValue(r.urn)))).resolves.toContain(component.urn);
  });

  test('SecureDeployment: the same registered outputs either way, over random valid props', async () => {
    const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((s) => !s.includes('--'));
    const props: fc.Arbitrary<SecureDeploymentProps> = fc.record({
      name: dnsName,
      namespace: dnsName,
      image: dnsName.map((repo) => `registry.example.com/${repo}:1.0.0@${DIGEST}`),
      ports: fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), port: fc.integer({ min: 1024, max: 65535 }) }), {
        minLength: 1, maxLength: 3, selector: (p) => p.name,
      }).filter((list) => new Set(list.map((p) => p.port)).size === list.length),
      sensitivity: fc.constantFrom(...SENSITIVITIES),
    });
    await fc.assert(fc.asyncProperty(props, async (p) => {
      const fromPlain = await registeredOutputs(SecureDeployment.TYPE, () => new SecureDeployment('subject', p));
      const fromOutput = await registeredOutputs(SecureDeployment.TYPE, () => new SecureDeployment('subject', { ...p, image: pulumi.output(p.image) }));

      expect(fromPlain).toEqual(fromOutput);
      expect(fromPlain.objectKeys).toEqual(renderSecureDeployment(p).map(objectKey));
    }), { numRuns: 10 });
  });
});
