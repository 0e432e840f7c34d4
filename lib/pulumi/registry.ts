import * as pulumi from '@pulumi/pulumi';
import { kindAndName, ObjectReference, satisfiesReference } from '../core/dependencies';
import { K8sObject } from '../core/manifest';

interface Created {
  readonly obj: K8sObject;
  readonly resource: pulumi.CustomResource;
  /** Creation order, so that lookups list resources as they were created. */
  readonly sequence: number;
}

/** What one program created: every object, indexed by kind and name (the fields a reference always names). */
interface Registry {
  readonly byKindAndName: Map<string, Created[]>;
  readonly byKind: Map<string, K8sObject[]>;
  count: number;
}

/**
 * The objects kube-harden components created so far in the running program, with their resources: a component
 * created later waits for the Namespace, RuntimeClass, PriorityClass, ... it names, even when another component
 * made it. Kept per engine connection (resource monitor), so that programs run one after the other in one process
 * (Automation API, tests) never depend on each other's resources. Indexed, so that a lookup costs what it finds,
 * not what the program created so far.
 */
const REGISTRIES = new WeakMap<object, Registry>();
const NO_MONITOR = {};

function current(): Registry {
  const key = pulumi.runtime.getMonitor() ?? NO_MONITOR;
  let registry = REGISTRIES.get(key);
  if (registry === undefined) {
    registry = { byKindAndName: new Map(), byKind: new Map(), count: 0 };
    REGISTRIES.set(key, registry);
  }
  return registry;
}

/** Records that `resource` creates `obj`. */
export function recordCreated(obj: K8sObject, resource: pulumi.CustomResource): void {
  const registry = current();
  const key = kindAndName(obj.kind, obj.metadata.name);
  const entry: Created = { obj, resource, sequence: registry.count++ };
  const sameName = registry.byKindAndName.get(key);
  if (sameName) sameName.push(entry);
  else registry.byKindAndName.set(key, [entry]);
  const sameKind = registry.byKind.get(obj.kind);
  if (sameKind) sameKind.push(obj);
  else registry.byKind.set(obj.kind, [obj]);
}

/**
 * The resources created so far that satisfy any of `refs` (`satisfiesReference`: one of the kinds, the name, and the
 * namespace when the reference gives one), in creation order; only the entries of the reference's kinds and name are read.
 */
export function createdSatisfying(refs: readonly ObjectReference[]): pulumi.CustomResource[] {
  const registry = current();
  const found = new Map<number, Created>();
  for (const ref of refs) {
    if (typeof ref.name !== 'string') continue;
    for (const kind of ref.kinds) {
      for (const entry of registry.byKindAndName.get(kindAndName(kind, ref.name)) ?? []) {
        if (satisfiesReference(entry.obj, ref)) found.set(entry.sequence, entry);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.sequence - b.sequence).map((c) => c.resource);
}

/** The objects of the given kinds created so far, in creation order per kind. */
export function createdOfKinds(kinds: readonly string[]): K8sObject[] {
  const registry = current();
  return kinds.flatMap((kind) => registry.byKind.get(kind) ?? []);
}

/**
 * Forgets what the program on engine connection `monitor` created, once it has disconnected: the runtime keeps its
 * last connection (so the registry) until the next one.
 */
export function forgetCreated(monitor: object): void {
  REGISTRIES.delete(monitor);
}
