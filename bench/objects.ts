/**
 * The core objects the synth subjects emit, rendered once by the driver and written to JSON files, so that the
 * references that take them as given (`floor.ts`, `plus-equivalent.ts`) load no kube-harden module.
 */
import { writeFileSync } from 'node:fs';
import { BENCH_NAMESPACE, paymentServiceProps, secureDeploymentProps } from './workloads';
import { K8sObject, buildSecureDeployment, renderPaymentService, renderSandboxRuntimes } from '../lib/core';

/** The objects of the `i`-th service: its SecureDeployment's, then those of the PaymentService it calls. */
export function serviceObjects(i: number): K8sObject[] {
  const caller = buildSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE });
  return [...caller.objects, ...renderPaymentService(paymentServiceProps(i, caller.ref), { namespace: BENCH_NAMESPACE })];
}

/** The objects `synth.ts`'s `ours` emits for `count` services: SandboxRuntimes, then each service's (`serviceObjects`). */
export function renderCore(count: number): K8sObject[] {
  const objects: K8sObject[] = [...renderSandboxRuntimes({})];
  for (let i = 0; i < count; i++) {
    objects.push(...serviceObjects(i));
  }
  return objects;
}

/** The objects `synth.ts`'s `secureDeployments` emits for `count` services: SandboxRuntimes, then each SecureDeployment. */
export function renderSecureDeploymentsCore(count: number): K8sObject[] {
  const objects: K8sObject[] = [...renderSandboxRuntimes({})];
  for (let i = 0; i < count; i++) {
    objects.push(...buildSecureDeployment(secureDeploymentProps(i), { namespace: BENCH_NAMESPACE }).objects);
  }
  return objects;
}

/** The SandboxRuntimes objects (RuntimeClasses and PriorityClasses) every SecureDeployment's pods name. */
export function renderRuntimesCore(): K8sObject[] {
  return renderSandboxRuntimes({});
}

/** Writes `objects` to `file` as JSON (read back with `JSON.parse`, so the reader loads no kube-harden module). */
export function writeObjects(file: string, objects: readonly K8sObject[]): void {
  writeFileSync(file, JSON.stringify(objects));
}
