import { App, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { IConstruct } from 'constructs';
import { builtInPrototypesHave } from '../core/prototypes';

/**
 * cdk8s's `ApiObject.toJson` for an object whose props are plain JSON, in one copy.
 *
 * cdk8s synthesizes an object in two deep copies: `resolve` (which asks every App resolver about every value) and
 * `sanitizeValue` (which drops `null`/`undefined` object values and sorts keys unless `CDK8S_DISABLE_SORT` is set).
 * With only cdk8s's default resolvers (`LazyResolver`, `ImplicitTokenResolver`, `NumberStringUnionResolver`), plain
 * JSON resolves to a deep copy of itself, so the two copies come down to `sanitizedCopy`: the same result in one
 * copy. `plainJsonApplies` says when that holds; otherwise kube-harden calls cdk8s's own `toJson`. A test compares
 * both on random objects, metadata and patches (test/cdk8s/plain-json.test.ts).
 */

/** Thrown by `sanitizedCopy` on anything that is not plain JSON (the caller then falls back to cdk8s's `toJson`). */
const NOT_PLAIN = new Error('not plain JSON');

/**
 * Whether cdk8s's resolution leaves plain JSON under `scope` as it is: the app's resolvers are exactly cdk8s's
 * defaults, and no built-in prototype carries a `resolve` or `value` member (which those resolvers would act on).
 */
export function plainJsonApplies(scope: IConstruct): boolean {
  const resolvers = App.of(scope).resolvers;
  return resolvers.length === 3
    && resolvers[0] instanceof LazyResolver
    && resolvers[1] instanceof ImplicitTokenResolver
    && resolvers[2] instanceof NumberStringUnionResolver
    && !builtInPrototypesHave('resolve', 'value');
}

/**
 * `sanitizeValue(resolve(value))` for plain JSON, as cdk8s computes it: `null` and `undefined` become `undefined`
 * (kept as such in arrays, dropped from objects), object keys are sorted when `sortKeys`. Throws `NOT_PLAIN` on a
 * value that is not plain JSON (cdk8s would resolve or reject it).
 */
export function sanitizedCopy(value: unknown, sortKeys: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw NOT_PLAIN;
    return value;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as unknown;
      // a hole stays a hole in cdk8s's copy: leave sparse arrays to cdk8s
      if (item === undefined && !(i in value)) throw NOT_PLAIN;
      out[i] = sanitizedCopy(item, sortKeys);
    }
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) throw NOT_PLAIN;
  const keys = Object.keys(value);
  if (sortKeys && !isSorted(keys)) keys.sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    // cdk8s's resolvers treat an object with its own `constructor` as a class instance, and an own `__proto__` key
    // becomes the prototype of cdk8s's copy (its fields are not written): leave both to cdk8s.
    if (key === 'constructor' || key === '__proto__') throw NOT_PLAIN;
    const item = sanitizedCopy((value as Record<string, unknown>)[key], sortKeys);
    if (item !== undefined) out[key] = item;
  }
  return out;
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) return false;
  }
  return true;
}
