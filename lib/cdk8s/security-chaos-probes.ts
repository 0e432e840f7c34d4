import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { K8sObject, renderSecurityChaosProbes, SecurityChaosProbesProps, intentOf } from '../core';
import { ProfileProps, renderContextOf } from './emit';
import { emitRendered } from './emit-rendered';

/** Props of the cdk8s `SecurityChaosProbes`: the core props plus the profile. */
export interface SecurityChaosProbesConstructProps extends SecurityChaosProbesProps, ProfileProps {}

/**
 * A CronJob in a restricted namespace that proves, with server-side dry-run, that admission denies escape and
 * escalation attempts in the protected namespaces and that forbidden network paths stay closed.
 */
export class SecurityChaosProbes extends Construct {
  /** The rendered objects (exactly what synth emits). */
  public readonly objects: readonly K8sObject[];
  /** The ApiObjects, one per object. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: SecurityChaosProbesConstructProps) {
    super(scope, id);
    const { intent, profile } = intentOf<SecurityChaosProbesProps>(props);
    this.objects = renderSecurityChaosProbes(intent, renderContextOf(this), profile);
    this.apiObjects = emitRendered(this, this.objects);
  }
}
