import * as pulumi from '@pulumi/pulumi';
import { ComponentContextArgs, splitArgs } from './component';
import { RenderedComponent } from './rendered-component';
import { NamespaceRef } from '../core/mesh';
import { MeshMode } from '../core/profile';
import { ZeroTrustNamespaceProps, renderZeroTrustNamespace, zeroTrustNamespaceRef } from '../core/zero-trust-namespace';

/** Args of the Pulumi `ZeroTrustNamespace`: the core props plus context and profile. */
export interface ZeroTrustNamespaceArgs extends ZeroTrustNamespaceProps, ComponentContextArgs {}

/**
 * A namespace that denies by default, as a Pulumi component: PSA restricted (pinned), mesh labels, STRICT mTLS and
 * allow-nothing policy when meshed, default-deny Cilium and NetworkPolicy that keep DNS, probes and the mesh working,
 * quota and limits, and an optional HNC parent. Use `.name` and `.meshMode` in workloads' props (as with cdk8s);
 * components created after it in its namespace wait for it.
 */
export class ZeroTrustNamespace extends RenderedComponent {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:ZeroTrustNamespace';

  /** The namespace as a peer and as an HNC parent (plain data). */
  public readonly ref: NamespaceRef;
  /** Namespace name (give it to workloads' `namespace`). */
  public readonly name: string;
  /** Mesh data plane (give it to workloads' `meshMode`). */
  public readonly meshMode: MeshMode;
  /** Waypoint of the namespace (ambient), if any. */
  public readonly waypoint?: string;

  constructor(name: string, args: ZeroTrustNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    const { props, context, profile } = splitArgs<ZeroTrustNamespaceProps>(args);
    super(ZeroTrustNamespace.TYPE, name, renderZeroTrustNamespace(props, context, profile), opts);
    this.ref = zeroTrustNamespaceRef(props, profile);
    this.name = this.ref.name;
    this.meshMode = this.ref.meshMode;
    this.waypoint = this.ref.waypoint;
    this.registerOutputs({ name: this.name, meshMode: this.meshMode, waypoint: this.waypoint, objectKeys: this.objectKeys });
  }
}
