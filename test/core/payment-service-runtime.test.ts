import { CONTEXT, PAYMENT_WITH_RUNTIME_CONTROLS } from './fixtures';
import {
  buildPaymentService, EXEC_ALLOWLIST_ANNOTATION, EXEC_MODE_ANNOTATION, finalizeObjects, KubeHardenValidationError, PaymentServiceProps,
  paymentExecAllowList, renderPaymentService, renderRuntimeThreatDetection, RESTRICTED_PROFILE, SIGNATURE_VERIFICATION_ANNOTATION,
} from '../../lib/core';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';

const PAYMENT = PAYMENT_WITH_RUNTIME_CONTROLS;

function problemFields(props: PaymentServiceProps): string[] {
  try {
    renderPaymentService(props, CONTEXT);
  } catch (error) {
    if (KubeHardenValidationError.isValidationError(error)) return error.problems.map((p) => p.field);
    throw error;
  }
  return [];
}

describe('PaymentService | exec allow-list and signature verification', () => {
  test('records the enforced allow-list and the required signature engine on the Deployment', () => {
    const deployment = findObject(renderPaymentService(PAYMENT, CONTEXT), 'Deployment', 'payment-service');
    expect(deployment.metadata.annotations).toMatchObject({
      [EXEC_ALLOWLIST_ANNOTATION]: '["/app/payment-service"]', [EXEC_MODE_ANNOTATION]: 'enforce', [SIGNATURE_VERIFICATION_ANNOTATION]: 'kyverno',
    });
  });

  test('the annotated Deployment stays in final form: canonical keys, canonical object order, the other objects as the workload rendered them', () => {
    const objects = renderPaymentService(PAYMENT, CONTEXT);
    expect(JSON.stringify(objects)).toBe(JSON.stringify(finalizeObjects(objects)));
    const { allowedExecutables, execMode, signatureVerification, ...withoutRuntimeControls } = PAYMENT;
    const plain = renderPaymentService(withoutRuntimeControls, CONTEXT);
    expect(objects.filter((o) => o.kind !== 'Deployment')).toEqual(plain.filter((o) => o.kind !== 'Deployment'));
  });

  test('weakening either needs an acknowledgement, reported with the workload problems at once', () => {
    const fields = problemFields({ ...PAYMENT, execMode: 'audit', signatureVerification: 'none', replicas: 1 });
    expect(fields.slice(0, 3)).toEqual(['execMode', 'signatureVerification', 'replicas']);
    const acknowledged = renderPaymentService({
      ...PAYMENT,
      execMode: 'audit',
      signatureVerification: 'none',
      acknowledgements: { 'KH-RUN-001': { reason: 'collecting the exec set this week' }, 'KH-SUP-002': { reason: 'registry migration' } },
    }, CONTEXT);
    expect(findObject(acknowledged, 'Deployment', 'payment-service').metadata.annotations).toMatchObject({
      'kube-harden.io/acknowledge.KH-RUN-001': 'collecting the exec set this week', [EXEC_MODE_ANNOTATION]: 'audit',
    });
  });

  test("a profile's audit mode needs the acknowledgement execMode 'audit' needs, where it applies: on an allow-list", () => {
    const auditProfile = { ...RESTRICTED_PROFILE, name: 'audit-rt', runtimeDetection: { ...RESTRICTED_PROFILE.runtimeDetection, mode: 'audit' as const } };
    expect(problemsOf(() => renderPaymentService(PAYMENT, CONTEXT, auditProfile)))
      .toEqual(['profile.runtimeDetection.mode: an audit-only allow-list reports but does not stop unexpected execs (control KH-RUN-001)']);
    const acknowledged = renderPaymentService({ ...PAYMENT, acknowledgements: { 'KH-RUN-001': { reason: 'collecting the exec set this week' } } }, CONTEXT, auditProfile);
    expect(findObject(acknowledged, 'Deployment', 'payment-service').metadata.annotations).toMatchObject({
      'kube-harden.io/acknowledge.KH-RUN-001': 'collecting the exec set this week', [EXEC_MODE_ANNOTATION]: 'audit',
    });
    // without an allow-list the mode takes no effect, and nothing is recorded
    const { allowedExecutables, ...noAllowList } = PAYMENT;
    expect(findObject(renderPaymentService(noAllowList, CONTEXT, auditProfile), 'Deployment', 'payment-service').metadata.annotations?.[EXEC_MODE_ANNOTATION])
      .toBeUndefined();
  });

  test('its exec allow-list runs on Kata, so RuntimeThreatDetection states the gap instead of emitting a policy', () => {
    const rendered = buildPaymentService(PAYMENT, CONTEXT);
    const list = paymentExecAllowList(PAYMENT, rendered);
    expect(list).toMatchObject({ runtime: 'kata', allowedExecutables: ['/app/payment-service'], workload: { name: 'payment-service', namespace: 'shop' } });
    const objects = renderRuntimeThreatDetection({ name: 'runtime', workloads: [list!], clusterDetections: false });
    expect(objects.some((o) => o.kind === 'TracingPolicyNamespaced')).toBe(false);
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'runtime-coverage').data['coverage.json'])[0]).toMatchObject({ workload: 'shop/payment-service', monitoredBy: 'none' });
  });

  test("on runc (runtime 'runc', acknowledged under KH-SBX-001) its exec allow-list is a runc one: Tetragon enforces it", () => {
    const props: PaymentServiceProps = { ...PAYMENT, runtime: 'runc', acknowledgements: { 'KH-SBX-001': { reason: 'the mesh must enforce mTLS, JWT and the rate limit' } } };
    const list = paymentExecAllowList(props, buildPaymentService(props, CONTEXT));
    expect(list).toMatchObject({ runtime: 'runc', allowedExecutables: ['/app/payment-service'] });
    const objects = renderRuntimeThreatDetection({ name: 'runtime', workloads: [list!], clusterDetections: false });
    const policy = findObject(objects, 'TracingPolicyNamespaced', 'payment-service-exec-allowlist');
    expect(policy.metadata.namespace).toBe('shop');
    expect(JSON.stringify(policy.spec)).toContain('"Sigkill"');
    expect(JSON.parse(findObject(objects, 'ConfigMap', 'runtime-coverage').data['coverage.json'])[0]).toMatchObject({ workload: 'shop/payment-service', monitoredBy: 'tetragon' });
  });
});
