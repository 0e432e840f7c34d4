import * as pulumi from '@pulumi/pulumi';
import { WorkloadArgs, WorkloadComponent } from './workload';
import { buildSecureDeployment } from '../core/secure-deployment';
import { SecureDeploymentProps } from '../core/workload-props';

/** Args of the Pulumi `SecureDeployment`: the core props plus context and profile, every field a `pulumi.Input` at any depth. */
export type SecureDeploymentArgs = WorkloadArgs<SecureDeploymentProps>;

/**
 * A hardened stateless workload as a Pulumi component: Deployment (PSS restricted pod), ServiceAccount,
 * ClusterIP Service and PodDisruptionBudget, the same objects as the cdk8s `SecureDeployment` from the same props.
 */
export class SecureDeployment extends WorkloadComponent<SecureDeploymentProps> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:SecureDeployment';

  constructor(name: string, args: SecureDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SecureDeployment.TYPE, name, args, opts, buildSecureDeployment);
  }
}
