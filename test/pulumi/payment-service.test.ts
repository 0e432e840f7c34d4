import * as pulumi from '@pulumi/pulumi';
import { DIGEST } from './fixtures';
import { capture, componentContract, findManifest, outputValue } from './harness';
import { buildPaymentService, paymentExecAllowList, renderPaymentService } from '../../lib/core/payment-service';
import { KubeHardenValidationError } from '../../lib/core/validation';
import { PaymentService, PaymentServiceArgs } from '../../lib/pulumi/payment-service';
import { captureFailure } from '../../lib/pulumi/testing';
import { PAYMENT_TRAFFIC } from '../core/fixtures';

const IMAGE = `registry.example.com/payments/payment-service:1.4.2@${DIGEST}`;
const PROPS = {
  ...PAYMENT_TRAFFIC,
  name: 'payment-service',
  namespace: 'payments',
  image: IMAGE,
  ports: [{ name: 'http', port: 8080 }],
  allowedExecutables: ['/app/payment-service'],
};

describe('PaymentService (Pulumi) |', () => {
  componentContract({
    type: PaymentService.TYPE,
    create: (name, opts) => new PaymentService(name, PROPS, opts),
    expected: () => renderPaymentService(PROPS),
  });

  test('renders the payment bar: Kata, critical priority, at least 3 replicas', async () => {
    const program = await capture(() => new PaymentService('payment-service', PROPS));
    const deployment = findManifest(program.manifests, 'Deployment', 'payment-service') as any;

    expect(program.manifests).toMatchSnapshot();
    expect(deployment.spec.template.spec.runtimeClassName).toBe('kata');
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(3);
  });

  test('exposes the exec allow-list for RuntimeThreatDetection, as the cdk8s construct does', async () => {
    const { result } = await capture(() => new PaymentService('payment-service', PROPS));

    await expect(outputValue(result.execAllowList)).resolves.toEqual(paymentExecAllowList(PROPS, buildPaymentService(PROPS)));
    await expect(outputValue(result.serviceName)).resolves.toBe('payment-service');
  });

  test('an image Output without a digest is rejected with the library error once resolved', async () => {
    const args: PaymentServiceArgs = { ...PROPS, image: pulumi.output('registry.example.com/payments/payment-service:1.4.2') };

    const failed = await captureFailure(() => new PaymentService('payment-service', args));

    expect(failed.error).toBeInstanceOf(KubeHardenValidationError);
    expect(failed.error).toMatchObject({ problems: [expect.objectContaining({ field: 'image' })] });
    expect(failed.resources.map((r) => r.type)).toEqual([PaymentService.TYPE]);
  });

  test('weakening the payment bar without an acknowledgement throws the library error at construction', () => {
    expect(() => new PaymentService('payment-service', { ...PROPS, replicas: 1 })).toThrow(KubeHardenValidationError);
  });
});
