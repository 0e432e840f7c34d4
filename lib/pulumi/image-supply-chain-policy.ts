import * as pulumi from '@pulumi/pulumi';
import { ComponentContextArgs, splitArgs } from './component';
import { RenderedComponent } from './rendered-component';
import { ImageSupplyChainPolicyProps, imageVerificationNamespaceLabels, renderImageSupplyChainPolicy } from '../core/image-supply-chain-policy';
import { RESTRICTED_PROFILE, SupplyChainEngine } from '../core/profile';

/** Args of the Pulumi `ImageSupplyChainPolicy`: the core props plus context and profile. */
export interface ImageSupplyChainPolicyArgs extends ImageSupplyChainPolicyProps, ComponentContextArgs {}

/**
 * Admission of signed, scanned images only (Kyverno `ClusterPolicy`, or Sigstore `ClusterImagePolicy` plus a
 * `ValidatingAdmissionPolicy`), as a Pulumi component. Namespaces opt in with `namespaceLabels`.
 */
export class ImageSupplyChainPolicy extends RenderedComponent {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:ImageSupplyChainPolicy';

  /** The engine in use. */
  public readonly engine: SupplyChainEngine;
  /** The labels a namespace needs for its pods to be verified by this policy. */
  public readonly namespaceLabels: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ImageSupplyChainPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    const { props, context, profile } = splitArgs<ImageSupplyChainPolicyProps>(args);
    super(ImageSupplyChainPolicy.TYPE, name, renderImageSupplyChainPolicy(props, context, profile), opts);
    this.engine = props.engine ?? (profile ?? RESTRICTED_PROFILE).supplyChain.engine;
    this.namespaceLabels = pulumi.output(imageVerificationNamespaceLabels(this.engine));
    this.registerOutputs({ engine: this.engine, namespaceLabels: this.namespaceLabels, objectKeys: this.objectKeys });
  }
}
