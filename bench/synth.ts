/**
 * Synth subjects (see `measure.ts`), for `count` services, through cdk8s to YAML (audited, guarded):
 * - `ours`: `count` PaymentServices and `count` SecureDeployments;
 * - `secureDeployments`: `count` SecureDeployments alone.
 * Both also emit the SandboxRuntimes the pods name. Each round returns the YAML's size and the number of objects.
 * The references are in `floor.ts` (bare ApiObjects), `limit.ts` (no framework) and `plus-equivalent.ts`.
 */
import { newApp, synthesized } from './cdk8s-app';
import type { Subject } from './measure';
import { paymentServiceProps, secureDeploymentProps } from './workloads';
import { PaymentService, SandboxRuntimes, SecureDeployment } from '../lib/cdk8s';

const subjects: Record<string, (count: number) => Subject> = {
  ours: (count) => () => {
    const { app, chart, cluster } = newApp();
    new SandboxRuntimes(cluster, 'runtimes', {});
    for (let i = 0; i < count; i++) {
      const caller = new SecureDeployment(chart, `svc-${i}`, secureDeploymentProps(i));
      new PaymentService(chart, `pay-${i}`, paymentServiceProps(i, caller.ref));
    }
    return synthesized(app);
  },
  secureDeployments: (count) => () => {
    const { app, chart, cluster } = newApp();
    new SandboxRuntimes(cluster, 'runtimes', {});
    for (let i = 0; i < count; i++) {
      new SecureDeployment(chart, `svc-${i}`, secureDeploymentProps(i));
    }
    return synthesized(app);
  },
};

/** Prepares the synth subject `name` for `params.count` services. */
export function prepare(name: string, params: { count?: number }): Subject {
  const make = subjects[name];
  if (!make) throw new Error(`unknown synth subject '${name}'`);
  return make(Number(params.count ?? 1000));
}
