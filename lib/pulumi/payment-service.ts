import * as pulumi from '@pulumi/pulumi';
import { WorkloadArgs, WorkloadComponent } from './workload';
import { PaymentServiceProps, buildPaymentService, paymentExecAllowList } from '../core/payment-service';
import { ExecAllowList } from '../core/runtime-threat-detection';

/** Args of the Pulumi `PaymentService`: the core props (the image may be an Output), plus context and profile. */
export type PaymentServiceArgs = WorkloadArgs<PaymentServiceProps>;

/**
 * A payment workload as a Pulumi component: a SecureDeployment at the payment bar (Kata, replicas, digest-pinned
 * image, priority class, PDB; weakening needs an acknowledgement), the same objects as the cdk8s `PaymentService`.
 */
export class PaymentService extends WorkloadComponent<PaymentServiceProps> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:PaymentService';

  /** The exec allow-list for `RuntimeThreatDetection` (`workloads`), when `allowedExecutables` is given. */
  public readonly execAllowList?: ExecAllowList;

  constructor(name: string, args: PaymentServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PaymentService.TYPE, 'PaymentService', name, args, opts, buildPaymentService);
    // The allow-list reads the exec props and the ref, never the image.
    this.execAllowList = paymentExecAllowList(args as PaymentServiceProps, { objects: [...this.objects], ref: this.ref }, args.profile);
  }
}
