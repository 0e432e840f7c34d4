import * as pulumi from '@pulumi/pulumi';
import { ComponentContextArgs, splitArgs } from './component';
import { RenderedComponent } from './rendered-component';
import { SandboxRuntimesProps, SandboxRuntimesRef, renderSandboxRuntimes, sandboxRuntimesRef } from '../core/sandbox-runtimes';

/** Args of the Pulumi `SandboxRuntimes`: the core props plus context and profile. */
export interface SandboxRuntimesArgs extends SandboxRuntimesProps, ComponentContextArgs {}

/**
 * The cluster's sandbox RuntimeClasses (gVisor, Kata) and one PriorityClass per tier, as a Pulumi component.
 * Give `.ref` to workloads (`sandbox: runtimes.ref`); workloads created after it wait for these classes.
 */
export class SandboxRuntimes extends RenderedComponent {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:SandboxRuntimes';

  /** The class names workloads refer to. */
  public readonly ref: SandboxRuntimesRef;
  /** RuntimeClass names by sandbox runtime. */
  public readonly runtimeClassNames: pulumi.Output<SandboxRuntimesRef['runtimeClassNames']>;
  /** PriorityClass names by tier. */
  public readonly priorityClassNames: pulumi.Output<SandboxRuntimesRef['priorityClassNames']>;

  constructor(name: string, args: SandboxRuntimesArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const { props, context, profile } = splitArgs<SandboxRuntimesProps>(args);
    super(SandboxRuntimes.TYPE, name, renderSandboxRuntimes(props, context, profile), opts);
    this.ref = sandboxRuntimesRef(props, profile);
    this.runtimeClassNames = pulumi.output(this.ref.runtimeClassNames);
    this.priorityClassNames = pulumi.output(this.ref.priorityClassNames);
    this.registerOutputs({
      runtimeClassNames: this.runtimeClassNames,
      priorityClassNames: this.priorityClassNames,
      objectKeys: this.objectKeys,
    });
  }
}
