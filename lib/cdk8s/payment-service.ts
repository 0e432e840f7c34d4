import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ExecAllowList, K8sObject, PaymentServiceProps, WorkloadRef, buildPaymentService, paymentExecAllowList, intentOf } from '../core';
import { ProfileProps, renderContextOf, warnOnUndefinedClasses } from './emit';
import { emitRendered } from './emit-rendered';

/** Props of the cdk8s `PaymentService`: the core props plus the profile. */
export interface PaymentServiceConstructProps extends PaymentServiceProps, ProfileProps {}

/**
 * A payment workload: a SecureDeployment at the payment bar (Kata, at least 3 replicas, digest-pinned image,
 * critical priority, PDB); weakening any of these needs an acknowledgement, written as an annotation.
 * Warns at synth when its RuntimeClass or PriorityClass is defined by no `SandboxRuntimes` in the app.
 */
export class PaymentService extends Construct {
  /** The rendered objects (exactly what synth emits). */
  public readonly objects: readonly K8sObject[];
  /** The workload as a network peer. */
  public readonly ref: WorkloadRef;
  /** The exec allow-list for `RuntimeThreatDetection` (`workloads`), when `allowedExecutables` is given. */
  public readonly execAllowList?: ExecAllowList;
  /** The ApiObjects, one per object. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: PaymentServiceConstructProps) {
    super(scope, id);
    const { intent, profile } = intentOf<PaymentServiceProps>(props);
    const rendered = buildPaymentService(intent, renderContextOf(this), profile);
    this.objects = rendered.objects;
    this.ref = rendered.ref;
    this.execAllowList = paymentExecAllowList(intent, rendered, profile);
    this.apiObjects = emitRendered(this, rendered.objects);
    warnOnUndefinedClasses(this, rendered.objects);
  }
}
