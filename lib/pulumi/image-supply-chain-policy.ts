import * as pulumi from '@pulumi/pulumi';
import { ComponentArgs, ComponentRender, KubeHardenComponent, planRender } from './component';
import { ImageSupplyChainPolicyProps, imageVerificationNamespaceLabels, renderImageSupplyChainPolicy } from '../core/image-supply-chain-policy';
import { RESTRICTED_PROFILE, SupplyChainEngine } from '../core/profile';

/** Args of the Pulumi `ImageSupplyChainPolicy`: the core props plus context and profile, every field a `pulumi.Input` at any depth. */
export type ImageSupplyChainPolicyArgs = ComponentArgs<ImageSupplyChainPolicyProps>;

interface PolicyRender extends ComponentRender {
  readonly engine: SupplyChainEngine;
}

/**
 * Admission of signed, scanned images only (Kyverno `ClusterPolicy`, or Sigstore `ClusterImagePolicy` plus a
 * `ValidatingAdmissionPolicy`), as a Pulumi component. Namespaces opt in with `namespaceLabels`.
 */
export class ImageSupplyChainPolicy extends KubeHardenComponent<PolicyRender> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:ImageSupplyChainPolicy';

  /** The engine in use. */
  public readonly engine: pulumi.Output<SupplyChainEngine>;
  /** The labels a namespace needs for its pods to be verified by this policy. */
  public readonly namespaceLabels: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ImageSupplyChainPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ImageSupplyChainPolicy.TYPE, name, planRender(args, (props: ImageSupplyChainPolicyProps, context, profile) => ({
      objects: renderImageSupplyChainPolicy(props, context, profile),
      engine: props.engine ?? (profile ?? RESTRICTED_PROFILE).supplyChain.engine,
    })), opts);
    this.engine = this.derive((r) => r.engine);
    this.namespaceLabels = this.engine.apply((engine) => imageVerificationNamespaceLabels(engine));
    this.registerRenderOutputs(
      () => ({ engine: this.engine, namespaceLabels: this.namespaceLabels }),
      (r) => ({ engine: r.engine, namespaceLabels: imageVerificationNamespaceLabels(r.engine) }),
    );
  }
}
