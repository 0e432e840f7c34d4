import { audit, Finding } from '../../lib/audit';
import {
  buildPaymentService, paymentExecAllowList, PaymentServiceProps, renderImageSupplyChainPolicy, renderRuntimeThreatDetection, renderSecureDeployment,
  renderZeroTrustNamespace,
} from '../../lib/core';
import { CONTEXT, MINIMAL, PAYMENT_WITH_RUNTIME_CONTROLS } from '../core/fixtures';

/** A PaymentService that weakens both payment controls, each acknowledged with a reason. */
const WEAKENED: PaymentServiceProps = {
  ...PAYMENT_WITH_RUNTIME_CONTROLS,
  execMode: 'audit',
  signatureVerification: 'none',
  acknowledgements: { 'KH-RUN-001': { reason: 'collecting the exec set this week' }, 'KH-SUP-002': { reason: 'registry migration' } },
};

/** The payment platform around a PaymentService: its namespace, image policy and runtime detection. */
function platform(props: PaymentServiceProps) {
  const rendered = buildPaymentService(props, CONTEXT);
  const list = paymentExecAllowList(props, rendered);
  return [
    ...renderZeroTrustNamespace({ name: CONTEXT.namespace }),
    ...renderImageSupplyChainPolicy({ name: 'images', images: ['registry.example.com/shop/*'], authorities: [{ name: 'release', issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/example/shop/.github/workflows/release.yml@refs/heads/main' }] }),
    ...renderRuntimeThreatDetection({ name: 'runtime', workloads: list ? [list] : [], clusterDetections: false }),
    ...rendered.objects,
  ];
}

function byRule(findings: readonly Finding[], id: string): Finding[] {
  return findings.filter((f) => f.ruleId === id);
}

describe('payment controls KH-RUN-001 and KH-SUP-002 |', () => {
  test('acknowledged weakenings of a PaymentService appear in the report, with their reasons, and do not count', () => {
    // GIVEN a PaymentService with an audit-only allow-list and no signature verification, both acknowledged
    const report = audit(platform(WEAKENED));
    // THEN both weakenings are reported on the Deployment, acknowledged
    expect(byRule(report.findings, 'KH-RUN-001').map((f) => [f.object?.name, f.acknowledged?.reason])).toContainEqual(['payment-service', 'collecting the exec set this week']);
    expect(byRule(report.findings, 'KH-SUP-002').map((f) => [f.object?.name, f.acknowledged?.reason])).toEqual([['payment-service', 'registry migration']]);
    expect([...byRule(report.findings, 'KH-RUN-001'), ...byRule(report.findings, 'KH-SUP-002')].every((f) => f.acknowledged !== undefined)).toBe(true);
  });

  test('the default PaymentService on its platform passes both', () => {
    const { execMode, signatureVerification, acknowledgements, ...strict } = WEAKENED;
    const report = audit(platform(strict));
    expect([...byRule(report.findings, 'KH-RUN-001'), ...byRule(report.findings, 'KH-SUP-002')]).toEqual([]);
    expect(report.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['KH-RUN-001', 'KH-SUP-002']));
  });

  test('other workloads are not applicable: no check, no pass, no runtime area', () => {
    const report = audit(renderSecureDeployment(MINIMAL, CONTEXT));
    expect(report.rules.map((r) => r.id)).not.toContain('KH-RUN-001');
    expect(report.rules.map((r) => r.id)).not.toContain('KH-SUP-002');
    expect(report.areas.map((a) => a.area)).not.toContain('runtime');
  });
});
