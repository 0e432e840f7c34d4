/**
 * Pulumi subjects (see `measure.ts`), under mocks, for `count` services:
 * - `ours`: `count` SecureDeployment components;
 * - `raw`: the same plain objects, rendered beforehand, registered directly as typed `@pulumi/kubernetes` resources;
 * - `shell`: the same as `raw`, each service's objects the children of an empty component of their own: what being a
 *   component costs, without rendering, validation, dependencies or outputs.
 */
import * as pulumi from '@pulumi/pulumi';
import type { Subject } from './measure';
import { BENCH_NAMESPACE, secureDeploymentProps } from './workloads';
import { K8sObject, renderSecureDeployment } from '../lib/core';
import { createResource } from '../lib/pulumi/resource-map';
import { SecureDeployment } from '../lib/pulumi/secure-deployment';
import { capture } from '../lib/pulumi/testing';

/** An empty component (the `shell` subject's parent of each service's objects); Pulumi registers its empty outputs. */
class Shell extends pulumi.ComponentResource {
  constructor(name: string) {
    super('bench:index:Shell', name, {}, {});
  }
}

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
  const services = Array.from({ length: count }, (_, i) => renderSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE }));
  const resourceName = (obj: K8sObject) => `${obj.kind}-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`;
  if (name === 'raw') {
    const objects = services.flat();
    return async () => {
      const program = await capture(() => {
        for (const obj of objects) {
          createResource(resourceName(obj), obj, {});
        }
      });
      return { resources: program.resources.length, objects: objects.length };
    };
  }
  if (name === 'shell') {
    return async () => {
      const program = await capture(() => {
        services.forEach((objects, i) => {
          const parent = new Shell(`svc-${i}`);
          for (const obj of objects) {
            createResource(resourceName(obj), obj, { parent });
          }
        });
      });
      return { resources: program.resources.length };
    };
  }
  throw new Error(`unknown pulumi subject '${name}'`);
}
