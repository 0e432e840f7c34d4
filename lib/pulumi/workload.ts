import * as pulumi from '@pulumi/pulumi';
import { ComponentContextArgs, emitChildren, splitArgs } from './component';
import { WithImageInput, renderWithImageInput } from './image-input';
import { createdObjects } from './registry';
import { K8sObject } from '../core/manifest';
import { RenderContext } from '../core/naming';
import { HardeningProfile } from '../core/profile';
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

/** Args of a workload component: its core props with an image that may be an Output, plus context and profile. */
export type WorkloadArgs<P extends SecureDeploymentProps> = WithImageInput<P> & ComponentContextArgs;

function servicePorts(objects: readonly K8sObject[], ref: WorkloadRef): ServicePortOutput[] {
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === ref.name);
  const ports = (service?.spec as { ports?: ServicePortOutput[] } | undefined)?.ports ?? [];
  return ports.map(({ name, port, targetPort, protocol }) => ({ name, port, targetPort, protocol }));
}

/** Builds a workload's objects and ref from core props (`buildSecureDeployment`, `buildPaymentService`). */
export type WorkloadBuilder<P> = (props: P, context: RenderContext, profile: HardeningProfile | undefined) => RenderedWorkload;

/**
 * The shell of the workload components (SecureDeployment, PaymentService): renders with the core, creates the
 * children, and exposes what users wire onward. The image may be an Output: see `renderWithImageInput`.
 * Warns (as the cdk8s constructs do at synth) when the pods name a RuntimeClass or PriorityClass that no component
 * created earlier in the program defines.
 */
export abstract class WorkloadComponent<P extends SecureDeploymentProps> extends pulumi.ComponentResource {
  /** The rendered objects (when the image is an Output, they carry a placeholder where the resources carry the image). */
  public readonly objects: readonly K8sObject[];
  /** The workload as a network peer (plain data: give it to other components' `allowFrom`/`allowTo`). */
  public readonly ref: WorkloadRef;
  /** Namespace of the workload. */
  public readonly namespace: pulumi.Output<string>;
  /** Name of its ClusterIP Service (in-cluster DNS: `<serviceName>.<namespace>.svc`). */
  public readonly serviceName: pulumi.Output<string>;
  /** Ports of its Service. */
  public readonly servicePorts: pulumi.Output<ServicePortOutput[]>;
  /** Name of its ServiceAccount (its mesh identity). */
  public readonly serviceAccountName: pulumi.Output<string>;
  /** The container image, once validated with the library's rules. */
  public readonly image: pulumi.Output<string>;
  /** Keys of the objects this component created. */
  public readonly objectKeys: pulumi.Output<string[]>;
  /** The child resources, by object key. */
  public readonly resources: ReadonlyMap<string, pulumi.CustomResource>;

  protected constructor(
    type: string,
    kind: string,
    name: string,
    args: WorkloadArgs<P>,
    opts: pulumi.ComponentResourceOptions | undefined,
    build: WorkloadBuilder<P>,
  ) {
    // Validate and render before registering: invalid props leave no empty component behind.
    const { props, context, profile } = splitArgs<WithImageInput<P>>(args);
    const subject = `${kind} '${typeof props?.name === 'string' ? props.name : '?'}'`;
    const { rendered, image, inputs } = renderWithImageInput(subject, props, (p: P) => build(p, context, profile));
    super(type, name, {}, opts);
    const children = emitChildren(this, name, rendered.objects, opts, inputs);
    for (const warning of missingClassReferences(rendered.objects, createdObjects())) {
      void pulumi.log.warn(`${warning} (create the SandboxRuntimes before the workloads)`, this);
    }
    this.objects = rendered.objects;
    this.ref = rendered.ref;
    this.namespace = pulumi.output(this.ref.namespace);
    this.serviceName = pulumi.output(this.ref.name);
    this.servicePorts = pulumi.output(servicePorts(rendered.objects, this.ref));
    this.serviceAccountName = pulumi.output(this.ref.serviceAccountName);
    this.image = image;
    this.objectKeys = children.objectKeys;
    this.resources = children.resources;
    this.registerOutputs({
      namespace: this.namespace,
      serviceName: this.serviceName,
      servicePorts: this.servicePorts,
      serviceAccountName: this.serviceAccountName,
      image: this.image,
      objectKeys: this.objectKeys,
    });
  }
}
