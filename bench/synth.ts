/**
 * Synth subjects (see `measure.ts`), for `count` services:
 * - `ours`: `count` PaymentServices and `count` SecureDeployments through cdk8s to YAML (audited, guarded);
 * - `floor`: the same objects, rendered beforehand, as bare cdk8s ApiObjects to YAML;
 * - `limit`: the physical limit, no framework: core render of the same objects, js-yaml dump, write to a file;
 * - `secureDeployments`: `count` SecureDeployments alone through cdk8s to YAML;
 * - `plusEquivalent`: their hand-written cdk8s-plus-27 equivalent (`plus-equivalent.ts`) to YAML.
 * Each round returns the YAML's size and the number of objects.
 */
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { dump } from 'js-yaml';
import { Subject, SubjectResult } from './measure';
import { addPlusEquivalent } from './plus-equivalent';
import { BENCH_NAMESPACE, paymentServiceProps, secureDeploymentProps } from './workloads';
import { PaymentService, SandboxRuntimes, SecureDeployment } from '../lib/cdk8s';
import { K8sObject, buildSecureDeployment, renderPaymentService, renderSandboxRuntimes } from '../lib/core';

function newChart(): { app: App; chart: Chart } {
  const app = new App({ outdir: path.join(os.tmpdir(), 'kube-harden-bench') });
  return { app, chart: new Chart(app, 'bench', { namespace: BENCH_NAMESPACE }) };
}

function synthesized(yaml: string, objects: number): SubjectResult {
  return { bytes: Buffer.byteLength(yaml), objects };
}

/** The core objects of `count` services, as `ours` emits them (SandboxRuntimes included). */
function renderCore(count: number): K8sObject[] {
  const objects: K8sObject[] = [...renderSandboxRuntimes({})];
  for (let i = 0; i < count; i++) {
    const caller = buildSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE });
    objects.push(...caller.objects, ...renderPaymentService(paymentServiceProps(i, caller.ref), { namespace: BENCH_NAMESPACE }));
  }
  return objects;
}

const subjects: Record<string, (count: number) => Subject> = {
  ours: (count) => () => {
    const { app, chart } = newChart();
    new SandboxRuntimes(new Chart(app, 'cluster'), 'runtimes', {});
    for (let i = 0; i < count; i++) {
      const caller = new SecureDeployment(chart, `svc-${i}`, secureDeploymentProps(i));
      new PaymentService(chart, `pay-${i}`, paymentServiceProps(i, caller.ref));
    }
    return synthesized(app.synthYaml(), app.node.findAll().filter(ApiObject.isApiObject).length);
  },
  floor: (count) => {
    const objects = renderCore(count);
    return () => {
      const { app, chart } = newChart();
      for (const obj of objects) {
        new ApiObject(chart, `${obj.kind}-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`, obj as never);
      }
      return synthesized(app.synthYaml(), objects.length);
    };
  },
  limit: (count) => () => {
    const objects = renderCore(count);
    const yaml = objects.map((obj) => dump(obj, { noRefs: true })).join('---\n');
    writeFileSync(path.join(os.tmpdir(), `kube-harden-bench-limit-${process.pid}.yaml`), yaml);
    return synthesized(yaml, objects.length);
  },
  secureDeployments: (count) => () => {
    const { app, chart } = newChart();
    new SandboxRuntimes(new Chart(app, 'cluster'), 'runtimes', {});
    for (let i = 0; i < count; i++) {
      new SecureDeployment(chart, `svc-${i}`, secureDeploymentProps(i));
    }
    return synthesized(app.synthYaml(), app.node.findAll().filter(ApiObject.isApiObject).length);
  },
  plusEquivalent: (count) => () => {
    const { app, chart } = newChart();
    for (let i = 0; i < count; i++) {
      addPlusEquivalent(chart, i);
    }
    return synthesized(app.synthYaml(), app.node.findAll().filter(ApiObject.isApiObject).length);
  },
};

/** Prepares the synth subject `name` for `params.count` services. */
export function prepare(name: string, params: { count?: number }): Subject {
  const make = subjects[name];
  if (!make) throw new Error(`unknown synth subject '${name}'`);
  return make(Number(params.count ?? 1000));
}
