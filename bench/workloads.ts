/** The workloads every comparison builds: the same intents, so subjects and references emit the same objects. */
import { IDP_RSA_JWKS } from '../examples/shared/idp-keys';
import { PaymentServiceProps, SecureDeploymentProps, WorkloadRef } from '../lib/core';

/** Namespace of every benchmark workload. */
export const BENCH_NAMESPACE = 'bench';

const DIGEST = 'sha256:9b8a7c6d5e4f30211a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081';

/** The `i`-th SecureDeployment intent. */
export function secureDeploymentProps(i: number): SecureDeploymentProps {
  return {
    name: `svc-${i}`,
    namespace: BENCH_NAMESPACE,
    image: `registry.example.com/bench/svc-${i}:1.0.${i}@${DIGEST}`,
    sensitivity: 'medium',
    ports: [{ name: 'http', port: 8080 }],
    probes: { httpPath: '/healthz' },
    env: { LOG_LEVEL: 'info' },
  };
}

/** A public RSA signing key (JWKS), for local JWT validation. */
const JWKS = IDP_RSA_JWKS;

/** The `i`-th PaymentService intent: it accepts POST /v1/payments from `caller`, with a JWT, rate limited. */
export function paymentServiceProps(i: number, caller: WorkloadRef): PaymentServiceProps {
  return {
    allowFrom: [{ peer: caller, ports: [8080], http: [{ methods: ['POST'], paths: ['/v1/payments'] }] }],
    jwt: { issuer: 'https://idp.example.com', audiences: ['payments'], jwks: JWKS },
    rateLimit: { requests: 100, per: 'second' },
    name: `pay-${i}`,
    namespace: BENCH_NAMESPACE,
    image: `registry.example.com/bench/pay-${i}:1.0.${i}@${DIGEST}`,
    ports: [{ name: 'http', port: 8080 }],
    probes: { httpPath: '/healthz' },
    env: { DB_PASSWORD: { secret: `pay-${i}-db`, key: 'password' } },
  };
}
