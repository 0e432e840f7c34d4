/**
 * The payment platform of `examples/cdk8s-payment-platform`, written the usual way with plain cdk8s-plus-27 and no
 * kube-harden: the baseline of the compliance report (`kube-harden report <hardened> --baseline <this>`).
 *
 * `cdk8s synth` here writes `dist/baseline.k8s.yaml`. Tests call `buildBaselinePlatform` on an app of their own.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

/** Namespace of the platform's workloads. */
export const NAMESPACE = 'payments';

const GATEWAY_IMAGE = 'registry.example.com/payments/api-gateway:2.3.1';
const PAYMENT_IMAGE = 'registry.example.com/payments/payment-service:1.4.2';

/** Builds the baseline platform into `app`: a namespace, the API gateway and the payment service, each with a Service. */
export function buildBaselinePlatform(app: App): Chart {
  const chart = new Chart(app, 'baseline', { namespace: NAMESPACE });
  new kplus.Namespace(chart, 'namespace', { metadata: { name: NAMESPACE } });
  const gateway = new kplus.Deployment(chart, 'api-gateway', {
    metadata: { name: 'api-gateway' },
    replicas: 2,
    containers: [{
      name: 'api-gateway',
      image: GATEWAY_IMAGE,
      portNumber: 8080,
      envVariables: { UPSTREAM_PAYMENTS: kplus.EnvValue.fromValue(`http://payment-service.${NAMESPACE}.svc:8080`) },
      liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
      readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }),
    }],
  });
  gateway.exposeViaService({ name: 'api-gateway', ports: [{ port: 8080 }] });
  const dbPassword = kplus.Secret.fromSecretName(chart, 'payment-db', 'payment-db');
  const payment = new kplus.Deployment(chart, 'payment-service', {
    metadata: { name: 'payment-service' },
    replicas: 3,
    containers: [{
      name: 'payment-service',
      image: PAYMENT_IMAGE,
      portNumber: 8080,
      envVariables: { DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: dbPassword, key: 'password' }) },
      liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
    }],
  });
  payment.exposeViaService({ name: 'payment-service', ports: [{ port: 8080 }] });
  return chart;
}

if (require.main === module) {
  const app = new App();
  buildBaselinePlatform(app);
  app.synth();
}
