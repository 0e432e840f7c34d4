/** The cdk8s App every synth subject builds and what a round returns of it; loads cdk8s alone. */
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import type { SubjectResult } from './measure';
import { BENCH_NAMESPACE } from './workloads';

/** A new App with a Chart for namespaced objects (the bench namespace) and one for cluster-scoped objects. */
export function newApp(): { app: App; chart: Chart; cluster: Chart } {
  const app = new App({ outdir: path.join(os.tmpdir(), 'kube-harden-bench') });
  return { app, chart: new Chart(app, 'bench', { namespace: BENCH_NAMESPACE }), cluster: new Chart(app, 'cluster') };
}

/** Synthesizes `app` to YAML: the YAML's size in bytes and the number of objects. */
export function synthesized(app: App): SubjectResult {
  const yaml = app.synthYaml();
  return { bytes: Buffer.byteLength(yaml), objects: app.node.findAll().filter(ApiObject.isApiObject).length };
}
