/**
 * Pulumi subjects (see `measure.ts`), under mocks, for `count` services:
 * - `ours`: `count` SecureDeployment components;
 * - `raw`: the same plain objects, rendered beforehand, registered directly as typed `@pulumi/kubernetes` resources.
 */
import { Subject } from './measure';
import { BENCH_NAMESPACE, secureDeploymentProps } from './workloads';
import { renderSecureDeployment } from '../lib/core';
import { createResource } from '../lib/pulumi/resource-map';
import { SecureDeployment } from '../lib/pulumi/secure-deployment';
import { capture } from '../lib/pulumi/testing';

/** Prepares the Pulumi subject `name` for `params.count` services. */
export function prepare(name: string, params: { count?: number }): Subject {
  const count = Number(params.count ?? 1000);
  if (name === 'ours') {
    return async () => {
      const program = await capture(() => {
        for (let i = 0; i < count; i++) {
          new SecureDeployment(`svc-${i}`, secureDeploymentProps(i));
        }
      });
      return { resources: program.resources.length };
    };
  }
  if (name === 'raw') {
    const objects = Array.from({ length: count }, (_, i) => renderSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE })).flat();
    return async () => {
      const program = await capture(() => {
        for (const obj of objects) {
          createResource(`${obj.kind}-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`, obj, {});
        }
      });
      return { resources: program.resources.length, objects: objects.length };
    };
  }
  throw new Error(`unknown pulumi subject '${name}'`);
}
