import * as pulumi from '@pulumi/pulumi';
import { ComponentArgs, ComponentRender, KubeHardenComponent, planRender } from './component';
import { RuntimeCoverage, RuntimeThreatDetectionProps, renderRuntimeThreatDetection, runtimeCoverage } from '../core/runtime-threat-detection';

/** Args of the Pulumi `RuntimeThreatDetection`: the core props plus context and profile, every field a `pulumi.Input` at any depth. */
export type RuntimeThreatDetectionArgs = ComponentArgs<RuntimeThreatDetectionProps>;

interface DetectionRender extends ComponentRender {
  readonly coverage: RuntimeCoverage[];
}

/**
 * Exec allow-lists per workload (Tetragon for runc pods, Falco via gVisor's sink, a stated gap for Kata),
 * cluster-wide detections and a threat-intelligence feed, as a Pulumi component.
 */
export class RuntimeThreatDetection extends KubeHardenComponent<DetectionRender> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:RuntimeThreatDetection';

  /** How each workload is watched, with the Kata gap and its compensating controls. */
  public readonly coverage: pulumi.Output<RuntimeCoverage[]>;

  constructor(name: string, args: RuntimeThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(RuntimeThreatDetection.TYPE, name, planRender(args, (props: RuntimeThreatDetectionProps, context, profile) => ({
      objects: renderRuntimeThreatDetection(props, context, profile),
      coverage: [...runtimeCoverage(props, profile)],
    })), opts);
    this.coverage = this.derive((r) => r.coverage);
    this.registerRenderOutputs(() => ({ coverage: this.coverage }), (r) => ({ coverage: r.coverage }));
  }
}
