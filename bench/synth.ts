/**
 * Synth comparison (one process): 1,000 PaymentServices and 1,000 SecureDeployments through cdk8s to YAML,
 * against (a) the floor, the same plain objects as bare cdk8s ApiObjects, and (b) cdk8s-plus-27: 1,000
 * Deployments each exposed by a Service. Also the core render alone, as a share of the synth time.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { measure, report } from './measure';
import { BENCH_NAMESPACE, paymentServiceProps, secureDeploymentProps } from './workloads';
import { PaymentService, SandboxRuntimes, SecureDeployment } from '../lib/cdk8s';
import { K8sObject, buildSecureDeployment, renderPaymentService } from '../lib/core';

const COUNT = Number(process.env.BENCH_COUNT ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const indexes = Array.from({ length: COUNT }, (_, i) => i);

function newChart(): { app: App; chart: Chart } {
  const app = new App({ outdir: '/tmp/kube-harden-bench' });
  return { app, chart: new Chart(app, 'bench', { namespace: BENCH_NAMESPACE }) };
}

/** A chart for our constructs: the same, plus the SandboxRuntimes their runtime and priority classes come from. */
function newHardenedChart(): { app: App; chart: Chart } {
  const created = newChart();
  new SandboxRuntimes(new Chart(created.app, 'cluster'), 'runtimes', {});
  return created;
}

function synthOurs(): string {
  const { app, chart } = newHardenedChart();
  for (const i of indexes) {
    const caller = new SecureDeployment(chart, `svc-${i}`, secureDeploymentProps(i));
    new PaymentService(chart, `pay-${i}`, paymentServiceProps(i, caller.ref));
  }
  return app.synthYaml();
}

function renderCore(): K8sObject[] {
  return indexes.flatMap((i) => {
    const caller = buildSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE });
    return [...caller.objects, ...renderPaymentService(paymentServiceProps(i, caller.ref), { namespace: BENCH_NAMESPACE })];
  });
}

function synthFloor(objects: readonly K8sObject[]): string {
  const { app, chart } = newChart();
  for (const obj of objects) {
    new ApiObject(chart, `${obj.kind}-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`, obj as never);
  }
  return app.synthYaml();
}

function synthPaymentOnly(): string {
  const { app, chart } = newHardenedChart();
  for (const i of indexes) {
    new PaymentService(chart, `pay-${i}`, paymentServiceProps(i, callers[i]));
  }
  return app.synthYaml();
}

function synthCdk8sPlus(): string {
  const { app, chart } = newChart();
  for (const i of indexes) {
    const deployment = new kplus.Deployment(chart, `svc-${i}`, {
      containers: [{ image: secureDeploymentProps(i).image, portNumber: 8080 }],
    });
    deployment.exposeViaService({ ports: [{ port: 8080 }] });
  }
  return app.synthYaml();
}

/** The callers' refs, for PaymentServices synthesized without their callers. */
const callers = indexes.map((i) => buildSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE }).ref);

async function main(): Promise<void> {
  const objects = renderCore();
  const ours = await measure(ROUNDS, synthOurs);
  const floor = await measure(ROUNDS, () => synthFloor(objects));
  const core = await measure(ROUNDS, renderCore);
  const payment = await measure(ROUNDS, synthPaymentOnly);
  const plus = await measure(ROUNDS, synthCdk8sPlus);
  const paymentObjects = renderCore().filter((o) => o.metadata.name.startsWith('pay-')).length;
  report({
    comparison: 'synth',
    count: COUNT,
    rounds: ROUNDS,
    objects: objects.length,
    paymentObjects,
    ours,
    floor,
    core,
    payment,
    cdk8sPlus: plus,
    cdk8sPlusObjects: COUNT * 2,
  });
}

void main();
