import * as pulumi from '@pulumi/pulumi';
import { WorkloadArgs, WorkloadComponent } from './workload';
import { PaymentServiceProps, buildPaymentService, paymentExecAllowList } from '../core/payment-service';
import { ExecAllowList } from '../core/runtime-threat-detection';
import { RenderedWorkload } from '../core/secure-deployment';

/** Args of the Pulumi `PaymentService`: the core props plus context and profile, every field a `pulumi.Input` at any depth. */
export type PaymentServiceArgs = WorkloadArgs<PaymentServiceProps>;

/** A payment workload's render plus its exec allow-list. */
interface PaymentRender extends RenderedWorkload {
  readonly execAllowList?: ExecAllowList;
}

/**
 * A payment workload as a Pulumi component: a SecureDeployment at the payment bar (Kata, replicas, digest-pinned
 * image, priority class, PDB; weakening needs an acknowledgement), the same objects as the cdk8s `PaymentService`.
 */
export class PaymentService extends WorkloadComponent<PaymentServiceProps, PaymentRender> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:PaymentService';

  /** The exec allow-list for `RuntimeThreatDetection` (`workloads`); `undefined` when `allowedExecutables` is not given. */
  public readonly execAllowList: pulumi.Output<ExecAllowList | undefined>;

  constructor(name: string, args: PaymentServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(PaymentService.TYPE, name, args, opts, (props, context, profile) => {
      const rendered = buildPaymentService(props, context, profile);
      return { ...rendered, execAllowList: paymentExecAllowList(props, rendered, profile) };
    });
    this.execAllowList = this.derive((r) => r.execAllowList);
  }
}
