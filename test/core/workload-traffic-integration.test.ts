import { CONTEXT, GATEWAY_REF, MINIMAL, PAYMENT_TRAFFIC, PINNED_IMAGE } from './fixtures';
import { PaymentServiceProps, buildSecureDeployment, renderPaymentService, renderSecureDeployment } from '../../lib/core';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';

const PAYMENT: PaymentServiceProps = { name: 'payment-service', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }], ...PAYMENT_TRAFFIC };

describe('SecureDeployment traffic |', () => {
  test('every SecureDeployment gets its own default-deny Cilium policy and NetworkPolicy mirror', () => {
    const objects = renderSecureDeployment(MINIMAL, CONTEXT);
    expect(findObject(objects, 'CiliumNetworkPolicy', 'api', 'shop').spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
    expect(findObject(objects, 'NetworkPolicy', 'api', 'shop').spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(objects.filter((o) => o.kind === 'AuthorizationPolicy')).toEqual([]);
    expectValidCustomResources(objects);
  });

  test('a caller declared with allowTo and a server declared with allowFrom meet, whatever the order', () => {
    const server = buildSecureDeployment({ ...MINIMAL, name: 'ledger', ports: [{ name: 'grpc', port: 9090 }] }, CONTEXT);
    const client = renderSecureDeployment({ ...MINIMAL, allowTo: [{ peer: server.ref }] }, CONTEXT);
    expect(findObject(client, 'CiliumNetworkPolicy', 'api', 'shop').spec.egress).toContainEqual(expect.objectContaining({
      toPorts: [{ ports: [{ port: '9090', protocol: 'TCP' }] }],
    }));
    expect(findObject(client, 'NetworkPolicy', 'ledger.from.shop.api', 'shop').spec.ingress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
    // The server is unchanged: rendering the client did not touch it.
    expect(buildSecureDeployment({ ...MINIMAL, name: 'ledger', ports: [{ name: 'grpc', port: 9090 }] }, CONTEXT).objects).toEqual(server.objects);
  });

  test('ambient mode with a waypoint: the Service is bound to the waypoint, so the targetRefs policies run', () => {
    const objects = renderSecureDeployment({ ...MINIMAL, meshMode: 'ambient', waypoint: 'shop-waypoint', allowFrom: [{ peer: GATEWAY_REF }] }, CONTEXT);
    expect(findObject(objects, 'Service', 'api', 'shop').metadata.labels['istio.io/use-waypoint']).toBe('shop-waypoint');
    expect(findObject(objects, 'AuthorizationPolicy', 'api', 'shop').spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'api' }]);
    expect(findObject(renderSecureDeployment(MINIMAL, CONTEXT), 'Service', 'api', 'shop').metadata.labels['istio.io/use-waypoint']).toBeUndefined();
    expectValidKubernetesObjects(objects);
  });
});

describe('PaymentService traffic defaults |', () => {
  test('renders JWT, rate limit and peer-only ingress, all valid against the real CRDs', () => {
    const objects = renderPaymentService(PAYMENT, CONTEXT);
    expect(findObject(objects, 'AuthorizationPolicy', 'payment-service', 'shop').spec.rules[0].from[0].source).toEqual({
      principals: ['cluster.local/ns/edge/sa/api-gateway'],
      requestPrincipals: ['https://idp.example.com/*'],
    });
    findObject(objects, 'EnvoyFilter', 'payment-service-ratelimit', 'shop');
    expect(expectValidCustomResources(objects)).toBe(6);
    expectValidKubernetesObjects(objects);
  });

  test('an empty allowFrom and mesh mode none are errors, with no acknowledgement to escape them', () => {
    expect(problemsOf(() => renderPaymentService({ ...PAYMENT, allowFrom: [], meshMode: 'none' }, CONTEXT))).toEqual([
      'jwt: jwt, rateLimit need the Istio mesh (Cilium HTTP rules are not emitted)',
      'meshMode: a PaymentService needs the mesh (mTLS identity, JWT and rate limit)',
      'allowFrom: a PaymentService accepts traffic only from declared peers, and none is declared',
    ]);
  });

  test.each([
    ['jwt', 'KH-MESH-007'],
    ['rateLimit', 'KH-MESH-008'],
  ] as const)('leaving out %s needs an acknowledgement of %s, recorded on the Deployment', (field, id) => {
    const { [field]: _dropped, ...rest } = PAYMENT;
    expect(problemsOf(() => renderPaymentService(rest, CONTEXT))).toEqual([expect.stringMatching(new RegExp(`^${field}: .*\\(control ${id}\\)$`))]);
    const objects = renderPaymentService({ ...rest, acknowledgements: { [id]: { reason: 'the gateway enforces it' } } }, CONTEXT);
    expect(findObject(objects, 'Deployment', 'payment-service', 'shop').metadata.annotations[`kube-harden.io/acknowledge.${id}`]).toBe('the gateway enforces it');
  });

  test('the peer is reachable only on the declared HTTP operation', () => {
    const objects = renderPaymentService(PAYMENT, CONTEXT);
    const rule = findObject(objects, 'AuthorizationPolicy', 'payment-service', 'shop').spec.rules[0];
    expect(rule.to).toEqual([{ operation: { methods: ['POST'], paths: ['/v1/payments'], ports: ['8080'] } }]);
    expect(GATEWAY_REF.namespace).toBe('edge');
  });
});
