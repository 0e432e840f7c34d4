import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { K8sObject, renderRuntimeThreatDetection, RuntimeCoverage, runtimeCoverage, RuntimeThreatDetectionProps, intentOf } from '../core';
import { ProfileProps, renderContextOf } from './emit';
import { emitRendered } from './emit-rendered';

/** Props of the cdk8s `RuntimeThreatDetection`: the core props plus the profile. */
export interface RuntimeThreatDetectionConstructProps extends RuntimeThreatDetectionProps, ProfileProps {}

/**
 * Exec allow-lists per workload (Tetragon for runc pods, Falco via gVisor's sink for gVisor pods, a stated gap for
 * Kata), cluster-wide Tetragon and Falco detections, and a threat-intelligence feed.
 */
export class RuntimeThreatDetection extends Construct {
  /** The rendered objects (exactly what synth emits). */
  public readonly objects: readonly K8sObject[];
  /** How each workload is watched, with the Kata gap and its compensating controls. */
  public readonly coverage: readonly RuntimeCoverage[];
  /** The ApiObjects, one per object. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: RuntimeThreatDetectionConstructProps) {
    super(scope, id);
    const { intent, profile } = intentOf<RuntimeThreatDetectionProps>(props);
    this.objects = renderRuntimeThreatDetection(intent, renderContextOf(this), profile);
    this.coverage = runtimeCoverage(intent, profile);
    this.apiObjects = emitRendered(this, this.objects);
  }
}
