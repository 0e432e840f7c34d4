/** Props shared by the Pulumi and parity tests: one valid intent per construct. */
import { workloadRef } from '../../lib/core/workload-ref';

export const DIGEST = `sha256:${'c'.repeat(64)}`;
const KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample==\n-----END PUBLIC KEY-----\n';

/** A workload peer known only by its ref. */
export const ledger = workloadRef({
  name: 'ledger',
  namespace: 'payments',
  serviceAccountName: 'ledger',
  ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
  selector: { 'app.kubernetes.io/name': 'ledger', 'app.kubernetes.io/instance': 'ledger' },
});

export const supplyChain = {
  name: 'signed-images',
  engine: 'sigstore' as const,
  images: ['registry.example.cn/pay/*'],
  authorities: [{ name: 'release', publicKey: KEY }],
};

export const runtimeDetection = {
  name: 'runtime',
  workloads: [
    { workload: ledger, allowedExecutables: ['/app/ledger'] },
    { workload: { ...ledger, name: 'pay-api' }, allowedExecutables: ['/app/pay'], runtime: 'kata' as const },
  ],
};

export const chaosProbes = {
  name: 'security-probes',
  image: `gcr.io/distroless/nodejs22-debian12@${DIGEST}`,
  protectedNamespaces: ['payments'],
  compliantImage: `registry.example.cn/pay/canary:1.0.0@${DIGEST}`,
  forbiddenPaths: [{ name: 'ledger', workload: ledger }],
};

/** The render context the tests give (as a cdk8s Chart with a namespace and labels would). */
export const CONTEXT = { namespace: 'default-ns', labels: { team: 'platform' } };
