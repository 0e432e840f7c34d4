import * as pulumi from '@pulumi/pulumi';
import { ComponentContextArgs, splitArgs } from './component';
import { RenderedComponent } from './rendered-component';
import { RuntimeCoverage, RuntimeThreatDetectionProps, renderRuntimeThreatDetection, runtimeCoverage } from '../core/runtime-threat-detection';

/** Args of the Pulumi `RuntimeThreatDetection`: the core props plus context and profile. */
export interface RuntimeThreatDetectionArgs extends RuntimeThreatDetectionProps, ComponentContextArgs {}

/**
 * Exec allow-lists per workload (Tetragon for runc pods, Falco via gVisor's sink, a stated gap for Kata),
 * cluster-wide detections and a threat-intelligence feed, as a Pulumi component.
 */
export class RuntimeThreatDetection extends RenderedComponent {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:RuntimeThreatDetection';

  /** How each workload is watched, with the Kata gap and its compensating controls (plain data). */
  public readonly coverage: readonly RuntimeCoverage[];
  /** The same coverage as an output. */
  public readonly coverageOutput: pulumi.Output<RuntimeCoverage[]>;

  constructor(name: string, args: RuntimeThreatDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
    const { props, context, profile } = splitArgs<RuntimeThreatDetectionProps>(args);
    super(RuntimeThreatDetection.TYPE, name, renderRuntimeThreatDetection(props, context, profile), opts);
    this.coverage = runtimeCoverage(props, profile);
    this.coverageOutput = pulumi.output([...this.coverage]);
    this.registerOutputs({ coverage: this.coverageOutput, objectKeys: this.objectKeys });
  }
}
