import { CONTEXT, PAYMENT_TRAFFIC, PINNED_IMAGE } from './fixtures';
import { KubeHardenValidationError, PaymentServiceProps, buildPaymentService, renderPaymentService } from '../../lib/core';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { expectPssRestricted } from '../conformance/pss';
import { containerOf, findObject, objectNames } from '../helpers/objects';

const PAYMENT: PaymentServiceProps = {
  name: 'payment-service', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }], probes: { httpPath: '/healthz' }, ...PAYMENT_TRAFFIC,
};

function problemsOf(props: PaymentServiceProps): KubeHardenValidationError['problems'] {
  try {
    renderPaymentService(props, CONTEXT);
  } catch (error) {
    if (KubeHardenValidationError.isValidationError(error)) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe('renderPaymentService', () => {
  const objects = renderPaymentService(PAYMENT, CONTEXT);
  const deployment = findObject(objects, 'Deployment', 'payment-service');

  test('renders the SecureDeployment objects at the payment bar (snapshot)', () => {
    expect(objectNames(objects)).toEqual([
      'ServiceAccount/shop/payment-service', 'Service/shop/payment-service', 'Deployment/shop/payment-service', 'PodDisruptionBudget/shop/payment-service',
      'NetworkPolicy/edge/api-gateway.to.shop.payment-service', 'NetworkPolicy/shop/payment-service',
      'CiliumNetworkPolicy/edge/api-gateway.to.shop.payment-service', 'CiliumNetworkPolicy/shop/payment-service',
      'RequestAuthentication/shop/payment-service-jwt',
      'AuthorizationPolicy/shop/payment-service', 'AuthorizationPolicy/shop/payment-service-require-jwt',
      'EnvoyFilter/shop/payment-service-ratelimit',
    ]);
    expect(objects).toMatchSnapshot();
  });

  test('runs on Kata at the critical priority with 3 replicas and a PDB', () => {
    expect(deployment.spec.replicas).toBe(3);
    expect(deployment.spec.template.spec.runtimeClassName).toBe('kata');
    expect(deployment.spec.template.spec.priorityClassName).toBe('kube-harden-critical');
    expect(findObject(objects, 'PodDisruptionBudget', 'payment-service').spec.maxUnavailable).toBe(1);
    expect(deployment.metadata.annotations).toBeUndefined();
  });

  test('marks its objects and pods as payment workloads of the critical tier, so the audit applies the payment rules', () => {
    const podLabels = (deployment.spec as any).template.metadata.labels;
    expect(podLabels).toMatchObject({ 'kube-harden.io/payment': 'true', 'kube-harden.io/sensitivity': 'critical' });
    expect(objects.filter((o) => o.metadata.namespace === 'shop').every((o) => o.metadata.labels?.['kube-harden.io/payment'] === 'true')).toBe(true);
  });

  test('is PSS restricted, schema-valid and deterministic', () => {
    expectPssRestricted(objects);
    expectValidKubernetesObjects(objects);
    expect(JSON.stringify(renderPaymentService(PAYMENT, CONTEXT))).toBe(JSON.stringify(objects));
  });

  test('refuses a sensitivity smuggled in: PaymentServiceProps has no such field (the tier is the profile payment tier)', () => {
    const problems = problemsOf({ ...PAYMENT, sensitivity: 'low' } as PaymentServiceProps);
    expect(problems).toEqual([expect.objectContaining({ field: 'sensitivity', value: 'low', message: 'is not a known field' })]);
  });

  test.each<[string, Partial<PaymentServiceProps>, string, string]>([
    ['fewer replicas', { replicas: 2 }, 'replicas', 'KH-WKL-003'],
    ['a tag without digest', { image: 'registry.example.com/shop/api:1.4.2' }, 'image', 'KH-IMG-003'],
    ['digests off', { requireDigest: false, image: 'registry.example.com/shop/api:1.4.2' }, 'requireDigest', 'KH-IMG-003'],
    ['gVisor instead of Kata', { runtime: 'gvisor' }, 'runtime', 'KH-SBX-001'],
    ['a lower priority', { priority: 'high' }, 'priority', 'KH-WKL-007'],
    ['no PDB', { podDisruptionBudget: false }, 'podDisruptionBudget', 'KH-WKL-004'],
    ['runAsNonRoot false', { securityContext: { runAsNonRoot: false } }, 'securityContext.runAsNonRoot', 'KH-POD-015'],
    ['UID 0', { securityContext: { runAsUser: 0, runAsNonRoot: false }, acknowledgements: { 'KH-POD-015': { reason: 'legacy' } } }, 'securityContext.runAsUser', 'KH-POD-016'],
    ['a writable root filesystem', { securityContext: { readOnlyRootFilesystem: false } }, 'securityContext.readOnlyRootFilesystem', 'KH-POD-019'],
    ['added baseline capabilities', { securityContext: { addCapabilities: ['CHOWN'] } }, 'securityContext.addCapabilities', 'KH-POD-018'],
  ])('%s throws without an acknowledgement and renders with one, recorded as an annotation', (_, patch, field, id) => {
    const problems = problemsOf({ ...PAYMENT, ...patch });
    const problem = problems.find((p) => p.field === field);
    expect(problem?.message).toContain(`control ${id}`);
    expect(problem?.fix).toContain(`acknowledgements: { '${id}': { reason: '<why>' } }`);

    const acknowledgements = { ...patch.acknowledgements, [id]: { reason: 'approved by risk, ticket SEC-42' } };
    const acknowledged = renderPaymentService({ ...PAYMENT, ...patch, acknowledgements }, CONTEXT);
    const d = findObject(acknowledged, 'Deployment', 'payment-service');
    expect(d.metadata.annotations[`kube-harden.io/acknowledge.${id}`]).toBe('approved by risk, ticket SEC-42');
    expect(d.spec.template.metadata.annotations[`kube-harden.io/acknowledge.${id}`]).toBe('approved by risk, ticket SEC-42');
    expectValidKubernetesObjects(acknowledged);
  });

  test('an acknowledged lower runtime renders that runtime', () => {
    const gvisor = renderPaymentService({ ...PAYMENT, runtime: 'gvisor', acknowledgements: { 'KH-SBX-001': { reason: 'no Kata nodes in this region yet' } } }, CONTEXT);
    expect(findObject(gvisor, 'Deployment', 'payment-service').spec.template.spec.runtimeClassName).toBe('gvisor');
    expect(containerOf(findObject(gvisor, 'Deployment', 'payment-service')).image).toBe(PINNED_IMAGE);
  });

  test('errors name the PaymentService', () => {
    expect(() => renderPaymentService({ ...PAYMENT, replicas: 1 }, CONTEXT)).toThrow(/^Invalid PaymentService 'payment-service': 2 problems/);
  });

  test('exposes its reference', () => {
    expect(buildPaymentService(PAYMENT, CONTEXT).ref.serviceAccountName).toBe('payment-service');
  });
});
