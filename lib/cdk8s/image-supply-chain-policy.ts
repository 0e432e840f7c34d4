import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ImageSupplyChainPolicyProps, K8sObject, RESTRICTED_PROFILE, renderImageSupplyChainPolicy, SupplyChainEngine, intentOf } from '../core';
import { ProfileProps, renderContextOf } from './emit';
import { emitRendered } from './emit-rendered';

/** Props of the cdk8s `ImageSupplyChainPolicy`: the core props plus the profile. */
export interface ImageSupplyChainPolicyConstructProps extends ImageSupplyChainPolicyProps, ProfileProps {}

/**
 * Admission of signed, scanned images only (Kyverno `ClusterPolicy`, or Sigstore `ClusterImagePolicy` plus a
 * `ValidatingAdmissionPolicy`), in the namespaces labelled by `imageVerificationNamespaceLabels(engine)`.
 */
export class ImageSupplyChainPolicy extends Construct {
  /** The rendered objects (exactly what synth emits; all cluster-scoped). */
  public readonly objects: readonly K8sObject[];
  /** The engine in use (namespaces need its opt-in labels). */
  public readonly engine: SupplyChainEngine;
  /** The ApiObjects, one per object. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: ImageSupplyChainPolicyConstructProps) {
    super(scope, id);
    const { intent, profile } = intentOf<ImageSupplyChainPolicyProps>(props);
    this.objects = renderImageSupplyChainPolicy(intent, renderContextOf(this), profile);
    this.engine = intent.engine ?? (profile ?? RESTRICTED_PROFILE).supplyChain.engine;
    this.apiObjects = emitRendered(this, this.objects);
  }
}
