import * as pulumi from '@pulumi/pulumi';
import { ComponentArgs, ComponentRender, KubeHardenComponent, planRender } from './component';
import { SecurityChaosProbesProps, renderSecurityChaosProbes } from '../core/security-chaos-probes';

/** Args of the Pulumi `SecurityChaosProbes`: the core props plus context and profile, every field a `pulumi.Input` at any depth. */
export type SecurityChaosProbesArgs = ComponentArgs<SecurityChaosProbesProps>;

/**
 * A CronJob in a restricted namespace that proves, with server-side dry-run, that admission denies escape and
 * escalation attempts and that forbidden network paths stay closed, as a Pulumi component.
 */
export class SecurityChaosProbes extends KubeHardenComponent<ComponentRender> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:SecurityChaosProbes';

  /** Namespace the probes run in. */
  public readonly namespace: pulumi.Output<string>;
  /** Name of the probe CronJob (its runs' logs hold the JSON results). */
  public readonly cronJobName: pulumi.Output<string>;

  constructor(name: string, args: SecurityChaosProbesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SecurityChaosProbes.TYPE, name, planRender(args, (props: SecurityChaosProbesProps, context, profile) => ({
      objects: renderSecurityChaosProbes(props, context, profile),
    })), opts);
    const cronJob = this.objects.apply((objects) => objects.find((o) => o.kind === 'CronJob')!);
    this.namespace = cronJob.apply((o) => o.metadata.namespace!);
    this.cronJobName = cronJob.apply((o) => o.metadata.name);
    this.registerOutputs({ namespace: this.namespace, cronJobName: this.cronJobName, objectKeys: this.objectKeys });
  }
}
