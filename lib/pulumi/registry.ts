import * as pulumi from '@pulumi/pulumi';
import { ObjectReference, satisfiesReference } from '../core/dependencies';
import { K8sObject } from '../core/manifest';

/**
 * The objects kube-harden components created so far in this program, with their resources: a component created
 * later waits for the Namespace, RuntimeClass, PriorityClass, ... it names, even when another component made it.
 */
const CREATED: Array<{ readonly obj: K8sObject; readonly resource: pulumi.CustomResource }> = [];

/** Records that `resource` creates `obj`. */
export function recordCreated(obj: K8sObject, resource: pulumi.CustomResource): void {
  CREATED.push({ obj, resource });
}

/** The resources created so far that satisfy any of `refs`. */
export function createdSatisfying(refs: readonly ObjectReference[]): pulumi.CustomResource[] {
  return CREATED.filter((c) => refs.some((ref) => satisfiesReference(c.obj, ref))).map((c) => c.resource);
}

/** The objects created so far. */
export function createdObjects(): K8sObject[] {
  return CREATED.map((c) => c.obj);
}

/** Forgets every recorded object (a new program starts: the test harness calls this). */
export function forgetCreated(): void {
  CREATED.length = 0;
}
