import { CONTEXT, chaosProbes, runtimeDetection, supplyChain } from './fixtures';
import { capture, componentContract, findComponent, findManifest, findResource, outputValue } from './harness';
import { renderImageSupplyChainPolicy } from '../../lib/core/image-supply-chain-policy';
import { renderRuntimeThreatDetection } from '../../lib/core/runtime-threat-detection';
import { renderSecurityChaosProbes } from '../../lib/core/security-chaos-probes';
import { KubeHardenValidationError } from '../../lib/core/validation';
import { ImageSupplyChainPolicy } from '../../lib/pulumi/image-supply-chain-policy';
import { RuntimeThreatDetection } from '../../lib/pulumi/runtime-threat-detection';
import { SecurityChaosProbes } from '../../lib/pulumi/security-chaos-probes';

describe('ImageSupplyChainPolicy (Pulumi) |', () => {
  componentContract({
    type: ImageSupplyChainPolicy.TYPE,
    create: (name, opts) => new ImageSupplyChainPolicy(name, { ...supplyChain, context: CONTEXT }, opts),
    expected: () => renderImageSupplyChainPolicy(supplyChain, CONTEXT),
  });

  test('custom resources are apiextensions.CustomResource children, and the opt-in labels are an output', async () => {
    const program = await capture(() => new ImageSupplyChainPolicy('images', supplyChain));

    expect(program.manifests).toMatchSnapshot();
    expect(findResource(program, 'ClusterImagePolicy', 'signed-images').type).toBe('kubernetes:policy.sigstore.dev/v1beta1:ClusterImagePolicy');
    await expect(outputValue(program.result.engine)).resolves.toBe('sigstore');
    await expect(outputValue(program.result.namespaceLabels)).resolves.toHaveProperty(['policy.sigstore.dev/include'], 'true');
  });

  test('invalid props throw the library error before the component registers', async () => {
    const attempt = capture(() => new ImageSupplyChainPolicy('images', { ...supplyChain, authorities: [] }));

    await expect(attempt).rejects.toThrow(KubeHardenValidationError);
  });
});

describe('RuntimeThreatDetection (Pulumi) |', () => {
  componentContract({
    type: RuntimeThreatDetection.TYPE,
    create: (name, opts) => new RuntimeThreatDetection(name, { ...runtimeDetection, context: CONTEXT }, opts),
    expected: () => renderRuntimeThreatDetection(runtimeDetection, CONTEXT),
  });

  test('reports the Kata coverage gap as an output, and registers it', async () => {
    const program = await capture(() => new RuntimeThreatDetection('runtime', runtimeDetection));
    const coverage = await outputValue(program.result.coverage);

    expect(program.manifests).toMatchSnapshot();
    expect(coverage?.find((e) => e.workload === 'payments/pay-api')?.monitoredBy).toBe('none');
    expect(findComponent(program, RuntimeThreatDetection.TYPE).outputs).toMatchObject({ coverage });
    expect(findManifest(program.manifests, 'TracingPolicyNamespaced', 'ledger-exec-allowlist').metadata.namespace).toBe('payments');
  });
});

describe('SecurityChaosProbes (Pulumi) |', () => {
  componentContract({
    type: SecurityChaosProbes.TYPE,
    create: (name, opts) => new SecurityChaosProbes(name, { ...chaosProbes, context: CONTEXT }, opts),
    expected: () => renderSecurityChaosProbes(chaosProbes, CONTEXT),
  });

  test('renders the probe namespace, RBAC and CronJob; the CronJob waits for its namespace and identity', async () => {
    const program = await capture(() => new SecurityChaosProbes('probes', chaosProbes));
    const cronJob = findResource(program, 'CronJob', 'security-probes');

    expect(program.manifests).toMatchSnapshot();
    expect(cronJob.dependencies).toEqual(expect.arrayContaining([
      findResource(program, 'Namespace', 'kube-harden-probes').urn,
      findResource(program, 'ServiceAccount', 'security-probes').urn,
    ]));
    await expect(outputValue(program.result.namespace)).resolves.toBe('kube-harden-probes');
    await expect(outputValue(program.result.cronJobName)).resolves.toBe('security-probes');
  });
});
