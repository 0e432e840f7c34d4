import { Testing } from 'cdk8s';
import { buildPaymentPlatform } from '../../examples/cdk8s-payment-platform/main';
import { parseImageReference } from '../../lib/core';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { expectPssRestricted, podTemplatesOf } from '../conformance/pss';
import { findObject, objectNames } from '../helpers/objects';

describe('examples/cdk8s-payment-platform', () => {
  const app = Testing.app();
  const platform = buildPaymentPlatform(app);
  const cluster = Testing.synth(platform.cluster);
  const payments = Testing.synth(platform.payments);

  test('synthesizes the sandbox runtimes, the API gateway and the payment service (snapshot)', () => {
    expect(objectNames(cluster)).toEqual([
      'RuntimeClass/gvisor', 'RuntimeClass/kata',
      'PriorityClass/kube-harden-critical', 'PriorityClass/kube-harden-high', 'PriorityClass/kube-harden-low', 'PriorityClass/kube-harden-medium',
    ]);
    expect(objectNames(payments)).toEqual([
      'ServiceAccount/payments/api-gateway', 'Service/payments/api-gateway', 'Deployment/payments/api-gateway', 'PodDisruptionBudget/payments/api-gateway',
      'NetworkPolicy/payments/api-gateway', 'CiliumNetworkPolicy/payments/api-gateway', 'AuthorizationPolicy/payments/api-gateway',
      'ServiceAccount/payments/payment-service', 'Service/payments/payment-service', 'Deployment/payments/payment-service',
      'PodDisruptionBudget/payments/payment-service',
      'NetworkPolicy/payments/api-gateway.to.payments.payment-service', 'NetworkPolicy/payments/payment-service',
      'CiliumNetworkPolicy/payments/api-gateway.to.payments.payment-service', 'CiliumNetworkPolicy/payments/payment-service',
      'RequestAuthentication/payments/payment-service-jwt',
      'AuthorizationPolicy/payments/payment-service', 'AuthorizationPolicy/payments/payment-service-require-jwt',
      'EnvoyFilter/payments/payment-service-ratelimit',
    ]);
    expect({ cluster, payments }).toMatchSnapshot();
  });

  test('the gateway runs on gVisor and the payment service on Kata with 3 replicas', () => {
    expect(findObject(payments, 'Deployment', 'api-gateway').spec.template.spec.runtimeClassName).toBe('gvisor');
    const payment = findObject(payments, 'Deployment', 'payment-service');
    expect(payment.spec.template.spec.runtimeClassName).toBe('kata');
    expect(payment.spec.replicas).toBe(3);
  });

  test('every image is pinned by digest', () => {
    const images = podTemplatesOf(payments).flatMap((t) => t.spec.containers.map((c: { image: string }) => c.image));
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(parseImageReference(image)?.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
    }
  });

  test('every object is schema-valid (built-in kinds and custom resources) and every pod PSS restricted', () => {
    expectValidKubernetesObjects([...cluster, ...payments]);
    expect(expectValidCustomResources(payments)).toBe(8);
    expectPssRestricted(payments);
  });

  test('synth does not warn: the workloads name classes the app defines', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      buildPaymentPlatform(Testing.app()).payments.toJson();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
