import { App, Chart, Testing } from 'cdk8s';
import { emitObjects, objectIds, PaymentService, SandboxRuntimes, SecureDeployment, sandboxClassWarnings } from '../../lib/cdk8s';
import { KubeHardenValidationError, renderPaymentService, renderSandboxRuntimes, renderSecureDeployment, SecureDeploymentProps } from '../../lib/core';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { expectPssRestricted } from '../conformance/pss';
import { PAYMENT_TRAFFIC, PINNED_IMAGE } from '../core/fixtures';
import { findObject, objectNames } from '../helpers/objects';

const API: SecureDeploymentProps = { name: 'api-gateway', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }], probes: { httpPath: '/healthz' } };
const LABELS = { team: 'payments' };

/** A chart in an app whose other chart defines the sandbox classes (so synth does not warn). */
function chartWith(id: string, build: (chart: Chart) => void): Chart {
  const app = Testing.app();
  new SandboxRuntimes(new Chart(app, 'cluster'), 'sandbox', { kata: { name: 'kata-clh' } });
  new SandboxRuntimes(new Chart(app, 'defaults'), 'sandbox');
  const chart = new Chart(app, id, { namespace: 'payments', labels: LABELS });
  build(chart);
  return chart;
}

describe('cdk8s SecureDeployment', () => {
  const chart = chartWith('platform', (c) => new SecureDeployment(c, 'api', API));
  const manifest = Testing.synth(chart);

  test('synthesizes exactly the core objects for the chart namespace and labels (snapshot)', () => {
    expect(manifest).toMatchSnapshot();
    expect(manifest).toEqual(renderSecureDeployment(API, { namespace: 'payments', labels: LABELS }));
  });

  test('every object carries the chart labels, the chart namespace and an explicit name', () => {
    expect(objectNames(manifest)).toEqual([
      'ServiceAccount/payments/api-gateway', 'Service/payments/api-gateway', 'Deployment/payments/api-gateway', 'PodDisruptionBudget/payments/api-gateway',
      'NetworkPolicy/payments/api-gateway', 'CiliumNetworkPolicy/payments/api-gateway',
    ]);
    expect(manifest.every((o: any) => o.metadata.labels.team === 'payments')).toBe(true);
  });

  test('two different chart and construct ids give identical manifests', () => {
    const other = chartWith('something-else', (c) => new SecureDeployment(c, 'gateway-construct', API));
    expect(JSON.stringify(Testing.synth(other))).toBe(JSON.stringify(manifest));
  });

  test('exposes the rendered objects, the network reference and one ApiObject per object with a deterministic id', () => {
    const c = chartWith('refs', () => undefined);
    const workload = new SecureDeployment(c, 'api', API);
    expect(workload.objects).toEqual(manifest);
    expect(workload.ref).toMatchObject({ name: 'api-gateway', namespace: 'payments', serviceAccountName: 'api-gateway' });
    expect(workload.apiObjects.map((a) => a.node.id)).toEqual(objectIds(workload.objects));
    expect(workload.apiObjects.map((a) => a.node.path)).toEqual(
      ['ServiceAccount', 'Service', 'Deployment', 'PodDisruptionBudget', 'NetworkPolicy', 'CiliumNetworkPolicy'].map((id) => `refs/api/${id}`),
    );
  });

  // constructs keeps a construct's children in a plain object keyed by child id (constructs lib/construct.js,
  // Node.addChild: `this._children[childName] = child`), so ids that repeat the workload's name gave every
  // construct's child table a first key of its own; the ids are the same for every instance instead.
  test('every instance names its children alike', () => {
    const c = chartWith('many', () => undefined);
    const ids = ['one', 'two'].map((name) => new SecureDeployment(c, name, { ...API, name }).apiObjects.map((a) => a.node.id));
    expect(ids[1]).toEqual(ids[0]);
  });

  test('emitting under a scope that already has children of those ids names the new ones whole', () => {
    const c = chartWith('twice', () => undefined);
    const workload = new SecureDeployment(c, 'api', API);
    const again = emitObjects(workload, renderSecureDeployment({ ...API, name: 'api-canary' }, { namespace: 'payments' }));
    expect(again.map((a) => a.node.id)).toContain('Deployment-api-canary%payments');
    expect(Testing.synth(c).filter((o: any) => o.kind === 'Deployment').map((o: any) => o.metadata.name)).toEqual(['api-gateway', 'api-canary']);
  });

  test('emitting objects again under the same scope is refused, naming each one, before anything is added', () => {
    const c = chartWith('again', () => undefined);
    const workload = new SecureDeployment(c, 'api', API);
    const before = workload.node.children.length;
    expect(() => emitObjects(workload, workload.objects)).toThrow(KubeHardenValidationError);
    expect(() => emitObjects(workload, workload.objects))
      .toThrow(/6 problems[\s\S]*already emitted under 'again\/api' \(got "ServiceAccount payments\/api-gateway"\)[\s\S]*\(got "CiliumNetworkPolicy payments\/api-gateway"\)/);
    expect(workload.node.children.length).toBe(before);
  });

  test('props.namespace wins over the chart namespace', () => {
    const c = chartWith('ns', (ch) => new SecureDeployment(ch, 'api', { ...API, namespace: 'edge' }));
    expect(Testing.synth(c).every((o: any) => o.metadata.namespace === 'edge')).toBe(true);
  });

  test('bad props throw the library validation error at construction, listing every problem', () => {
    const c = new Chart(Testing.app(), 'no-namespace');
    let error: unknown;
    try {
      new SecureDeployment(c, 'api', { ...API, image: 'nginx:latest' });
    } catch (e) {
      error = e;
    }
    expect(KubeHardenValidationError.isValidationError(error)).toBe(true);
    // The image is judged at the boundary (its schema format), before the core's own checks.
    expect((error as KubeHardenValidationError).problems.map((p) => p.field)).toEqual(['image', 'namespace']);
  });

  test('podLabels given as a Map is refused at construction (found in review: it synthesized a selector of every pod of web)', () => {
    const c = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const allowFrom = [{ peer: { namespace: 'web', podLabels: new Map([['app', 'gateway']]) as unknown as Record<string, string> }, ports: [8080] }];
    let error: unknown;
    try {
      new SecureDeployment(c, 'api', { ...API, allowFrom });
    } catch (e) {
      error = e;
    }
    expect(KubeHardenValidationError.isValidationError(error)).toBe(true);
    expect((error as KubeHardenValidationError).problems.map((p) => `${p.field}: ${p.message}`)).toEqual(['allowFrom[0].peer.podLabels: is a Map, not plain data']);
  });

  test('a literal AWS_ACCESS_KEY_ID or GPG_PASSPHRASE is refused at construction (found in review: only the audit guard refused it, at synth)', () => {
    const c = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const env = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', GPG_PASSPHRASE: 'correct horse battery staple', DB_PASSWORD_FILE: '/run/secrets/db' };
    let error: unknown;
    try {
      new SecureDeployment(c, 'api', { ...API, env });
    } catch (e) {
      error = e;
    }
    expect((error as KubeHardenValidationError).problems.map((p) => p.field)).toEqual(['env.AWS_ACCESS_KEY_ID', 'env.GPG_PASSPHRASE']);
    // the file path only points at the secret: it synthesizes, and the audit guard passes it
    const ok = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new SecureDeployment(ok, 'api', { ...API, env: { DB_PASSWORD_FILE: '/run/secrets/db' } });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(findObject(Testing.synth(ok), 'Deployment', 'api-gateway').spec.template.spec.containers[0].env).toEqual([{ name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }]);
    } finally {
      warn.mockRestore();
    }
  });

  test('props given as a class instance are refused whole, not read by their own fields', () => {
    class ApiProps {
      public readonly name = 'api-gateway';
    }
    const c = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    expect(() => new SecureDeployment(c, 'api', Object.assign(new ApiProps(), API))).toThrow(/props: is an ApiProps, not plain data/);
  });

  test('props that are a revoked Proxy, or hold a getter that throws, are refused naming the field (they used to crash, or name "props")', () => {
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const c = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const problems = (props: unknown): string[] => {
      try {
        new SecureDeployment(c, `api-${c.node.children.length}`, props as SecureDeploymentProps);
      } catch (error) {
        if (KubeHardenValidationError.isValidationError(error)) return error.problems.map((p) => `${p.field}: ${p.message}`);
        throw error;
      }
      throw new Error('expected a validation error');
    };
    expect(problems(revocable.proxy)).toEqual(['props: is a revoked Proxy']);
    expect(problems({ ...API, get image(): string { throw new Error('boom'); } })).toEqual(['image: could not be read (boom)']);
  });

  test('is schema-valid and PSS restricted as synthesized', () => {
    expectValidKubernetesObjects(manifest);
    expectPssRestricted(manifest);
  });
});

describe('cdk8s PaymentService', () => {
  const props = { name: 'payment-service', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }], ...PAYMENT_TRAFFIC };
  const chart = chartWith('pay', (c) => new PaymentService(c, 'pay', props));
  const manifest = Testing.synth(chart);

  test('synthesizes the core PaymentService objects (snapshot)', () => {
    expect(manifest).toMatchSnapshot();
    expect(manifest).toEqual(renderPaymentService(props, { namespace: 'payments', labels: LABELS }));
    expect(findObject(manifest, 'Deployment', 'payment-service').spec.template.spec.runtimeClassName).toBe('kata');
  });

  test('children of a kind it emits once are named by the kind, the others by kind and name', () => {
    const ids = new PaymentService(chartWith('ids', () => undefined), 'pay', props).apiObjects.map((a) => a.node.id);
    expect(ids).toContain('Deployment');
    const policies = manifest.filter((o: any) => o.kind === 'NetworkPolicy').map((o: any) => `NetworkPolicy-${o.metadata.name}`);
    expect(policies.length).toBeGreaterThan(1);
    expect(ids).toEqual(expect.arrayContaining(policies));
  });

  test('acknowledged weakenings appear as annotations in the synthesized Deployment', () => {
    const weak = chartWith('weak', (c) => new PaymentService(c, 'pay', {
      ...props, replicas: 2, acknowledgements: { 'KH-WKL-003': { reason: 'staging cluster has two nodes' } },
    }));
    const deployment = findObject(Testing.synth(weak), 'Deployment', 'payment-service');
    expect(deployment.metadata.annotations).toEqual({ 'kube-harden.io/acknowledge.KH-WKL-003': 'staging cluster has two nodes' });
  });
});

describe('cdk8s SandboxRuntimes', () => {
  test('cluster-scoped objects do not get the chart namespace; output equals the core (snapshot)', () => {
    // (an app of its own: beside chartWith's SandboxRuntimes, the same classes with other labels would not synthesize)
    const chart = new Chart(Testing.app(), 'runtimes', { namespace: 'payments', labels: LABELS });
    new SandboxRuntimes(chart, 'sandbox', { kata: { nodeSelector: { 'katacontainers.io/kata-runtime': 'true' } } });
    const manifest = Testing.synth(chart);
    expect(manifest).toMatchSnapshot();
    expect(manifest.every((o: any) => o.metadata.namespace === undefined)).toBe(true);
    expect(manifest).toEqual(renderSandboxRuntimes({ kata: { nodeSelector: { 'katacontainers.io/kata-runtime': 'true' } } }, { labels: LABELS }));
    expectValidKubernetesObjects(manifest);
  });

  test('exposes the class names for workloads', () => {
    const chart = chartWith('ref', () => undefined);
    const runtimes = new SandboxRuntimes(chart, 'sandbox', { kata: { name: 'kata-clh', handler: 'kata-clh' } });
    const workload = new PaymentService(chart, 'pay', { name: 'pay', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }], sandbox: runtimes.ref, ...PAYMENT_TRAFFIC });
    expect(findObject(workload.objects, 'Deployment', 'pay').spec.template.spec.runtimeClassName).toBe('kata-clh');
  });
});

describe('synth-time warning about undefined sandbox classes', () => {
  const pay = { name: 'pay', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }], ...PAYMENT_TRAFFIC };

  function synthWarnings(build: (app: App) => void): string[] {
    const app = Testing.app();
    build(app);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      app.synth();
      return warn.mock.calls.map((call) => String(call[0]));
    } finally {
      warn.mockRestore();
    }
  }

  test('warns, without failing synth, when no SandboxRuntimes in the app defines the classes', () => {
    const warnings = synthWarnings((app) => new PaymentService(new Chart(app, 'workloads', { namespace: 'payments' }), 'pay', pay));
    expect(warnings).toEqual([
      expect.stringMatching(/^\[kube-harden\] workloads\/pay: Deployment 'payments\/pay' uses RuntimeClass 'kata', which no SandboxRuntimes/),
      expect.stringMatching(/uses PriorityClass 'kube-harden-critical', which no SandboxRuntimes/),
    ]);
  });

  test('is silent when a SandboxRuntimes in any chart of the app defines them', () => {
    const warnings = synthWarnings((app) => {
      new SandboxRuntimes(new Chart(app, 'cluster'), 'sandbox');
      new PaymentService(new Chart(app, 'workloads', { namespace: 'payments' }), 'pay', pay);
    });
    expect(warnings).toEqual([]);
  });

  test('names a class that the SandboxRuntimes defines under another name', () => {
    const app = Testing.app();
    new SandboxRuntimes(new Chart(app, 'cluster'), 'sandbox', { kata: { name: 'kata-clh' } });
    const workload = new PaymentService(new Chart(app, 'workloads', { namespace: 'payments' }), 'pay', pay);
    expect(sandboxClassWarnings(workload, workload.objects)).toEqual([expect.stringContaining("uses RuntimeClass 'kata'")]);
  });
});
