import { Chart, Testing } from 'cdk8s';
import { ImageSupplyChainPolicy, RuntimeThreatDetection, SecurityChaosProbes } from '../../lib/cdk8s';
import {
  imageVerificationNamespaceLabels, renderImageSupplyChainPolicy, renderRuntimeThreatDetection, renderSecurityChaosProbes, workloadRef,
} from '../../lib/core';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { findObject } from '../helpers/objects';

const DIGEST = `sha256:${'c'.repeat(64)}`;
const KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample==\n-----END PUBLIC KEY-----\n';
const LABELS = { team: 'platform' };
const ledger = workloadRef({
  name: 'ledger',
  namespace: 'payments',
  serviceAccountName: 'ledger',
  ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
  selector: { 'app.kubernetes.io/name': 'ledger', 'app.kubernetes.io/instance': 'ledger' },
});

const supplyChain = { name: 'signed-images', engine: 'sigstore' as const, images: ['registry.example.cn/pay/*'], authorities: [{ name: 'release', publicKey: KEY }] };
const runtime = { name: 'runtime', workloads: [{ workload: ledger, allowedExecutables: ['/app/ledger'] }, { workload: { ...ledger, name: 'pay-api' }, allowedExecutables: ['/app/pay'], runtime: 'kata' as const }] };
const probes = {
  name: 'security-probes',
  image: `gcr.io/distroless/nodejs22-debian12@${DIGEST}`,
  protectedNamespaces: ['payments'],
  compliantImage: `registry.example.cn/pay/canary:1.0.0@${DIGEST}`,
  forbiddenPaths: [{ name: 'ledger', workload: ledger }],
};

/** A chart with a default namespace and labels, so the tests prove cluster-scoped and explicit namespaces survive it. */
const chart = () => new Chart(Testing.app(), 'cluster', { namespace: 'default-ns', labels: LABELS });

describe('cdk8s cluster security constructs', () => {
  test('ImageSupplyChainPolicy synthesizes exactly the core objects, cluster-scoped, and exposes its engine', () => {
    const c = chart();
    const policy = new ImageSupplyChainPolicy(c, 'images', supplyChain);
    const manifest = Testing.synth(c);
    expect(manifest).toEqual(renderImageSupplyChainPolicy(supplyChain, { namespace: 'default-ns', labels: LABELS }));
    expect(manifest.every((o: any) => o.metadata.namespace === undefined)).toBe(true);
    expect(imageVerificationNamespaceLabels(policy.engine)).toHaveProperty(['policy.sigstore.dev/include'], 'true');
    expect(expectValidCustomResources(manifest)).toBe(2); // the ClusterImagePolicy and the mesh proxy one
    expectValidKubernetesObjects(manifest);
  });

  test('RuntimeThreatDetection synthesizes the core objects and reports the Kata gap', () => {
    const c = chart();
    const detection = new RuntimeThreatDetection(c, 'runtime', runtime);
    const manifest = Testing.synth(c);
    expect(manifest).toEqual(renderRuntimeThreatDetection(runtime, { namespace: 'default-ns', labels: LABELS }));
    expect(findObject(manifest, 'TracingPolicyNamespaced', 'ledger-exec-allowlist').metadata.namespace).toBe('payments');
    expect(findObject(manifest, 'TracingPolicy', 'runtime-detections').metadata.namespace).toBeUndefined();
    expect(detection.coverage.find((e) => e.workload === 'payments/pay-api')?.monitoredBy).toBe('none');
    expect(expectValidCustomResources(manifest)).toBe(2);
  });

  test('SecurityChaosProbes synthesizes the core objects (snapshot)', () => {
    const c = chart();
    new SecurityChaosProbes(c, 'probes', probes);
    const manifest = Testing.synth(c);
    expect(manifest).toMatchSnapshot();
    expect(manifest).toEqual(renderSecurityChaosProbes(probes, { namespace: 'default-ns', labels: LABELS }));
    expect(findObject(manifest, 'CronJob', 'security-probes').metadata.namespace).toBe('kube-harden-probes');
    expectValidKubernetesObjects(manifest);
  });
});
