import type { CheckedInputs, PublicPropType } from './boundary';
import type { RenderContext } from './naming';
import type { HardeningProfile } from './profile';

/**
 * How the boundary avoids copying and checking twice what it has just checked: a PaymentService's props, context and
 * profile pass its boundary, then its workload's boundary gets the same context and profile and the props without
 * the PaymentService's own fields, which the SecureDeployment schema accepts whenever the PaymentService schema did
 * (test/core/passed-copies.test.ts compares the two generated schemas).
 *
 * Internal: not exported by the package, so that no caller can vouch for a value of its own. A voucher is taken by the
 * first boundary that is given those props (with that context and profile), once: nothing can change them in between.
 */

/** The inputs a boundary gives its body when it found no problem (only `withBoundary` makes them). */
export class CleanInputs<P> implements CheckedInputs<P> {
  /**
   * @param props the props' copy
   * @param context the render context's copy
   * @param profile the profile (or its copy)
   */
  constructor(public readonly props: P, public readonly context: RenderContext, public readonly profile: HardeningProfile) {}
}

/** Whether `inputs` is what a boundary that found no problem gave its body. */
export function wasClean(inputs: CheckedInputs<unknown>): boolean {
  return inputs instanceof CleanInputs;
}

interface Voucher {
  readonly type: PublicPropType;
  readonly context: unknown;
  readonly profile: unknown;
}

const VOUCHED = new WeakMap<object, Voucher>();

/**
 * Vouches that `props`, own data built from the clean `inputs` of a boundary, pass as `type` with the same context
 * and profile: the next boundary given exactly these takes the voucher and does not check them again.
 */
export function vouch(props: object, type: PublicPropType, inputs: CheckedInputs<unknown>): void {
  if (wasClean(inputs)) VOUCHED.set(props, { type, context: inputs.context, profile: inputs.profile });
}

/** Whether `raw` is vouched for as `type` (same props, context and profile); the voucher is used up either way. */
export function takeVouched(raw: { readonly props: unknown; readonly context?: unknown; readonly profile?: unknown }, type: PublicPropType): boolean {
  if (typeof raw.props !== 'object' || raw.props === null) return false;
  const voucher = VOUCHED.get(raw.props);
  if (voucher === undefined) return false;
  VOUCHED.delete(raw.props);
  return voucher.type === type && voucher.context === raw.context && voucher.profile === raw.profile;
}
