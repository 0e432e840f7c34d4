import * as pulumi from '@pulumi/pulumi';
import { ComponentArgs, CoreRender, KubeHardenComponent, planRender } from './component';
import { createdOfKinds } from './registry';
import { K8sObject } from '../core/manifest';
import { missingClassReferences } from '../core/sandbox-runtimes';
import { RenderedWorkload } from '../core/secure-deployment';
import { SecureDeploymentProps } from '../core/workload-props';
import { WorkloadRef } from '../core/workload-ref';

/** A port of the workload's Service, as users wire it onward. */
export interface ServicePortOutput {
  /** Port name. */
  readonly name: string;
  /** Port the Service exposes. */
  readonly port: number;
  /** Container port it targets. */
  readonly targetPort: number | string;
  /** Transport protocol. */
  readonly protocol: string;
}

/** Args of a workload component: its core props plus context and profile, every field a `pulumi.Input` at any depth. */
export type WorkloadArgs<P extends SecureDeploymentProps> = ComponentArgs<P>;

function servicePorts(objects: readonly K8sObject[], ref: WorkloadRef): ServicePortOutput[] {
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === ref.name);
  const ports = (service?.spec as { ports?: ServicePortOutput[] } | undefined)?.ports ?? [];
  return ports.map(({ name, port, targetPort, protocol }) => ({ name, port, targetPort, protocol }));
}

/** Builds a workload's objects and ref from core props (`buildSecureDeployment`, `buildPaymentService`). */
export type WorkloadBuilder<P, R extends RenderedWorkload = RenderedWorkload> = CoreRender<P, R>;

/** A workload's render plus the image it was rendered with. */
export type WorkloadRender<R extends RenderedWorkload> = R & { readonly image: string };

/**
 * The shell of the workload components (SecureDeployment, PaymentService): renders with the core once every input
 * is known, creates the children, and exposes what users wire onward as Outputs. Warns (as the cdk8s constructs do
 * at synth) when the pods name a RuntimeClass or PriorityClass that no component created earlier defines.
 */
export abstract class WorkloadComponent<P extends SecureDeploymentProps, R extends RenderedWorkload = RenderedWorkload>
  extends KubeHardenComponent<WorkloadRender<R>> {
  /** The workload as a network peer: give it to other components' `allowFrom`/`allowTo` (`peer: api.ref`). */
  public get ref(): pulumi.Output<WorkloadRef> {
    return this.lazyOutput('ref', () => this.derive((r) => r.ref));
  }

  /** Namespace of the workload. */
  public get namespace(): pulumi.Output<string> {
    return this.lazyOutput('namespace', () => this.ref.apply((ref) => ref.namespace));
  }

  /** Name of its ClusterIP Service (in-cluster DNS: `<serviceName>.<namespace>.svc`). */
  public get serviceName(): pulumi.Output<string> {
    return this.lazyOutput('serviceName', () => this.ref.apply((ref) => ref.name));
  }

  /** Ports of its Service. */
  public get servicePorts(): pulumi.Output<ServicePortOutput[]> {
    return this.lazyOutput('servicePorts', () => this.derive((r) => servicePorts(r.objects, r.ref)));
  }

  /** Name of its ServiceAccount (its mesh identity). */
  public get serviceAccountName(): pulumi.Output<string> {
    return this.lazyOutput('serviceAccountName', () => this.ref.apply((ref) => ref.serviceAccountName));
  }

  /** The container image, as validated with the library's rules. */
  public get image(): pulumi.Output<string> {
    return this.lazyOutput('image', () => this.derive((r) => r.image));
  }

  protected constructor(
    type: string,
    name: string,
    args: WorkloadArgs<P>,
    opts: pulumi.ComponentResourceOptions | undefined,
    build: WorkloadBuilder<P, R>,
  ) {
    const render: CoreRender<P, WorkloadRender<R>> = (props, context, profile) => ({ ...build(props, context, profile), image: props.image });
    super(type, name, planRender(args, render), opts, (rendered) => missingClassReferences(
      rendered.objects, createdOfKinds(['RuntimeClass', 'PriorityClass']),
    ).map((warning) => `${warning} (create the SandboxRuntimes before the workloads)`));
    this.registerRenderOutputs(() => ({
      ref: this.ref,
      namespace: this.namespace,
      serviceName: this.serviceName,
      servicePorts: this.servicePorts,
      serviceAccountName: this.serviceAccountName,
      image: this.image,
    }), (r) => ({
      ref: r.ref,
      namespace: r.ref.namespace,
      serviceName: r.ref.name,
      servicePorts: servicePorts(r.objects, r.ref),
      serviceAccountName: r.ref.serviceAccountName,
      image: r.image,
    }));
  }
}
