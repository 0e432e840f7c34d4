import * as pulumi from '@pulumi/pulumi';
import { ComponentContextArgs, emitChildren, splitArgs } from './component';
import { ownRef } from './owners';
import { K8sObject } from '../core/manifest';
import { SandboxRuntimesProps, SandboxRuntimesRef, renderSandboxRuntimes, sandboxRuntimesRef } from '../core/sandbox-runtimes';

/** Args of the Pulumi `SandboxRuntimes`: the core props plus context and profile. */
export interface SandboxRuntimesArgs extends SandboxRuntimesProps, ComponentContextArgs {}

/**
 * The cluster's sandbox RuntimeClasses (gVisor, Kata) and one PriorityClass per tier, as a Pulumi component.
 * Give `.ref` to workloads (`sandbox: runtimes.ref`): their objects then wait for these classes.
 */
export class SandboxRuntimes extends pulumi.ComponentResource {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:SandboxRuntimes';

  /** The rendered objects (exactly what the children are created from; all cluster-scoped). */
  public readonly objects: readonly K8sObject[];
  /** The class names workloads refer to. */
  public readonly ref: SandboxRuntimesRef;
  /** RuntimeClass names by sandbox runtime. */
  public readonly runtimeClassNames: pulumi.Output<SandboxRuntimesRef['runtimeClassNames']>;
  /** PriorityClass names by tier. */
  public readonly priorityClassNames: pulumi.Output<SandboxRuntimesRef['priorityClassNames']>;
  /** Keys of the objects this component created. */
  public readonly objectKeys: pulumi.Output<string[]>;
  /** The child resources, by object key. */
  public readonly resources: ReadonlyMap<string, pulumi.CustomResource>;

  constructor(name: string, args: SandboxRuntimesArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(SandboxRuntimes.TYPE, name, {}, opts);
    const { props, context, profile } = splitArgs<SandboxRuntimesProps>(args);
    this.objects = renderSandboxRuntimes(props, context, profile);
    const children = emitChildren(this, name, this.objects, props, opts);
    this.ref = ownRef(sandboxRuntimesRef(props, profile), this);
    this.runtimeClassNames = pulumi.output(this.ref.runtimeClassNames);
    this.priorityClassNames = pulumi.output(this.ref.priorityClassNames);
    this.objectKeys = children.objectKeys;
    this.resources = children.resources;
    this.registerOutputs({
      runtimeClassNames: this.runtimeClassNames,
      priorityClassNames: this.priorityClassNames,
      objectKeys: this.objectKeys,
    });
  }
}
