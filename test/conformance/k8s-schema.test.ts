import { expectValidKubernetesObjects, isBuiltInApiVersion, validateKubernetesObject } from './k8s-schema';
import { renderPaymentService, renderSandboxRuntimes, renderSecureDeployment } from '../../lib/core';
import { CONTEXT, MINIMAL, PAYMENT_TRAFFIC } from '../core/fixtures';

describe('validateKubernetesObject (the helper itself)', () => {
  test('reports a schema error with its path', () => {
    const errors = validateKubernetesObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 'http' }] } });
    expect(errors).toEqual([expect.stringContaining('/spec/ports/0/port must be integer')]);
  });

  test('fails on a built-in apiVersion/kind it does not know, and skips custom resources', () => {
    expect(validateKubernetesObject({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'd' } })).toEqual([expect.stringContaining('not a Kubernetes kind')]);
    expect(validateKubernetesObject({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'p' } })).toBeUndefined();
    expect(isBuiltInApiVersion('networking.k8s.io/v1')).toBe(true);
    expect(isBuiltInApiVersion('hnc.x-k8s.io/v1alpha2')).toBe(false);
  });
});

describe('every core workload object validates against the Kubernetes OpenAPI schema', () => {
  test('SecureDeployment, PaymentService and SandboxRuntimes', () => {
    expectValidKubernetesObjects([
      ...renderSecureDeployment({ ...MINIMAL, sensitivity: 'low', env: { A: 'b', C: { configMap: 'c', key: 'k' } } }, CONTEXT),
      ...renderPaymentService({ ...MINIMAL, ...PAYMENT_TRAFFIC, name: 'pay' }, CONTEXT),
      ...renderSandboxRuntimes({ gvisor: { tolerations: [{ key: 'sandbox', operator: 'Exists' }] } }),
    ]);
  });
});
