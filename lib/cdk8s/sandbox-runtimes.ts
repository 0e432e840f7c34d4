import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { K8sObject, SandboxRuntimesProps, SandboxRuntimesRef, renderSandboxRuntimes, sandboxRuntimesRef, intentOf } from '../core';
import { ProfileProps, renderContextOf } from './emit';
import { emitRendered } from './emit-rendered';

/** Props of the cdk8s `SandboxRuntimes`: the core props plus the profile. */
export interface SandboxRuntimesConstructProps extends SandboxRuntimesProps, ProfileProps {}

/**
 * The cluster's sandbox RuntimeClasses (gVisor `runsc`, Kata `kata-qemu`) with overhead and scheduling, and one
 * PriorityClass per tier. Give `.ref` to workloads (`sandbox: runtimes.ref`) so they name classes that exist.
 */
export class SandboxRuntimes extends Construct {
  /** The rendered objects (exactly what synth emits; all cluster-scoped). */
  public readonly objects: readonly K8sObject[];
  /** The class names workloads refer to. */
  public readonly ref: SandboxRuntimesRef;
  /** The ApiObjects, one per object. */
  public readonly apiObjects: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: SandboxRuntimesConstructProps = {}) {
    super(scope, id);
    const { intent, profile } = intentOf<SandboxRuntimesProps>(props);
    this.objects = renderSandboxRuntimes(intent, renderContextOf(this), profile);
    this.ref = sandboxRuntimesRef(intent, profile);
    this.apiObjects = emitRendered(this, this.objects);
  }
}
