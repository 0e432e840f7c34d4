// Internal to the Pulumi adapter (not exported from its index).
import { ComponentArgs, ComponentRender, RenderPlan, planRender } from './component';
import { K8sObject } from '../core/manifest';
import { RenderContext } from '../core/naming';
import { HardeningProfile } from '../core/profile';

/** The render of a component that exposes a ref (a namespace, the sandbox classes) beside its objects. */
export interface RefRender<Ref> extends ComponentRender {
  /** The ref workloads are given. */
  readonly ref: Ref;
}

/**
 * Plans the render of a component whose core has a render function and a ref function over the same props (see
 * `planRender`): the objects are rendered first, so that invalid props fail with the render's errors.
 */
export function planRefRender<P extends object, Ref>(
  args: ComponentArgs<P>,
  render: (props: P, context: RenderContext, profile: HardeningProfile | undefined) => K8sObject[],
  refOf: (props: P, profile: HardeningProfile | undefined) => Ref,
): RenderPlan<RefRender<Ref>> {
  return planRender(args, (props: P, context, profile) => ({ objects: render(props, context, profile), ref: refOf(props, profile) }));
}
