import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { isCounted } from '../../lib/audit';
import { addAuditGuard, auditApp, auditChart } from '../../lib/cdk8s/audit-guard';
import { SecureDeployment } from '../../lib/cdk8s/secure-deployment';

const IMAGE = `registry.example.com/pay/api:1.4.2@sha256:${'a'.repeat(64)}`;

/** A hardened Deployment manifest; `mutate` weakens it. */
function deployment(mutate: (d: any) => void = () => undefined): any {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'pay', labels: { app: 'api' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          serviceAccountName: 'api',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'api',
            image: IMAGE,
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          }],
        },
      },
    },
  };
  mutate(d);
  return d;
}

/** A NetworkPolicy that isolates the ingress and egress of the Deployment's pods (not guarded). */
const POLICY = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'api', namespace: 'pay' },
  spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'] },
};

/** A test chart holding the Deployment's NetworkPolicy. */
function chartWithPolicy(): Chart {
  const chart = Testing.chart();
  new ApiObject(chart, 'policy', POLICY);
  return chart;
}

/** A construct that owns one ApiObject and is guarded by the audit. */
class Guarded extends Construct {
  constructor(scope: Construct, id: string, manifest: any) {
    super(scope, id);
    new ApiObject(this, 'Resource', manifest);
    addAuditGuard(this);
  }
}

describe('addAuditGuard |', () => {
  test('a construct whose objects have an audit error refuses to synthesize, naming rule, object and fix', () => {
    const chart = Testing.chart();
    new Guarded(chart, 'bad', deployment((d) => { d.spec.template.spec.containers[0].securityContext.privileged = true; }));
    expect(() => Testing.synth(chart)).toThrow(/KH-POD-003 Deployment pay\/api: container 'api' is privileged .*Fix: Remove securityContext.privileged/);
  });

  test('an acknowledged weakening (annotation with a reason) synthesizes', () => {
    const chart = chartWithPolicy();
    new Guarded(chart, 'acked', deployment((d) => {
      d.spec.template.spec.containers[0].securityContext.privileged = true;
      d.metadata.annotations = { 'kube-harden.io/acknowledge.KH-POD-003': 'node agent needs the host' };
    }));
    expect(Testing.synth(chart)).toHaveLength(2);
  });

  test('warnings do not block synthesis', () => {
    // no PDB (warning), no probes (warning), no namespace; a policy of the chart isolates the pods
    const chart = chartWithPolicy();
    new Guarded(chart, 'ok', deployment());
    expect(Testing.synth(chart)).toHaveLength(2);
  });

  test('no network policy in the app isolating the pods is an error; a policy given as audit context clears it', () => {
    // GIVEN the Deployment alone: the guard judges what the app shows, and says what would clear the finding
    const alone = Testing.chart();
    new Guarded(alone, 'alone', deployment());
    expect(() => Testing.synth(alone)).toThrow(/KH-NET-001 Deployment pay\/api: egress is open: .*a namespace-wide policy outside the input would clear this/);
    // WHEN the policy that lives elsewhere is passed to the guard as context THEN it synthesizes
    const withContext = Testing.chart();
    const guarded = new Construct(withContext, 'ctx');
    new ApiObject(guarded, 'Resource', deployment());
    addAuditGuard(guarded, { context: [POLICY] });
    expect(Testing.synth(withContext)).toHaveLength(1);
  });

  test('an escape-hatch patch that weakens the object is caught', () => {
    const chart = chartWithPolicy();
    const guarded = new Guarded(chart, 'patched', deployment());
    (guarded.node.findChild('Resource') as ApiObject).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPID', true));
    expect(() => Testing.synth(chart)).toThrow(/KH-POD-002/);
  });
});

describe('kube-harden constructs are guarded |', () => {
  test('a SecureDeployment weakened through an escape hatch refuses to synthesize', () => {
    const chart = Testing.chart();
    const api = new SecureDeployment(chart, 'api', { name: 'api', namespace: 'shop', image: IMAGE, ports: [{ name: 'http', port: 8080 }] });
    expect(Testing.synth(chart).length).toBeGreaterThan(0);
    const apiDeployment = api.apiObjects.find((o) => o.kind === 'Deployment')!;
    apiDeployment.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/privileged', true));
    expect(() => Testing.synth(chart)).toThrow(/\[test\/api\] KH-POD-003 Deployment shop\/api/);
  });
});

describe('the guard of unchanged kube-harden objects |', () => {
  test('audits the core objects without synthesizing them again, and synthesizes an object whose metadata changed', () => {
    // GIVEN a synthesized SecureDeployment
    const chart = Testing.chart();
    const api = new SecureDeployment(chart, 'api', { name: 'api', namespace: 'shop', image: IMAGE, ports: [{ name: 'http', port: 8080 }] });
    Testing.synth(chart);
    const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
    // WHEN it is synthesized again unchanged, only the output is synthesized (once per object), not the guard's input
    Testing.synth(chart);
    expect(toJson).toHaveBeenCalledTimes(api.apiObjects.length);
    toJson.mockRestore();
    // WHEN only its metadata changes, the guard synthesizes that object again (once more than the output)
    api.apiObjects.find((o) => o.kind === 'Deployment')!.metadata.addLabel('team', 'payments');
    const afterChange = jest.spyOn(ApiObject.prototype, 'toJson');
    Testing.synth(chart);
    expect(afterChange).toHaveBeenCalledTimes(api.apiObjects.length + 1);
    afterChange.mockRestore();
  });
});

describe('auditChart / auditApp |', () => {
  test('auditChart judges objects we did not make (cdk8s-plus), without throwing', () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    const report = auditChart(chart);
    // (no network policy in the chart: ingress and egress are open, KH-NET-001 twice)
    expect(report.findings.filter((f) => isCounted(f) && f.severity === 'error').map((f) => f.ruleId)).toEqual(['KH-NET-001', 'KH-NET-001', 'KH-POD-017', 'KH-POD-018']);
  });

  test('auditApp sees every chart: a policy in one chart selects a workload in another', () => {
    const app = new App();
    const platform = new Chart(app, 'platform');
    new ApiObject(platform, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pay' } });
    new ApiObject(platform, 'deny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: 'pay' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });
    const apps = new Chart(app, 'apps');
    new ApiObject(apps, 'api', deployment());
    const report = auditApp(app);
    expect(report.findings.filter((f) => f.ruleId.startsWith('KH-NET-'))).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === 'KH-NS-001').map((f) => f.object?.name)).toEqual(['pay']);
  });
});
