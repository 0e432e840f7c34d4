import { IDP_RSA_JWKS } from '../../examples/shared/idp-keys';
import { PaymentServiceProps, SecureDeploymentProps, TrafficProps, workloadRef } from '../../lib/core';

/** A digest-pinned image reference for tests. */
export const PINNED_IMAGE = `registry.example.com/shop/api:1.4.2@sha256:${'a'.repeat(64)}`;

/** Minimal valid SecureDeployment props. */
export const MINIMAL: SecureDeploymentProps = { name: 'api', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }] };

/** Render context of the tests. */
export const CONTEXT = { namespace: 'shop' };

/** The API gateway as a peer (another namespace). */
export const GATEWAY_REF = workloadRef({
  name: 'api-gateway',
  namespace: 'edge',
  selector: { 'app.kubernetes.io/name': 'api-gateway', 'app.kubernetes.io/instance': 'api-gateway' },
  serviceAccountName: 'api-gateway',
  ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
});

/** A public RSA JWKS (placeholder key material: only the shape matters). */
export const PUBLIC_JWKS = JSON.stringify(IDP_RSA_JWKS);

/** The traffic a PaymentService must declare: its callers, a JWT and a rate limit. */
export const PAYMENT_TRAFFIC: TrafficProps = {
  allowFrom: [{ peer: GATEWAY_REF, http: [{ methods: ['POST'], paths: ['/v1/payments'] }] }],
  jwt: { issuer: 'https://idp.example.com', jwks: PUBLIC_JWKS },
  rateLimit: { requests: 100, per: 'second' },
};

/** A PaymentService with an exec allow-list and Kyverno signature verification (the runtime and supply-chain controls). */
export const PAYMENT_WITH_RUNTIME_CONTROLS: PaymentServiceProps = {
  name: 'payment-service',
  image: PINNED_IMAGE,
  ports: [{ name: 'http', port: 8080 }],
  probes: { httpPath: '/healthz' },
  ...PAYMENT_TRAFFIC,
  allowedExecutables: ['/app/payment-service'],
  signatureVerification: 'kyverno',
};
