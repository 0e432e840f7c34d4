/**
 * Pulumi comparison (one process, under mocks): 1,000 SecureDeployment components against the same plain
 * objects registered directly as typed `@pulumi/kubernetes` resources.
 */
import { measure, report } from './measure';
import { BENCH_NAMESPACE, secureDeploymentProps } from './workloads';
import { K8sObject, renderSecureDeployment } from '../lib/core';
import { createResource } from '../lib/pulumi/resource-map';
import { SecureDeployment } from '../lib/pulumi/secure-deployment';
import { capture } from '../lib/pulumi/testing';

const COUNT = Number(process.env.BENCH_COUNT ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const indexes = Array.from({ length: COUNT }, (_, i) => i);

async function registerOurs(): Promise<number> {
  const program = await capture(() => {
    for (const i of indexes) {
      new SecureDeployment(`svc-${i}`, secureDeploymentProps(i));
    }
  });
  return program.resources.length;
}

async function registerRaw(objects: readonly K8sObject[]): Promise<number> {
  const program = await capture(() => {
    for (const obj of objects) {
      createResource(`${obj.kind}-${obj.metadata.namespace ?? ''}-${obj.metadata.name}`, obj, {});
    }
  });
  return program.resources.length;
}

async function main(): Promise<void> {
  const objects = indexes.flatMap((i) => renderSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE }));
  const ours = await measure(ROUNDS, registerOurs);
  const raw = await measure(ROUNDS, () => registerRaw(objects));
  report({ comparison: 'pulumi', count: COUNT, rounds: ROUNDS, objects: objects.length, ours, raw });
}

void main();
