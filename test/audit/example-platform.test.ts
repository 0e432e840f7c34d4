import { App } from 'cdk8s';
import { buildPaymentPlatform } from '../../examples/cdk8s-payment-platform/main';
import { isCounted } from '../../lib/audit';
import { auditApp } from '../../lib/cdk8s/audit-guard';

describe('the example payment platform |', () => {
  test('has no audit error; its only unacknowledged findings are the two sandboxed workloads the mesh cannot capture', () => {
    // GIVEN the example app WHEN every chart is audited
    const app = new App();
    buildPaymentPlatform(app);
    const report = auditApp(app);
    // THEN nothing is left but acknowledged weakenings (each with its reason) and KH-SBX-003: the gateway runs gVisor and
    // the payment service Kata in a sidecar namespace under Pod Security restricted, where Istio CNI's redirect does not
    // reach them (test/audit/sandbox-mesh.test.ts has the upstream evidence). The example does not acknowledge them: the
    // point is that its users see them.
    expect(report.findings.filter((f) => f.acknowledged === undefined).map((f) => [f.ruleId, f.severity, f.object?.name]).sort()).toEqual([
      ['KH-SBX-003', 'warning', 'api-gateway'],
      ['KH-SBX-003', 'warning', 'payment-service'],
    ]);
    expect(report.findings.filter((f) => isCounted(f) && f.severity === 'error')).toEqual([]);
    expect(report.score).toBeLessThan(100);
    expect(report.checks).toBeGreaterThan(50);
    // and every other check passes
    expect(auditApp(app, { ignore: ['KH-SBX-003'] }).score).toBe(100);
  });
});
