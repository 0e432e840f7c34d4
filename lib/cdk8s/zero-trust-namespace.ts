import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { K8sObject, MeshMode, NamespaceRef, ZeroTrustNamespaceProps, renderZeroTrustNamespace, zeroTrustNamespaceRef, intentOf } from '../core';
import { ProfileProps, renderContextOf } from './emit';
import { emitRendered } from './emit-rendered';

/** Props of the cdk8s `ZeroTrustNamespace`: the core props plus the profile. */
export interface ZeroTrustNamespaceConstructProps extends ZeroTrustNamespaceProps, ProfileProps {}

/**
 * A namespace that denies by default: Pod Security restricted (pinned), mesh labels, STRICT mTLS and allow-nothing
 * (when meshed), default-deny Cilium policy and NetworkPolicy that keep DNS, kubelet probes and mesh traffic
 * working, ResourceQuota, LimitRange and an optional HNC parent. Use `.name` as the namespace of workloads and
 * `.meshMode` / `.waypoint` for their traffic props; `.ref` is a peer (the whole namespace) and an HNC parent.
 */
export class ZeroTrustNamespace extends Construct {
  /** The rendered objects (exactly what synth emits). */
  public readonly objects: readonly K8sObject[];
  /** The namespace as a peer and as a parent. */
  public readonly ref: NamespaceRef;
  /** Namespace name. */
  public readonly name: string;
  /** Mesh data plane (give it to the workloads' `meshMode`). */
  public readonly meshMode: MeshMode;
  /** Waypoint of the namespace (ambient), if any. */
  public readonly waypoint?: string;
  /** The ApiObjects, one per object. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: ZeroTrustNamespaceConstructProps) {
    super(scope, id);
    const { intent, profile } = intentOf<ZeroTrustNamespaceProps>(props);
    this.objects = renderZeroTrustNamespace(intent, renderContextOf(this), profile);
    this.ref = zeroTrustNamespaceRef(intent, profile);
    this.name = this.ref.name;
    this.meshMode = this.ref.meshMode;
    this.waypoint = this.ref.waypoint;
    this.apiObjects = emitRendered(this, this.objects);
  }
}
