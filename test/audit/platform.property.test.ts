import * as fc from 'fast-check';
import { IDP_RSA_JWKS } from '../../examples/shared/idp-keys';
import { audit, isCounted } from '../../lib/audit';
import {
  buildSecureDeployment, K8sObject, renderPaymentService, renderSandboxRuntimes, renderZeroTrustNamespace,
  PAYMENT_LABEL, RESTRICTED_PROFILE, SENSITIVITIES, SENSITIVITY_LABEL, WorkloadRef, workloadRef,
} from '../../lib/core';

const PUBLIC_JWKS = JSON.stringify(IDP_RSA_JWKS);
const name = fc.stringMatching(/^[a-z][a-z0-9]{1,10}$/);
const image = fc.tuple(name, fc.stringMatching(/^[a-f0-9]{64}$/)).map(([repo, d]) => `registry.example.com/${repo}:1.0.0@sha256:${d}`);

const workload = fc.record({
  name,
  kind: fc.constantFrom('SecureDeployment', 'PaymentService'),
  image,
  port: fc.integer({ min: 1024, max: 65535 }),
  sensitivity: fc.constantFrom(...SENSITIVITIES),
  httpPath: fc.option(fc.constantFrom('/healthz', '/ready', '/live'), { nil: undefined }),
  extraReplicas: fc.integer({ min: 0, max: 3 }),
  egressFqdn: fc.option(fc.constantFrom('api.bank.example.com', 'idp.example.com'), { nil: undefined }),
});

/** A random valid app: a ZeroTrustNamespace, the SandboxRuntimes, and workloads of every construct in the namespace. */
const app = fc.record({
  namespace: name,
  meshMode: fc.constantFrom('sidecar' as const, 'ambient' as const),
  psaMinor: fc.integer({ min: 25, max: 35 }),
  workloads: fc.uniqueArray(workload, { minLength: 1, maxLength: 4, selector: (w) => w.name }),
});

type App = typeof app extends fc.Arbitrary<infer T> ? T : never;

/** The edge gateway, in another namespace: the first caller of every app. */
const EDGE_GATEWAY = workloadRef({
  name: 'gateway',
  namespace: 'edge',
  selector: { 'app.kubernetes.io/name': 'gateway', 'app.kubernetes.io/instance': 'gateway' },
  serviceAccountName: 'gateway',
  ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
});

/** Adds the labels the audit reads (tier, payment mark) to a Deployment and its pod template. */
function withLabels(object: K8sObject, labels: Record<string, string>): K8sObject {
  if (object.kind !== 'Deployment') {
    return object;
  }
  const copy = JSON.parse(JSON.stringify(object));
  copy.metadata.labels = { ...copy.metadata.labels, ...labels };
  copy.spec.template.metadata.labels = { ...copy.spec.template.metadata.labels, ...labels };
  return copy;
}

function render(a: App, labelTiers = false): K8sObject[] {
  const context = { namespace: a.namespace };
  const waypoint = a.meshMode === 'ambient' ? 'waypoint' : undefined;
  const objects: K8sObject[] = [
    ...renderZeroTrustNamespace({ name: a.namespace, meshMode: a.meshMode, waypoint, podSecurityVersion: `v1.${a.psaMinor}` }),
    ...renderSandboxRuntimes(),
  ];
  let caller: WorkloadRef = EDGE_GATEWAY;
  for (const w of a.workloads) {
    const common = {
      name: w.name,
      image: w.image,
      ports: [{ name: 'http', port: w.port }],
      probes: { httpPath: w.httpPath },
      meshMode: a.meshMode,
      waypoint,
      egress: w.egressFqdn ? [{ fqdns: [w.egressFqdn], ports: [443] }] : undefined,
    };
    const marks: Record<string, string> = w.kind === 'PaymentService'
      ? { [SENSITIVITY_LABEL]: RESTRICTED_PROFILE.payment.sensitivity, [PAYMENT_LABEL]: 'true' }
      : { [SENSITIVITY_LABEL]: w.sensitivity };
    const label = (list: K8sObject[]) => (labelTiers ? list.map((o) => withLabels(o, marks)) : list);
    if (w.kind === 'PaymentService') {
      objects.push(...label(renderPaymentService({
        ...common,
        allowFrom: [{ peer: caller, http: [{ methods: ['POST'], paths: ['/v1/payments'] }] }],
        jwt: { issuer: 'https://idp.example.com', jwks: PUBLIC_JWKS },
        rateLimit: { requests: 100, per: 'second' },
        replicas: RESTRICTED_PROFILE.payment.minReplicas + w.extraReplicas,
      }, context)));
    } else {
      const built = buildSecureDeployment({
        ...common,
        sensitivity: w.sensitivity,
        replicas: RESTRICTED_PROFILE.tiers[w.sensitivity].replicas + w.extraReplicas,
        allowFrom: [{ peer: caller }],
      }, context);
      caller = built.ref;
      objects.push(...label(built.objects));
    }
  }
  return objects;
}

/** Rules judged against objects a cluster holds besides the app: runtime detection and image policies. */
const CLUSTER_LEVEL = ['KH-RUN-001', 'KH-RUN-002', 'KH-SUP-001', 'KH-SUP-002'];

/**
 * The workloads of `a` that run in a sandbox (a PaymentService, Kata; a SecureDeployment above `low`): in a meshed
 * namespace under Pod Security restricted, the mesh cannot capture their traffic, a KH-SBX-003 warning each
 * (test/audit/sandbox-mesh.test.ts has the upstream evidence).
 */
function sandboxed(a: App): string[] {
  return a.workloads.filter((w) => w.kind === 'PaymentService' || RESTRICTED_PROFILE.tiers[w.sensitivity].runtime !== 'runc').map((w) => w.name).sort();
}

/** The counted findings of `report` as [rule, severity, object name], sorted. */
function counted(report: ReturnType<typeof audit>): (string | undefined)[][] {
  return report.findings.filter(isCounted).map((f) => [f.ruleId, f.severity, f.object?.name]).sort();
}

describe('audit(render(app)) |', () => {
  test('random valid apps have no audit error; the only counted findings are the KH-SBX-003 warnings of sandboxed workloads', () => {
    fc.assert(fc.property(app, (a) => {
      const report = audit(render(a));
      const errors = report.findings.filter((f) => isCounted(f) && f.severity === 'error');
      expect(errors).toEqual([]);
      // and nothing else counts: each sandboxed workload is warned that the mesh cannot capture its traffic
      expect(counted(report)).toEqual(sandboxed(a).map((sandboxedName) => ['KH-SBX-003', 'warning', sandboxedName]));
      expect(report.areas.map((area) => area.area)).toEqual(['image', 'mesh', 'namespace', 'network', 'pod', 'runtime', 'sandbox', 'secrets', 'supply-chain', 'workload']);
      // the app holds no runtime detection and no image policy (they are cluster-level): those checks are unknown,
      // left out of the score, and the coverage beside it says so
      const unknown = new Set(report.findings.filter((f) => f.unknown).map((f) => f.ruleId));
      expect([...unknown].every((id) => CLUSTER_LEVEL.includes(id))).toBe(true);
      expect(unknown.has('KH-RUN-002') && unknown.has('KH-SUP-001')).toBe(true);
      expect(report.score < 100).toBe(sandboxed(a).length > 0);
      expect(report.coverage).toBeLessThan(100);
      // without the cluster-level rules every check is decided, and without KH-SBX-003 every one passes
      const judged = audit(render(a), { ignore: [...CLUSTER_LEVEL, 'KH-SBX-003'] });
      expect({ score: judged.score, coverage: judged.coverage }).toEqual({ score: 100, coverage: 100 });
    }), { numRuns: 50 });
  });

  test('with the tier and payment labels on the workloads, the tier and payment rules pass too', () => {
    fc.assert(fc.property(app, (a) => {
      const report = audit(render(a, true));
      expect(counted(report)).toEqual(sandboxed(a).map((sandboxedName) => ['KH-SBX-003', 'warning', sandboxedName]));
    }), { numRuns: 40 });
  });
});
