/**
 * The built-in prototypes that plain JSON values and primitives inherit from: where an inherited member (`toJSON`,
 * or cdk8s's `resolve` and `value`) can hide from a check of own data.
 */
const BUILT_IN_PROTOTYPES: readonly object[] = [
  Object.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype, BigInt.prototype,
];

/** Whether any built-in prototype (or what it inherits from) has a member named one of `names`. */
export function builtInPrototypesHave(...names: string[]): boolean {
  return BUILT_IN_PROTOTYPES.some((proto) => names.some((name) => name in proto));
}
