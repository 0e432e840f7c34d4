import * as pulumi from '@pulumi/pulumi';
import { ComponentContextArgs, splitArgs } from './component';
import { RenderedComponent } from './rendered-component';
import { NamespaceRef } from '../core/mesh';
import { ZeroTrustNamespaceProps, renderZeroTrustNamespace, zeroTrustNamespaceRef } from '../core/zero-trust-namespace';

/** Args of the Pulumi `ZeroTrustNamespace`: the core props plus context and profile. */
export interface ZeroTrustNamespaceArgs extends ZeroTrustNamespaceProps, ComponentContextArgs {}

/**
 * A namespace that denies by default, as a Pulumi component: PSA restricted (pinned), mesh labels, STRICT mTLS and
 * allow-nothing policy when meshed, default-deny Cilium and NetworkPolicy that keep DNS, probes and the mesh working,
 * quota and limits, and an optional HNC parent. Components created after it in its namespace wait for it.
 */
export class ZeroTrustNamespace extends RenderedComponent {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:ZeroTrustNamespace';

  /** The namespace as a peer, a parent and the home of workloads (plain data). */
  public readonly ref: NamespaceRef;
  /** Namespace name. */
  public readonly namespace: pulumi.Output<string>;
  /** Mesh data plane of the namespace (give it to workloads' `meshMode`). */
  public readonly meshMode: pulumi.Output<string>;

  constructor(name: string, args: ZeroTrustNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    const { props, context, profile } = splitArgs<ZeroTrustNamespaceProps>(args);
    super(ZeroTrustNamespace.TYPE, name, renderZeroTrustNamespace(props, context, profile), opts);
    this.ref = zeroTrustNamespaceRef(props, profile);
    this.namespace = pulumi.output(this.ref.name);
    this.meshMode = pulumi.output(this.ref.meshMode);
    this.registerOutputs({ namespace: this.namespace, meshMode: this.meshMode, objectKeys: this.objectKeys });
  }
}
