import * as pulumi from '@pulumi/pulumi';
import { ComponentArgs, ComponentRender, KubeHardenComponent, planRender } from './component';
import { K8sObject } from '../core/manifest';
import { SecurityChaosProbesProps, renderSecurityChaosProbes } from '../core/security-chaos-probes';

/** The probe CronJob among the rendered objects (the core renders exactly one). */
function cronJobOf(objects: readonly K8sObject[]): K8sObject {
  return objects.find((o) => o.kind === 'CronJob')!;
}

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
    const cronJob = this.objects.apply(cronJobOf);
    this.namespace = cronJob.apply((o) => o.metadata.namespace!);
    this.cronJobName = cronJob.apply((o) => o.metadata.name);
    this.registerRenderOutputs(() => ({ namespace: this.namespace, cronJobName: this.cronJobName }), (r) => {
      const plain = cronJobOf(r.objects);
      return { namespace: plain.metadata.namespace!, cronJobName: plain.metadata.name };
    });
  }
}
