import * as pulumi from '@pulumi/pulumi';
import { ComponentArgs, KubeHardenComponent } from './component';
import { RefRender, planRefRender } from './ref-render';
import { SandboxRuntimesProps, SandboxRuntimesRef, renderSandboxRuntimes, sandboxRuntimesRef } from '../core/sandbox-runtimes';

/** Args of the Pulumi `SandboxRuntimes`: the core props plus context and profile, every field a `pulumi.Input` at any depth. */
export type SandboxRuntimesArgs = ComponentArgs<SandboxRuntimesProps>;

type RuntimesRender = RefRender<SandboxRuntimesRef>;

/**
 * The cluster's sandbox RuntimeClasses (gVisor, Kata) and one PriorityClass per tier, as a Pulumi component.
 * Give `.ref` to workloads (`sandbox: runtimes.ref`): it is known once the classes are registered, and the workloads'
 * pods wait for them.
 */
export class SandboxRuntimes extends KubeHardenComponent<RuntimesRender> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:SandboxRuntimes';

  /** The class names workloads refer to. */
  public readonly ref: pulumi.Output<SandboxRuntimesRef>;
  /** RuntimeClass names by sandbox runtime. */
  public readonly runtimeClassNames: pulumi.Output<SandboxRuntimesRef['runtimeClassNames']>;
  /** PriorityClass names by tier. */
  public readonly priorityClassNames: pulumi.Output<SandboxRuntimesRef['priorityClassNames']>;

  constructor(name: string, args: SandboxRuntimesArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(SandboxRuntimes.TYPE, name, planRefRender(args, renderSandboxRuntimes, sandboxRuntimesRef), opts);
    this.ref = this.derive((r) => r.ref);
    this.runtimeClassNames = this.ref.apply((ref) => ref.runtimeClassNames);
    this.priorityClassNames = this.ref.apply((ref) => ref.priorityClassNames);
    this.registerRenderOutputs(
      () => ({ ref: this.ref, runtimeClassNames: this.runtimeClassNames, priorityClassNames: this.priorityClassNames }),
      (r) => ({ ref: r.ref, runtimeClassNames: r.ref.runtimeClassNames, priorityClassNames: r.ref.priorityClassNames }),
    );
  }
}
