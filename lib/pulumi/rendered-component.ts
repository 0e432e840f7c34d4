import * as pulumi from '@pulumi/pulumi';
import { emitChildren } from './component';
import { K8sObject } from '../core/manifest';

/**
 * The shell of a component whose objects are rendered before it registers (the cluster-level constructs):
 * children from the objects, `objects`, `objectKeys` and `resources`. Subclasses end with `registerOutputs`.
 */
export abstract class RenderedComponent extends pulumi.ComponentResource {
  /** The rendered objects (exactly what the children are created from). */
  public readonly objects: readonly K8sObject[];
  /** Keys of the objects this component created. */
  public readonly objectKeys: pulumi.Output<string[]>;
  /** The child resources, by object key. */
  public readonly resources: ReadonlyMap<string, pulumi.CustomResource>;

  /**
   * @param objects the core render (computed in the `super(...)` call, so invalid props throw before anything registers)
   */
  protected constructor(type: string, name: string, objects: K8sObject[], opts: pulumi.ComponentResourceOptions | undefined) {
    super(type, name, {}, opts);
    const children = emitChildren(this, name, objects, opts);
    this.objects = objects;
    this.objectKeys = children.objectKeys;
    this.resources = children.resources;
  }
}
