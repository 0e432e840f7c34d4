import { baselinePlatform, examplePlatform } from './helpers';
import { compareExposure, computeReach, exposureOf, reachExposure, resolveName } from '../../../lib/audit/reach';

describe('reach on the example payment platform |', () => {
  const objects = examplePlatform();

  test.each(['cilium', 'kubernetes'] as const)('%s: the gateway reaches payment-service:8080 and nothing reaches back', (cni) => {
    const result = computeReach(objects, { cni });
    const between = result.flows.filter((f) => ['payments/api-gateway', 'payments/payment-service'].includes(f.to));
    expect(between.map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`)).toEqual(['payments/api-gateway -> payments/payment-service:8080/TCP']);
    expect(between[0].allowedBy).toEqual(expect.arrayContaining(['AuthorizationPolicy/payments/payment-service']));
  });

  test('cilium: the payment service reaches the bank by name on 443 only; kubernetes cannot express names', () => {
    const external = (cni: 'cilium' | 'kubernetes') => computeReach(objects, { cni }).flows
      .filter((f) => f.from === 'payments/payment-service' && f.to.includes(':')).map((f) => `${f.to}:${f.port}`);
    expect(external('cilium')).toEqual(['fqdn:api.bank-gateway.example.com:443']);
    expect(external('kubernetes')).toEqual([]);
  });

  test.each(['cilium', 'kubernetes'] as const)('%s: each workload resolves the in-cluster name it calls and its declared FQDNs', (cni) => {
    const result = computeReach(objects, { cni });
    expect(resolveName(result, 'payments/api-gateway', 'payment-service.payments.svc')).toMatchObject({ resolved: true });
    expect(resolveName(result, 'payments/payment-service', 'api.bank-gateway.example.com')).toMatchObject({ resolved: true });
  });

  test('exposure falls from a flat network (baseline) to the declared flow, over the workloads both define', () => {
    expect(exposureOf(computeReach(baselinePlatform()))).toMatchObject({ workloads: 2, pairs: 2, reachablePairs: 2, pairShare: 1 });
    expect(exposureOf(computeReach(objects))).toMatchObject({ workloads: 3, pairs: 6, reachablePairs: 1 });
    const change = compareExposure(computeReach(baselinePlatform()), computeReach(objects));
    expect(change).toMatchObject({
      common: true, before: { pairs: 2, reachablePairs: 2 }, after: { pairs: 2, reachablePairs: 1 }, pairReduction: 0.5,
    });
  });

  test.each(['cilium', 'kubernetes'] as const)('%s: reachExposure, counted without keeping flows, is the exposure of the flows', (cni) => {
    expect(reachExposure(objects, { cni })).toEqual(exposureOf(computeReach(objects, { cni })));
    expect(reachExposure(objects, { cni }).reachablePairs).toBe(1);
  });
});
