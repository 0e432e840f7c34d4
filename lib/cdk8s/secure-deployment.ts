import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { K8sObject, SecureDeploymentProps, WorkloadRef, buildSecureDeployment, intentOf } from '../core';
import { ProfileProps, renderContextOf, warnOnUndefinedClasses } from './emit';
import { emitRendered } from './emit-rendered';

/** Props of the cdk8s `SecureDeployment`: the core props plus the profile. */
export interface SecureDeploymentConstructProps extends SecureDeploymentProps, ProfileProps {}

/**
 * A hardened stateless workload: Deployment (PSS restricted pod), ServiceAccount, ClusterIP Service and
 * PodDisruptionBudget, rendered by the core with the chart's namespace and labels.
 * Warns at synth when its RuntimeClass or PriorityClass is defined by no `SandboxRuntimes` in the app.
 */
export class SecureDeployment extends Construct {
  /** The rendered objects (exactly what synth emits). */
  public readonly objects: readonly K8sObject[];
  /** The workload as a network peer. */
  public readonly ref: WorkloadRef;
  /** The ApiObjects, one per object. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: SecureDeploymentConstructProps) {
    super(scope, id);
    const { intent, profile } = intentOf<SecureDeploymentProps>(props);
    const rendered = buildSecureDeployment(intent, renderContextOf(this), profile);
    this.objects = rendered.objects;
    this.ref = rendered.ref;
    this.apiObjects = emitRendered(this, rendered.objects);
    warnOnUndefinedClasses(this, rendered.objects);
  }
}
