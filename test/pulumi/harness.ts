/** Shared helpers for the Pulumi tests: the exported testing harness plus lookups by kind and name. */
import * as pulumi from '@pulumi/pulumi';
import { K8sObject, objectKey } from '../../lib/core/manifest';
import { CapturedProgram, CapturedResource, capture, findManifest } from '../../lib/pulumi/testing';

export { capture, findManifest };

/** A small component to parent objects under in tests of the emitter. */
export class TestComponent extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super('kube-harden:test:TestComponent', name, {}, opts);
  }
}

/** The captured resource whose inputs are the object `kind`/`name` (in `namespace` when given). */
export function findResource(program: CapturedProgram<unknown>, kind: string, name: string, namespace?: string): CapturedResource {
  const found = program.resources.filter((r) => r.custom && r.inputs.kind === kind && r.inputs.metadata?.name === name
    && (namespace === undefined || r.inputs.metadata?.namespace === namespace));
  if (found.length !== 1) {
    throw new Error(`expected one resource for ${kind} '${name}', found ${found.length}`);
  }
  return found[0];
}

/** The single captured resource of type token `type`. */
export function findComponent(program: CapturedProgram<unknown>, type: string): CapturedResource {
  const found = program.resources.filter((r) => r.type === type);
  if (found.length !== 1) {
    throw new Error(`expected one ${type}, found ${found.length}`);
  }
  return found[0];
}

/** Objects keyed by `objectKey`, for object-by-object comparisons. */
export function byKey(objects: readonly K8sObject[]): Record<string, K8sObject> {
  return Object.fromEntries(objects.map((o) => [objectKey(o), o]));
}
