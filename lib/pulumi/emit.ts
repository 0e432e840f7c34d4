import * as pulumi from '@pulumi/pulumi';
import { createdSatisfying, recordCreated } from './registry';
import { createResource } from './resource-map';
import { objectDependencies, objectReferences } from '../core/dependencies';
import { K8sObject, objectKey } from '../core/manifest';

/** Replaces top-level fields of an object before its resource is created (how an Output reaches one leaf). */
export type ObjectInputs = (obj: K8sObject) => Readonly<Record<string, pulumi.Input<unknown>>> | undefined;

/**
 * The Pulumi resource name of an object: `<component>:<namespace>/<name>`, or `<component>:<name>` when
 * cluster-scoped. Unique per kind within a stack as long as component names are; the Kubernetes name itself
 * is always the core's `metadata.name` (never a Pulumi auto-name).
 */
export function resourceName(componentName: string, obj: K8sObject): string {
  const namespace = obj.metadata.namespace;
  return namespace === undefined ? `${componentName}:${obj.metadata.name}` : `${componentName}:${namespace}/${obj.metadata.name}`;
}

/** How children are emitted. */
export interface EmitOptions {
  /**
   * What every child waits for besides what it names: the component's own `dependsOn` (Pulumi does not pass
   * it on to children).
   * @default - only what the objects name
   */
  readonly dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
  /**
   * An Output whose resources every child also waits for: the component's resolved inputs (the children are made
   * from plain values, so the dependencies those inputs carry are passed on this way).
   * @default - none
   */
  readonly waitFor?: pulumi.Output<unknown>;
  /**
   * Replaces top-level fields of an object before its resource is created.
   * @default - the objects as rendered
   */
  readonly inputs?: ObjectInputs;
}

/**
 * Creates one child resource per object of `objects` under `parent`: the typed class for its kind, `{ parent }`,
 * the core's explicit name, and `dependsOn` on what the object names (Namespace, RuntimeClass, PriorityClass,
 * ServiceAccount, ...; see `objectReferences`), whether in the same list or created earlier in the program by
 * another kube-harden component, plus `options.dependsOn`. Provider, `protect` and transforms reach the
 * children through the parent. Returns the resources by object key.
 */
export function emitObjects(
  parent: pulumi.ComponentResource,
  componentName: string,
  objects: readonly K8sObject[],
  options: EmitOptions = {},
): ReadonlyMap<string, pulumi.CustomResource> {
  const inputs = options.inputs ?? (() => undefined);
  const waitFor = options.waitFor?.apply((): pulumi.Resource[] => []);
  const shared = pulumi.mergeOptions({ dependsOn: options.dependsOn }, { parent, dependsOn: waitFor });
  const byKey = new Map(objects.map((obj) => [objectKey(obj), obj]));
  const dependencies = objectDependencies(objects);
  const created = new Map<string, pulumi.CustomResource>();
  // A flat loop (no recursion): Pulumi records the whole stack of every resource it registers, so each frame here
  // costs once per child.
  for (const key of creationOrder([...byKey.keys()], dependencies)) {
    const obj = byKey.get(key)!;
    const local = (dependencies.get(key) ?? []).map((dependency) => created.get(dependency)!);
    const dependsOn = [...new Set([...local, ...createdSatisfying(objectReferences(obj))])];
    const resource = createResource(resourceName(componentName, obj), obj, pulumi.mergeOptions(shared, { dependsOn }), inputs(obj));
    recordCreated(obj, resource);
    created.set(key, resource);
  }
  return created;
}

/**
 * `keys` in an order where each comes after what it depends on (depth first, in the given order otherwise).
 * Throws when objects depend on each other in a cycle.
 */
function creationOrder(keys: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of keys) {
    if (state.has(root)) continue;
    state.set(root, 'visiting');
    const stack: { key: string; next: number }[] = [{ key: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const deps = dependencies.get(top.key) ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++];
        if (state.get(dep) === 'visiting') {
          throw new Error(`objects depend on each other in a cycle through '${dep}'`);
        }
        if (!state.has(dep)) {
          state.set(dep, 'visiting');
          stack.push({ key: dep, next: 0 });
        }
      } else {
        state.set(top.key, 'done');
        order.push(top.key);
        stack.pop();
      }
    }
  }
  return order;
}
