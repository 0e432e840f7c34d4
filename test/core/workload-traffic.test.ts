import { IDP_RSA_JWK } from '../../examples/shared/idp-keys';
import { K8sObject } from '../../lib/core/manifest';
import { TrafficProps, TrafficSubject, renderWorkloadTraffic } from '../../lib/core/traffic/workload-traffic';
import { WorkloadRef, workloadRef } from '../../lib/core/workload-ref';
import { zeroTrustNamespaceRef } from '../../lib/core/zero-trust-namespace';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { isAllowed } from '../helpers/istio-authz';
import { findObject, objectNames } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';
import { KUBERNETES_CNI_PROFILE } from '../helpers/profiles';

const ref = (name: string, namespace: string, port: number): WorkloadRef => workloadRef({
  name,
  namespace,
  selector: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name },
  serviceAccountName: name,
  ports: [{ name: 'http', port, protocol: 'TCP' }],
});

const GATEWAY = ref('api-gateway', 'edge', 8443);
const PAYMENT = ref('payment-service', 'payments', 8080);
const LEDGER = ref('ledger', 'payments', 9090);
const ISSUER = 'https://idp.example.com';
/** A public RSA JWK (the key material is a placeholder: only its shape matters here). */
const PUBLIC_JWK = IDP_RSA_JWK;
const JWT = { issuer: ISSUER, audiences: ['payments'], jwks: JSON.stringify({ keys: [PUBLIC_JWK] }) };

const subject = (r: WorkloadRef): TrafficSubject => ({ ref: r, labels: { 'app.kubernetes.io/instance': r.name, 'app.kubernetes.io/managed-by': 'kube-harden' } });

const PAYMENT_TRAFFIC: TrafficProps = {
  allowFrom: [{ peer: GATEWAY, ports: [8080], http: [{ methods: ['POST'], paths: ['/v1/payments'] }] }],
  allowTo: [{ peer: LEDGER }],
  egress: [{ fqdns: ['api.bank-gateway.example.com'], ports: [443] }, { cidr: '10.20.0.0/16', except: ['10.20.5.0/24'], ports: [5432] }],
  jwt: JWT,
  rateLimit: { requests: 100, per: 'second', burst: 200 },
};

describe('workload traffic |', () => {
  const objects = renderWorkloadTraffic(subject(PAYMENT), PAYMENT_TRAFFIC);

  test('emits Cilium, NetworkPolicy, Istio and reciprocal objects that validate against the real schemas', () => {
    expect(objects).toMatchSnapshot();
    expect(objectNames(objects)).toEqual(expect.arrayContaining([
      'CiliumNetworkPolicy/payments/payment-service',
      'NetworkPolicy/payments/payment-service',
      'AuthorizationPolicy/payments/payment-service',
      'AuthorizationPolicy/payments/payment-service-require-jwt',
      'RequestAuthentication/payments/payment-service-jwt',
      'EnvoyFilter/payments/payment-service-ratelimit',
      'CiliumNetworkPolicy/edge/api-gateway.to.payments.payment-service',
      'NetworkPolicy/edge/api-gateway.to.payments.payment-service',
      'CiliumNetworkPolicy/payments/ledger.from.payments.payment-service',
      'NetworkPolicy/payments/ledger.from.payments.payment-service',
    ]));
    expect(expectValidCustomResources(objects)).toBe(7);
    expectValidKubernetesObjects(objects);
  });

  test('cross-namespace peers carry the namespace label in Cilium and NetworkPolicy selectors', () => {
    const cnp = findObject(objects, 'CiliumNetworkPolicy', 'payment-service', 'payments');
    expect(cnp.spec.ingress).toContainEqual({
      fromEndpoints: [{
        matchLabels: {
          'k8s:io.kubernetes.pod.namespace': 'edge',
          'k8s:app.kubernetes.io/name': 'api-gateway',
          'k8s:app.kubernetes.io/instance': 'api-gateway',
          'io.cilium.k8s.policy.serviceaccount': 'api-gateway',
        },
      }],
      toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
    });
    const np = findObject(objects, 'NetworkPolicy', 'payment-service', 'payments');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'payment-service' } });
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } }, podSelector: { matchLabels: GATEWAY.selector } }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    });
  });

  test('FQDN egress: Cilium toFQDNs is the boundary, the DNS rule lets every name resolve; the NetworkPolicy omits it and never widens to 0.0.0.0/0', () => {
    const cnp = findObject(objects, 'CiliumNetworkPolicy', 'payment-service', 'payments');
    expect(cnp.spec.egress).toContainEqual({ toFQDNs: [{ matchName: 'api.bank-gateway.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] });
    const dns = cnp.spec.egress.find((r: any) => r.toPorts[0].rules?.dns);
    // As Cilium's own example (examples/policies/l7/dns/dns-visibility.yaml): matchPattern "*" plus toFQDNs.
    expect(dns.toPorts[0].rules.dns).toEqual([{ matchPattern: '*' }]);
    expect(cnp.spec.egress).toContainEqual({ toCIDRSet: [{ cidr: '10.20.0.0/16', except: ['10.20.5.0/24'] }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] });
    const np = findObject(objects, 'NetworkPolicy', 'payment-service', 'payments');
    const blocks = np.spec.egress.flatMap((r: any) => r.to.map((t: any) => t.ipBlock?.cidr)).filter(Boolean);
    expect(blocks).toEqual(['10.20.0.0/16']);
    expect(JSON.stringify(np)).not.toMatch(/0\.0\.0\.0\/0|443/);
  });

  test('the Istio ALLOW rule names the peer principal, ports and HTTP rules, with the request principal in the same source', () => {
    const ap = findObject(objects, 'AuthorizationPolicy', 'payment-service', 'payments');
    expect(ap.spec).toEqual({
      action: 'ALLOW',
      selector: { matchLabels: PAYMENT.selector },
      rules: [{
        from: [{ source: { principals: ['cluster.local/ns/edge/sa/api-gateway'], requestPrincipals: [`${ISSUER}/*`] } }],
        to: [{ operation: { methods: ['POST'], paths: ['/v1/payments'], ports: ['8080'] } }],
      }],
    });
    expect(findObject(objects, 'RequestAuthentication', 'payment-service-jwt', 'payments').spec.jwtRules).toEqual([{
      issuer: ISSUER, audiences: ['payments'], jwks: JSON.stringify({ keys: [PUBLIC_JWK] }), forwardOriginalToken: false,
    }]);
  });

  test('JWT bypasses are closed: a peer without a token and a token from a non-peer are both denied', () => {
    const ns = [{ kind: 'AuthorizationPolicy', metadata: { name: 'allow-nothing' }, spec: {} }];
    const policies = [...ns, ...objects.filter((o) => o.kind === 'AuthorizationPolicy')] as any[];
    const call = { port: 8080, method: 'POST', path: '/v1/payments' };
    const peer = { principal: 'cluster.local/ns/edge/sa/api-gateway', namespace: 'edge' };
    expect(isAllowed(policies, { ...call, ...peer, requestPrincipal: `${ISSUER}/user-1` })).toBe(true);
    expect(isAllowed(policies, { ...call, ...peer })).toBe(false);
    expect(isAllowed(policies, { ...call, principal: 'cluster.local/ns/shop/sa/web', namespace: 'shop', requestPrincipal: `${ISSUER}/user-1` })).toBe(false);
    expect(isAllowed(policies, { ...call, ...peer, requestPrincipal: 'https://evil.example.com/user-1' })).toBe(false);
    expect(isAllowed(policies, { ...call, ...peer, requestPrincipal: `${ISSUER}/user-1`, method: 'DELETE' })).toBe(false);
    // Even a foreign allow-all ALLOW policy cannot admit a request without a token: the DENY policy wins.
    const allowAll = { kind: 'AuthorizationPolicy', metadata: { name: 'allow-all' }, spec: { rules: [{}] } };
    expect(isAllowed([...policies, allowAll], { ...call, ...peer })).toBe(false);
  });

  test('reciprocal rules are separate, additive objects in the peer namespace, owned by the declaring workload', () => {
    const egress = findObject(objects, 'CiliumNetworkPolicy', 'api-gateway.to.payments.payment-service', 'edge');
    expect(egress.metadata.labels['app.kubernetes.io/instance']).toBe('payment-service');
    expect(egress.spec.enableDefaultDeny).toEqual({ ingress: false, egress: false });
    expect(egress.spec.endpointSelector).toEqual({ matchLabels: GATEWAY.selector });
    expect(egress.spec.egress[0].toEndpoints[0].matchLabels['k8s:io.kubernetes.pod.namespace']).toBe('payments');
    const ingress = findObject(objects, 'NetworkPolicy', 'ledger.from.payments.payment-service', 'payments');
    expect(ingress.spec.policyTypes).toEqual(['Ingress']);
    expect(ingress.spec.ingress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }]);
    // The peer's Istio authorization stays its own decision: no AuthorizationPolicy is written for the ledger.
    expect(objects.filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name.startsWith('ledger'))).toEqual([]);
  });

  test('order independence: each side renders the same objects whatever else exists, and the union has no duplicates', () => {
    const gatewayTraffic: TrafficProps = { allowTo: [{ peer: PAYMENT, ports: [8080] }] };
    const a = [...renderWorkloadTraffic(subject(PAYMENT), PAYMENT_TRAFFIC), ...renderWorkloadTraffic(subject(GATEWAY), gatewayTraffic)];
    const b = [...renderWorkloadTraffic(subject(GATEWAY), gatewayTraffic), ...renderWorkloadTraffic(subject(PAYMENT), PAYMENT_TRAFFIC)];
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`;
    expect(a.map(key).sort()).toEqual(b.map(key).sort());
    expect(new Set(a.map(key)).size).toBe(a.length);
    expect(JSON.stringify(renderWorkloadTraffic(subject(PAYMENT), PAYMENT_TRAFFIC))).toBe(JSON.stringify(objects));
  });

  test('rate limit: token bucket, enabled and enforced at 100 %, response header; the Envoy config has only known fields', () => {
    const filter = findObject(objects, 'EnvoyFilter', 'payment-service-ratelimit', 'payments');
    const patch = filter.spec.configPatches[0];
    expect(patch.match).toEqual({ context: 'SIDECAR_INBOUND', listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager' } } } });
    const config = patch.patch.value.typed_config.value;
    expect(config.token_bucket).toEqual({ max_tokens: 200, tokens_per_fill: 100, fill_interval: '1s' });
    expect(config.filter_enabled.default_value).toEqual({ numerator: 100, denominator: 'HUNDRED' });
    expect(config.filter_enforced.default_value).toEqual({ numerator: 100, denominator: 'HUNDRED' });
    expect(config.response_headers_to_add).toEqual([{ append_action: 'OVERWRITE_IF_EXISTS_OR_ADD', header: { key: 'x-local-rate-limit', value: 'true' } }]);
    expect(unknownLocalRateLimitFields(config)).toEqual([]);
  });

  test('a JWKS with private or symmetric key material is rejected', () => {
    const privateRsa = { ...PUBLIC_JWK, d: 'secret', p: 'x', q: 'y', dp: 'a', dq: 'b', qi: 'c' };
    const hmac = { kty: 'oct', kid: 'h1', k: 'c2VjcmV0' };
    const withKeys = { ...PAYMENT_TRAFFIC, jwt: { issuer: ISSUER, jwks: { keys: [PUBLIC_JWK, privateRsa, hmac] } } };
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), withKeys))).toEqual([
      'jwt.jwks.keys[1]: contains private or symmetric key material (d, p, q, dp, dq, qi)',
      'jwt.jwks.keys[2]: contains private or symmetric key material (k, kty=oct)',
    ]);
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), { jwt: { issuer: ISSUER, jwksUri: 'http://idp.example.com/jwks' } }))).toEqual([
      'jwt.jwksUri: must be an https URL',
    ]);
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), { jwt: { issuer: ISSUER } }))).toEqual([
      'jwt.jwks: exactly one of jwks and jwksUri is needed',
    ]);
  });

  test('jwksUri is allowed instead of inline keys', () => {
    const out = renderWorkloadTraffic(subject(PAYMENT), { allowFrom: [{ peer: GATEWAY }], jwt: { issuer: ISSUER, jwksUri: 'https://idp.example.com/jwks' } });
    expect(findObject(out, 'RequestAuthentication', 'payment-service-jwt', 'payments').spec.jwtRules[0].jwksUri).toBe('https://idp.example.com/jwks');
    expectValidCustomResources(out);
  });

  test('a rate-limit burst smaller than requests is an error (it would cap the rate); equal or larger is fine', () => {
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), { ...PAYMENT_TRAFFIC, rateLimit: { requests: 100, per: 'second', burst: 10 } }))).toEqual([
      'rateLimit.burst: is smaller than requests (100): the bucket would cap the rate at the burst',
    ]);
    const out = renderWorkloadTraffic(subject(PAYMENT), { ...PAYMENT_TRAFFIC, rateLimit: { requests: 100, per: 'second', burst: 100 } });
    const bucket = findObject(out, 'EnvoyFilter', 'payment-service-ratelimit', 'payments').spec.configPatches[0].patch.value.typed_config.value.token_bucket;
    expect(bucket).toEqual({ max_tokens: 100, tokens_per_fill: 100, fill_interval: '1s' });
  });

  test('reciprocal names cannot collide: namespace y-z / workload w and namespace y / workload z-w give different names', () => {
    const caller = ref('x', 'app', 8080);
    const names = (callee: WorkloadRef) => objectNames(renderWorkloadTraffic(subject(callee), { allowFrom: [{ peer: caller }] }))
      .filter((n) => n.startsWith('CiliumNetworkPolicy/app/'));
    expect(names(ref('w', 'y-z', 8080))).toEqual(['CiliumNetworkPolicy/app/x.to.y-z.w']);
    expect(names(ref('z-w', 'y', 8080))).toEqual(['CiliumNetworkPolicy/app/x.to.y.z-w']);
    // A workload named like the old dashed form keeps its own policy apart from the reciprocal one.
    expect(objectNames(renderWorkloadTraffic(subject(ref('x-to-y-w', 'app', 8080)), {}))).toContain('CiliumNetworkPolicy/app/x-to-y-w');
    expect(names(ref('w', 'y', 8080))).toEqual(['CiliumNetworkPolicy/app/x.to.y.w']);
  });

  test("network.cni 'kubernetes': NetworkPolicies only, and DNS-name egress is refused (it cannot be expressed there)", () => {
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), PAYMENT_TRAFFIC, KUBERNETES_CNI_PROFILE))).toEqual([
      "egress[0]: DNS names cannot be expressed in a standard NetworkPolicy (the profile's network.cni is 'kubernetes')",
    ]);
    const out = renderWorkloadTraffic(subject(PAYMENT), { ...PAYMENT_TRAFFIC, egress: [PAYMENT_TRAFFIC.egress![1]] }, KUBERNETES_CNI_PROFILE);
    expect(out.filter((o) => o.kind.startsWith('Cilium'))).toEqual([]);
    expect(objectNames(out)).toEqual(expect.arrayContaining(['NetworkPolicy/payments/payment-service', 'NetworkPolicy/edge/api-gateway.to.payments.payment-service']));
    expectValidKubernetesObjects(out);
  });

  test('ambient mode: JWT, HTTP rules and rate limits need a waypoint', () => {
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), { ...PAYMENT_TRAFFIC, meshMode: 'ambient' }))).toEqual([
      'jwt: in ambient mode JWT, HTTP rules and rate limits are enforced only by a waypoint; ztunnel sees L4 only',
    ]);
  });

  test('ambient mode with a waypoint: L7 policies target the Service, ztunnel admits the waypoint, HBONE 15008 is allowed', () => {
    const out = renderWorkloadTraffic(subject(PAYMENT), { ...PAYMENT_TRAFFIC, meshMode: 'ambient', waypoint: 'payments-waypoint' });
    const ap = findObject(out, 'AuthorizationPolicy', 'payment-service', 'payments');
    expect(ap.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'payment-service' }]);
    expect(ap.spec.selector).toBeUndefined();
    expect(findObject(out, 'RequestAuthentication', 'payment-service-jwt', 'payments').spec.targetRefs).toEqual(ap.spec.targetRefs);
    expect(findObject(out, 'AuthorizationPolicy', 'payment-service-via-waypoint', 'payments').spec.rules[0].from[0].source.principals)
      .toEqual(['cluster.local/ns/payments/sa/payments-waypoint']);
    const filter = findObject(out, 'EnvoyFilter', 'payment-service-ratelimit', 'payments');
    expect(filter.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'payments-waypoint' }]);
    // istiod patches waypoint listeners in the SIDECAR_INBOUND context only (istio
    // pilot/pkg/networking/core/envoyfilter/listener_patch.go patchContextMatch), for filters bound to the waypoint
    // Gateway by targetRefs (tests/integration/ambient/baseline_test.go); the filter chain of the Service's HTTP port
    // is named by model.BuildSubsetKey (pilot/pkg/networking/core/listener_waypoint.go).
    expect(filter.spec.configPatches).toEqual([{
      applyTo: 'HTTP_FILTER',
      match: {
        context: 'SIDECAR_INBOUND',
        listener: { filterChain: { name: 'inbound-vip|8080|http|payment-service.payments.svc.cluster.local', filter: { name: 'envoy.filters.network.http_connection_manager' } } },
      },
      patch: { operation: 'INSERT_BEFORE', value: expect.objectContaining({ name: 'envoy.filters.http.local_ratelimit' }) },
    }]);
    expect(JSON.stringify(filter)).not.toContain('WAYPOINT');
    const cnp = findObject(out, 'CiliumNetworkPolicy', 'payment-service', 'payments');
    expect(cnp.spec.ingress).toContainEqual(expect.objectContaining({ toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }, { port: '15008', protocol: 'TCP' }] }] }));
    // The gateway (namespace edge) sends HBONE to the waypoint's pods: its egress and the waypoint's ingress allow it.
    const waypointPods = { 'k8s:io.kubernetes.pod.namespace': 'payments', 'k8s:gateway.networking.k8s.io/gateway-name': 'payments-waypoint' };
    const hbone = { ports: [{ port: '15008', protocol: 'TCP' }] };
    expect(findObject(out, 'CiliumNetworkPolicy', 'api-gateway.to.payments.payment-service', 'edge').spec.egress)
      .toContainEqual({ toEndpoints: [{ matchLabels: waypointPods }], toPorts: [hbone] });
    expect(findObject(out, 'NetworkPolicy', 'api-gateway.to.payments.payment-service', 'edge').spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'payments-waypoint' } } }],
      ports: [{ port: 15008, protocol: 'TCP' }],
    });
    const atWaypoint = findObject(out, 'CiliumNetworkPolicy', 'payment-service.waypoint', 'payments');
    expect(atWaypoint.spec.endpointSelector).toEqual({ matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'payments-waypoint' } });
    expect(atWaypoint.spec.enableDefaultDeny).toEqual({ ingress: false, egress: false });
    expect(atWaypoint.spec.ingress).toEqual([{ fromEndpoints: [{ matchLabels: expect.objectContaining({ 'k8s:io.kubernetes.pod.namespace': 'edge' }) }], toPorts: [hbone] }]);
    expect(findObject(out, 'NetworkPolicy', 'payment-service.waypoint', 'payments').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } }, podSelector: { matchLabels: GATEWAY.selector } }],
      ports: [{ port: 15008, protocol: 'TCP' }],
    }]);
    expectValidCustomResources(out);
    expectValidKubernetesObjects(out);
  });

  test('ambient mode: a caller of a workload behind a waypoint may send HBONE to the waypoint, which admits it', () => {
    const ledger = workloadRef({ ...LEDGER, waypoint: 'payments-waypoint' });
    const out = renderWorkloadTraffic(subject(GATEWAY), { meshMode: 'ambient', allowTo: [{ peer: ledger }] });
    expect(findObject(out, 'CiliumNetworkPolicy', 'api-gateway', 'edge').spec.egress).toContainEqual({
      toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'payments', 'k8s:gateway.networking.k8s.io/gateway-name': 'payments-waypoint' } }],
      toPorts: [{ ports: [{ port: '15008', protocol: 'TCP' }] }],
    });
    expect(findObject(out, 'NetworkPolicy', 'api-gateway', 'edge').spec.egress).toContainEqual(expect.objectContaining({ ports: [{ port: 15008, protocol: 'TCP' }] }));
    const atWaypoint = findObject(out, 'NetworkPolicy', 'ledger.from.edge.api-gateway.waypoint', 'payments');
    expect(atWaypoint.spec.podSelector).toEqual({ matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'payments-waypoint' } });
    expect(atWaypoint.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'edge' } });
    expectValidCustomResources(out);
    expectValidKubernetesObjects(out);
  });

  test('ambient mode with a waypoint and L4 rules only: the peer rule runs at the waypoint, ztunnel admits the waypoint', () => {
    const out = renderWorkloadTraffic(subject(LEDGER), { meshMode: 'ambient', waypoint: 'payments-waypoint', allowFrom: [{ peer: GATEWAY }] });
    const ap = findObject(out, 'AuthorizationPolicy', 'ledger', 'payments');
    expect(ap.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'ledger' }]);
    expect(ap.spec.selector).toBeUndefined();
    expect(ap.spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/edge/sa/api-gateway']);
    const viaWaypoint = findObject(out, 'AuthorizationPolicy', 'ledger-via-waypoint', 'payments');
    expect(viaWaypoint.spec.selector).toEqual({ matchLabels: LEDGER.selector });
    expect(viaWaypoint.spec.rules[0].from[0].source.principals).toEqual(['cluster.local/ns/payments/sa/payments-waypoint']);
    expectValidCustomResources(out);
  });

  test('ambient mode without L7 features: an L4 AuthorizationPolicy enforced by ztunnel', () => {
    const out = renderWorkloadTraffic(subject(LEDGER), { meshMode: 'ambient', allowFrom: [{ peer: PAYMENT }] });
    expect(findObject(out, 'AuthorizationPolicy', 'ledger', 'payments').spec.selector).toEqual({ matchLabels: LEDGER.selector });
  });

  test('namespace refs and selectors as peers: Istio falls back to the namespace without a service account', () => {
    const edge = zeroTrustNamespaceRef({ name: 'edge' });
    const out = renderWorkloadTraffic(subject(PAYMENT), {
      allowFrom: [{ peer: edge, ports: [8080] }, { peer: { namespace: 'monitoring', podLabels: { app: 'prometheus' }, serviceAccount: 'prometheus' } }],
    });
    const sources = findObject(out, 'AuthorizationPolicy', 'payment-service', 'payments').spec.rules.map((r: any) => r.from[0].source);
    expect(sources).toEqual([{ namespaces: ['edge'] }, { principals: ['cluster.local/ns/monitoring/sa/prometheus'] }]);
    expect(out.filter((o) => o.metadata.namespace !== 'payments')).toEqual([]);
    expectValidCustomResources(out);
  });

  // A peer's labels become the selectors of the emitted NetworkPolicy and CiliumNetworkPolicy. One that is no label key
  // or value makes the API server reject the policy (ValidateLabelSelector, kubernetes/kubernetes
  // staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go; the matchLabels `pattern` of the Cilium
  // CRD), which then isolates nothing (KH-NET-001): the construct refuses it.
  test('a peer label that is no label key or value is refused, a workload ref\'s selector too', () => {
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), {
      allowFrom: [{ peer: { namespace: 'monitoring', podLabels: { 'app name': 'prometheus', 'tier': 'ops team' } }, ports: [8080] }],
      allowTo: [{ peer: { ...LEDGER, selector: { ...LEDGER.selector, 'app.kubernetes.io/name': '\u202eevil' } } }],
    }))).toEqual([
      'allowFrom[0].peer.podLabels.app name: is not a valid label key',
      'allowFrom[0].peer.podLabels.tier: is not a valid label value',
      'allowTo[0].peer.podLabels.app.kubernetes.io/name: is not a valid label value',
    ]);
  });

  test('an except outside its cidr, equal to it or of the other family is refused; a narrower block inside it is kept', () => {
    // The API server requires each ipBlock.except to be a strict subset of cidr: inside it with a longer prefix
    // (kubernetes/kubernetes pkg/apis/networking/validation/validation.go, ValidateIPBlock:
    // "must be a strict subset of `cidr`").
    const egress = (except: string[]): TrafficProps => ({ egress: [{ cidr: '10.20.0.0/16', except, ports: [5432] }] });
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), egress(['10.30.0.0/24', '10.20.0.0/16', '10.0.0.0/8', 'fd00::/64'])))).toEqual([
      'egress[0].except[0]: is not a strict subset of the cidr 10.20.0.0/16: the API server refuses the NetworkPolicy',
      'egress[0].except[1]: is not a strict subset of the cidr 10.20.0.0/16: the API server refuses the NetworkPolicy',
      'egress[0].except[2]: is not a strict subset of the cidr 10.20.0.0/16: the API server refuses the NetworkPolicy',
      'egress[0].except[3]: is not a strict subset of the cidr 10.20.0.0/16: the API server refuses the NetworkPolicy',
    ]);
    const np = renderWorkloadTraffic(subject(PAYMENT), egress(['10.20.255.0/24', '10.20.0.0/17'])).find((o) => o.kind === 'NetworkPolicy' && JSON.stringify(o).includes('ipBlock'))!;
    expect((np.spec as any).egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.255.0/24', '10.20.0.0/17'] } }], ports: [{ port: 5432, protocol: 'TCP' }] });
  });

  test('reports every traffic problem at once', () => {
    expect(problemsOf(() => renderWorkloadTraffic(subject(PAYMENT), {
      meshMode: 'none',
      allowFrom: [{ peer: GATEWAY, ports: [9999], http: [{ methods: ['post'] }] }, { peer: GATEWAY }],
      allowTo: [{ peer: { namespace: 'db' } }],
      egress: [{ cidr: '0.0.0.0/0', ports: [443] }, { fqdnPatterns: ['*'], ports: [443] }],
      rateLimit: { requests: 0, per: 'second' },
    }))).toEqual([
      "allowFrom[0].ports[0]: is not a port of 'payment-service'",
      'allowFrom[0].http[0].methods[0]: is not an upper-case HTTP method',
      'allowFrom[1].peer: is listed twice',
      'allowTo[0].ports: is required when the peer is not one of our workloads',
      'egress[0].cidr: allows egress to the whole internet (control KH-NET-003)',
      'egress[1].fqdnPatterns[0]: is not a DNS name pattern (a lone * would allow every name)',
      'rateLimit.requests: must be an integer from 1 to 1000000000',
      'rateLimit: rateLimit, allowFrom[].http need the Istio mesh (Cilium HTTP rules are not emitted)',
    ]);
  });
});

/** Field list of envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit and the messages we use (Envoy v3 API). */
const LOCAL_RATE_LIMIT_FIELDS: Record<string, Record<string, unknown> | null> = {
  stat_prefix: null,
  status: null,
  token_bucket: { max_tokens: null, tokens_per_fill: null, fill_interval: null },
  filter_enabled: { runtime_key: null, default_value: { numerator: null, denominator: null } },
  filter_enforced: { runtime_key: null, default_value: { numerator: null, denominator: null } },
  request_headers_to_add_when_not_enforced: null,
  response_headers_to_add: { header: { key: null, value: null, raw_value: null }, append: null, append_action: null, keep_empty_value: null },
  descriptors: null,
  stage: null,
  local_rate_limit_per_downstream_connection: null,
  local_cluster_rate_limit: null,
  enable_x_ratelimit_headers: null,
  vh_rate_limits: null,
  always_consume_default_token_bucket: null,
  rate_limited_as_resource_exhausted: null,
  max_dynamic_descriptors: null,
};

function unknownLocalRateLimitFields(value: unknown, fields: Record<string, unknown> = LOCAL_RATE_LIMIT_FIELDS, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownLocalRateLimitFields(v, fields, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    if (!(key in fields)) return [`${path}.${key}`];
    const nested = fields[key];
    return nested === null ? [] : unknownLocalRateLimitFields(child, nested as Record<string, unknown>, `${path}.${key}`);
  });
}
