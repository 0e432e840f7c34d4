import type { PublicPropType } from './boundary';

/**
 * The copies the boundary made that passed their schema (`checkAgainstSchema`), with the public type they passed as:
 * the core's own data, which it never changes. Given to the boundary again (a PaymentService's context and profile
 * reach the boundary of its workload), such a copy is neither copied nor checked a second time: it would pass again.
 * Internal: not exported by the package, so that no caller can mark a value of its own as checked.
 */
const PASSED = new WeakMap<object, PublicPropType>();

/** Whether `value` is a copy that passed the boundary as `type`. */
export function passedAs(value: unknown, type: PublicPropType): boolean {
  return typeof value === 'object' && value !== null && PASSED.get(value) === type;
}

/**
 * Records that `copy` passes the boundary as `type`: a copy the boundary checked, or own data the core built from one
 * when the schema of `type` accepts it whenever that copy passed (a PaymentService's props without its own fields are
 * SecureDeployment props: test/core/passed-copies.test.ts compares the two generated schemas).
 */
export function markPassed(copy: object, type: PublicPropType): void {
  PASSED.set(copy, type);
}
