import { Chart, Testing } from 'cdk8s';
import { PaymentService, SecureDeployment, ZeroTrustNamespace } from '../../lib/cdk8s';
import { renderZeroTrustNamespace } from '../../lib/core';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { PAYMENT_TRAFFIC, PINNED_IMAGE } from '../core/fixtures';
import { findObject } from '../helpers/objects';
import { HNC_MANAGED_PROFILE } from '../helpers/profiles';

describe('cdk8s ZeroTrustNamespace |', () => {
  test('synthesizes exactly the core objects; the Namespace never receives the chart namespace (snapshot)', () => {
    // GIVEN a chart with a default namespace and labels
    const chart = Testing.chart();
    const ns = new Chart(chart, 'platform', { namespace: 'elsewhere', labels: { team: 'payments' } });
    // WHEN
    const payments = new ZeroTrustNamespace(ns, 'payments', { name: 'payments', parent: { namespace: 'finance' } });
    const manifest = Testing.synth(ns);
    // THEN
    expect(manifest).toMatchSnapshot();
    expect(manifest).toEqual(renderZeroTrustNamespace({ name: 'payments', parent: { namespace: 'finance' } }, { namespace: 'elsewhere', labels: { team: 'payments' } }));
    expect(findObject(manifest, 'Namespace', 'payments').metadata.namespace).toBeUndefined();
    expect(payments.ref).toEqual({ name: 'payments', meshMode: 'sidecar' });
    expectValidCustomResources(manifest);
    expectValidKubernetesObjects(manifest);
  });

  test('namespaces are the home of workloads and peers; every custom resource of the app validates', () => {
    const chart = Testing.chart();
    const finance = new ZeroTrustNamespace(chart, 'finance', { name: 'finance' });
    const payments = new ZeroTrustNamespace(chart, 'payments', { name: 'payments', parent: { namespace: finance.ref, mode: 'anchor' }, profile: HNC_MANAGED_PROFILE });
    const edge = new ZeroTrustNamespace(chart, 'edge', { name: 'edge' });
    const gateway = new SecureDeployment(chart, 'gateway', {
      name: 'api-gateway', namespace: edge.name, meshMode: edge.meshMode, image: PINNED_IMAGE, ports: [{ name: 'https', port: 8443 }],
    });
    new PaymentService(chart, 'payment', {
      ...PAYMENT_TRAFFIC,
      name: 'payment-service',
      namespace: payments.name,
      meshMode: payments.meshMode,
      image: PINNED_IMAGE,
      ports: [{ name: 'http', port: 8080 }],
      allowFrom: [{ peer: gateway.ref, ports: [8080], http: [{ methods: ['POST'], paths: ['/v1/payments'] }] }, { peer: { namespace: finance.ref, serviceAccount: 'auditor' }, ports: [8080] }],
    });
    const manifest = Testing.synth(chart);
    expect(manifest.filter((o: any) => o.kind === 'Namespace').map((o: any) => o.metadata.name).sort()).toEqual(['edge', 'finance']);
    expect(findObject(manifest, 'SubnamespaceAnchor', 'payments', 'finance').spec.labels).toContainEqual({ key: 'istio-injection', value: 'enabled' });
    expect(findObject(manifest, 'CiliumNetworkPolicy', 'api-gateway.to.payments.payment-service', 'edge').spec.egress[0].toPorts)
      .toEqual([{ ports: [{ port: '8080', protocol: 'TCP' }] }]);
    expect(expectValidCustomResources(manifest)).toBeGreaterThan(10);
    expectValidKubernetesObjects(manifest);
  });
});
