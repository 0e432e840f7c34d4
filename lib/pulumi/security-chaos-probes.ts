import * as pulumi from '@pulumi/pulumi';
import { ComponentContextArgs, splitArgs } from './component';
import { RenderedComponent } from './rendered-component';
import { SecurityChaosProbesProps, renderSecurityChaosProbes } from '../core/security-chaos-probes';

/** Args of the Pulumi `SecurityChaosProbes`: the core props plus context and profile. */
export interface SecurityChaosProbesArgs extends SecurityChaosProbesProps, ComponentContextArgs {}

/**
 * A CronJob in a restricted namespace that proves, with server-side dry-run, that admission denies escape and
 * escalation attempts and that forbidden network paths stay closed, as a Pulumi component.
 */
export class SecurityChaosProbes extends RenderedComponent {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:SecurityChaosProbes';

  /** Namespace the probes run in. */
  public readonly namespace: pulumi.Output<string>;
  /** Name of the probe CronJob (its runs' logs hold the JSON results). */
  public readonly cronJobName: pulumi.Output<string>;

  constructor(name: string, args: SecurityChaosProbesArgs, opts?: pulumi.ComponentResourceOptions) {
    const { props, context, profile } = splitArgs<SecurityChaosProbesProps>(args);
    super(SecurityChaosProbes.TYPE, name, renderSecurityChaosProbes(props, context, profile), opts);
    const cronJob = this.objects.find((o) => o.kind === 'CronJob')!;
    this.namespace = pulumi.output(cronJob.metadata.namespace!);
    this.cronJobName = pulumi.output(cronJob.metadata.name);
    this.registerOutputs({ namespace: this.namespace, cronJobName: this.cronJobName, objectKeys: this.objectKeys });
  }
}
