import { App } from 'cdk8s';
import { buildPaymentPlatform } from '../../examples/cdk8s-payment-platform/main';
import { auditApp } from '../../lib/cdk8s/audit-guard';

describe('the example payment platform |', () => {
  test('scores 100 with no unacknowledged finding', () => {
    // GIVEN the example app WHEN every chart is audited
    const app = new App();
    buildPaymentPlatform(app);
    const report = auditApp(app);
    // THEN nothing is left but acknowledged weakenings (each with its reason)
    expect(report.findings.filter((f) => f.acknowledged === undefined)).toEqual([]);
    expect(report.score).toBe(100);
    expect(report.checks).toBeGreaterThan(50);
  });
});
