import * as pulumi from '@pulumi/pulumi';
import { ComponentArgs, KubeHardenComponent } from './component';
import { RefRender, planRefRender } from './ref-render';
import { NamespaceRef } from '../core/mesh';
import { MeshMode } from '../core/profile';
import { ZeroTrustNamespaceProps, renderZeroTrustNamespace, zeroTrustNamespaceRef } from '../core/zero-trust-namespace';

/** Args of the Pulumi `ZeroTrustNamespace`: the core props plus context and profile, every field a `pulumi.Input` at any depth. */
export type ZeroTrustNamespaceArgs = ComponentArgs<ZeroTrustNamespaceProps>;

type NamespaceRender = RefRender<NamespaceRef>;

/**
 * A namespace that denies by default, as a Pulumi component: PSA restricted (pinned), mesh labels, STRICT mTLS and
 * allow-nothing policy when meshed, default-deny Cilium and NetworkPolicy that keep DNS, probes and the mesh working,
 * quota and limits, and an optional HNC parent. Give `.name` and `.meshMode` to workloads' props
 * (`namespace: payments.name`): they are Outputs known once the namespace's objects are registered, so the workloads
 * wait for them.
 */
export class ZeroTrustNamespace extends KubeHardenComponent<NamespaceRender> {
  /** Type token. */
  public static readonly TYPE = 'kube-harden:index:ZeroTrustNamespace';

  /** The namespace as a peer and as an HNC parent (`parent: { namespace: finance.ref }`). */
  public readonly ref: pulumi.Output<NamespaceRef>;
  /** Namespace name (give it to workloads' `namespace`). */
  public readonly name: pulumi.Output<string>;
  /** Mesh data plane (give it to workloads' `meshMode`). */
  public readonly meshMode: pulumi.Output<MeshMode>;
  /** Waypoint of the namespace (ambient); `undefined` when there is none. */
  public readonly waypoint: pulumi.Output<string | undefined>;

  constructor(name: string, args: ZeroTrustNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ZeroTrustNamespace.TYPE, name, planRefRender(args, renderZeroTrustNamespace, zeroTrustNamespaceRef), opts);
    this.ref = this.derive((r) => r.ref);
    this.name = this.ref.apply((ref) => ref.name);
    this.meshMode = this.ref.apply((ref) => ref.meshMode);
    this.waypoint = this.ref.apply((ref) => ref.waypoint);
    this.registerRenderOutputs(
      () => ({ ref: this.ref, name: this.name, meshMode: this.meshMode, waypoint: this.waypoint }),
      (r) => ({ ref: r.ref, name: r.ref.name, meshMode: r.ref.meshMode, waypoint: r.ref.waypoint }),
    );
  }
}
