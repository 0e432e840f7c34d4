import * as pulumi from '@pulumi/pulumi';
import { WorkloadArgs, WorkloadComponent } from './workload';
import { PaymentServiceProps, buildPaymentService } from '../core/payment-service';

/** Args of the Pulumi `PaymentService`: the core props (the image may be an Output), plus context and profile. */
export type PaymentServiceArgs = WorkloadArgs<PaymentServiceProps>;

/**
 * A payment workload as a Pulumi component: a SecureDeployment at the payment bar (Kata, replicas, digest-pinned
 * image, priority class, PDB; weakening needs an acknowledgement), the same objects as the cdk8s `PaymentService`.
 */
export class PaymentService extends WorkloadComponent<PaymentServiceProps> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:PaymentService';

  constructor(name: string, args: PaymentServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PaymentService.TYPE, 'PaymentService', name, args, opts, buildPaymentService);
  }
}
