import { Testing } from 'cdk8s';
import { buildPaymentPlatform } from '../../examples/cdk8s-payment-platform/main';
import { K8sObject } from '../../lib/core';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { isAllowed } from '../helpers/istio-authz';
import { findObject, objectNames } from '../helpers/objects';

describe('examples/cdk8s-payment-platform | zero trust', () => {
  const app = Testing.app();
  const platform = buildPaymentPlatform(app);
  const namespaces = Testing.synth(platform.namespaces);
  const payments = Testing.synth(platform.payments);
  const all: K8sObject[] = app.charts.flatMap((chart) => chart.toJson());

  test('a finance parent namespace and a payments ZeroTrustNamespace under it (snapshot)', () => {
    expect(namespaces).toMatchSnapshot();
    expect(objectNames(namespaces)).toEqual(expect.arrayContaining(['Namespace/finance', 'Namespace/payments', 'HierarchyConfiguration/payments/hierarchy']));
    expect(findObject(namespaces, 'HierarchyConfiguration', 'hierarchy', 'payments').spec).toEqual({ parent: 'finance' });
    expect(findObject(namespaces, 'Namespace', 'payments').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted', 'istio-injection': 'enabled',
    });
  });

  test('api-gateway may call payment-service on 8080 with POST /v1/payments and a token, nothing else', () => {
    const policies = payments.filter((o: K8sObject) => o.kind === 'AuthorizationPolicy' && o.metadata.name.startsWith('payment-service'));
    const allowNothing = findObject(namespaces, 'AuthorizationPolicy', 'allow-nothing', 'payments');
    const evaluate = (request: Parameters<typeof isAllowed>[1]) => isAllowed([allowNothing, ...policies] as any[], request);
    const gateway = { principal: 'cluster.local/ns/payments/sa/api-gateway', namespace: 'payments', requestPrincipal: 'https://idp.example.com/alice' };
    expect(evaluate({ ...gateway, port: 8080, method: 'POST', path: '/v1/payments' })).toBe(true);
    expect(evaluate({ ...gateway, port: 8080, method: 'DELETE', path: '/v1/payments' })).toBe(false);
    expect(evaluate({ ...gateway, requestPrincipal: undefined, port: 8080, method: 'POST', path: '/v1/payments' })).toBe(false);
    expect(evaluate({ ...gateway, principal: 'cluster.local/ns/payments/sa/other', port: 8080, method: 'POST', path: '/v1/payments' })).toBe(false);
    expect(findObject(payments, 'CiliumNetworkPolicy', 'api-gateway.to.payments.payment-service', 'payments').spec.egress[0].toPorts)
      .toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }] }]);
  });

  test('payment-service reaches the bank gateway by name on 443 only; the NetworkPolicy mirror does not widen it', () => {
    const cnp = findObject(payments, 'CiliumNetworkPolicy', 'payment-service', 'payments');
    expect(cnp.spec.egress).toContainEqual({ toFQDNs: [{ matchName: 'api.bank-gateway.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] });
    expect(JSON.stringify(findObject(payments, 'NetworkPolicy', 'payment-service', 'payments'))).not.toMatch(/ipBlock|443/);
  });

  test('every custom resource of the app validates against its real CRD; every core object against Kubernetes', () => {
    expect(expectValidCustomResources(all)).toBeGreaterThan(15);
    expectValidKubernetesObjects(all);
  });

  test('kinds and counts the example synthesizes', () => {
    const counts: Record<string, number> = {};
    for (const o of all) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    expect(counts).toMatchSnapshot();
    expect(counts).toMatchObject({ Namespace: 3, HierarchyConfiguration: 1, EnvoyFilter: 1, RequestAuthentication: 1, PeerAuthentication: 2 });
  });
});
