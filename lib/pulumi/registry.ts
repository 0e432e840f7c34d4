import * as pulumi from '@pulumi/pulumi';
import { ObjectReference, satisfiesReference } from '../core/dependencies';
import { K8sObject } from '../core/manifest';

interface Created {
  readonly obj: K8sObject;
  readonly resource: pulumi.CustomResource;
}

/**
 * The objects kube-harden components created so far in the running program, with their resources: a component
 * created later waits for the Namespace, RuntimeClass, PriorityClass, ... it names, even when another component
 * made it. Kept per engine connection (resource monitor), so that programs run one after the other in one process
 * (Automation API, tests) never depend on each other's resources.
 */
const CREATED = new WeakMap<object, Created[]>();
const NO_MONITOR = {};

function current(): Created[] {
  const key = pulumi.runtime.getMonitor() ?? NO_MONITOR;
  let list = CREATED.get(key);
  if (list === undefined) {
    list = [];
    CREATED.set(key, list);
  }
  return list;
}

/** Records that `resource` creates `obj`. */
export function recordCreated(obj: K8sObject, resource: pulumi.CustomResource): void {
  current().push({ obj, resource });
}

/** The resources created so far that satisfy any of `refs`. */
export function createdSatisfying(refs: readonly ObjectReference[]): pulumi.CustomResource[] {
  return current().filter((c) => refs.some((ref) => satisfiesReference(c.obj, ref))).map((c) => c.resource);
}

/** The objects created so far. */
export function createdObjects(): K8sObject[] {
  return current().map((c) => c.obj);
}
