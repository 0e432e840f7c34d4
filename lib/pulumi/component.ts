import * as pulumi from '@pulumi/pulumi';
import { ObjectInputs, emitObjects } from './emit';
import { splitOwn } from '../core/boundary';
import { K8sObject, objectKey } from '../core/manifest';
import { RenderContext } from '../core/naming';
import { HardeningProfile } from '../core/profile';

/** What every kube-harden component takes beside its props: what cdk8s reads from the Chart, and the profile. */
export interface ComponentContextArgs {
  /**
   * Default namespace and common labels, as a cdk8s Chart's `namespace` and `labels` (object values win).
   * @default - no default namespace, no common labels
   */
  readonly context?: RenderContext;
  /**
   * The hardening profile every default comes from.
   * @default RESTRICTED_PROFILE
   */
  readonly profile?: HardeningProfile;
}

/** The children of a component. */
export interface EmittedChildren {
  /** Child resources by object key (`<apiVersion>/<kind>/<namespace>/<name>`). */
  readonly resources: ReadonlyMap<string, pulumi.CustomResource>;
  /** The object keys, in the canonical order. */
  readonly objectKeys: pulumi.Output<string[]>;
}

/** Splits component args into the core props and the context/profile (which the core takes separately). */
export function splitArgs<P extends object>(args: P & ComponentContextArgs): { props: P; context: RenderContext; profile?: HardeningProfile } {
  const { picked: { context, profile }, rest } = splitOwn(args, ['context', 'profile']);
  return { props: rest as P, context: (context ?? {}) as RenderContext, profile: profile as HardeningProfile | undefined };
}

/**
 * Creates a component's children from its rendered objects. Each child waits for what it names and for the
 * component's `dependsOn`.
 */
export function emitChildren(
  component: pulumi.ComponentResource,
  name: string,
  objects: readonly K8sObject[],
  opts: pulumi.ComponentResourceOptions | undefined,
  inputs?: ObjectInputs,
): EmittedChildren {
  return {
    resources: emitObjects(component, name, objects, { dependsOn: opts?.dependsOn, inputs }),
    objectKeys: pulumi.output(objects.map(objectKey)),
  };
}
