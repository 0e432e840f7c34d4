/** A value that is not plain data: what it is, and how to give it as plain data (see `nonPlain`). */
export interface NonPlain {
  /** What it is, with its article: `a Map`, `a Pulumi Output`, `a function`. */
  readonly kind: string;
  /** How to give it instead. */
  readonly fix: string;
}

/** The fix for a built-in class, by its `Object.prototype.toString` tag (which subclasses and other realms keep). */
const BUILT_IN_FIXES: Readonly<Record<string, string>> = {
  Map: 'pass a plain object: Object.fromEntries(map).',
  Set: 'pass a list: [...set].',
  Promise: 'await it and pass its value (the kube-harden/pulumi components also take Promises and Outputs).',
  Date: 'pass the value as the field documents it (a Date is never converted).',
  String: 'pass the string itself (value.valueOf()).',
  Number: 'pass the number itself (value.valueOf()).',
  Boolean: 'pass the boolean itself (value.valueOf()).',
};

/** `word` with its indefinite article: `an OutputImpl`, `a Map`. */
export function withArticle(word: string): string {
  return `${/^[AEIOU]/i.test(word) ? 'an' : 'a'} ${word}`;
}

/** The name of the class whose prototype `proto` is, read from own data only (no getter runs). */
export function className(proto: object): string | undefined {
  const constructor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  const name: unknown = typeof constructor === 'function' ? Object.getOwnPropertyDescriptor(constructor, 'name')?.value : undefined;
  return typeof name === 'string' && /^[A-Za-z_$][\w$]*$/.test(name) ? name : undefined;
}

/**
 * What `value` is when it is not plain data, or `undefined` when it is. Plain data is what JSON and an object literal
 * give: primitives, arrays, and objects whose prototype is `Object.prototype` (of any realm) or null
 * (`Object.create(null)`). A function, a class instance (`Map`, `Set`, `Date`, a Pulumi `Output`, a
 * `Promise`, a boxed primitive) and an object that inherits from another are not: a copy of their own keys would
 * silently be something else (a `Map`'s is `{}`). May throw (a revoked Proxy): callers record that as unreadable.
 */
export function nonPlain(value: unknown): NonPlain | undefined {
  if (typeof value === 'function') return { kind: 'a function', fix: 'pass the value itself, not a function (nothing calls it).' };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null || proto === Object.prototype || (Object.getPrototypeOf(proto) === null && className(proto) === 'Object')) return undefined;
  // Pulumi marks its Outputs with an own `__pulumiOutput` (@pulumi/pulumi output.ts, OutputImpl constructor).
  if (Object.getOwnPropertyDescriptor(value, '__pulumiOutput')?.value === true) {
    return { kind: 'a Pulumi Output', fix: 'use the kube-harden/pulumi component, which resolves Outputs before it validates, or pass the resolved value (inside output.apply).' };
  }
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (Object.prototype.hasOwnProperty.call(BUILT_IN_FIXES, tag)) {
    return { kind: `${withArticle(tag)}${/^(String|Number|Boolean)$/.test(tag) ? ' object' : ''}`, fix: BUILT_IN_FIXES[tag] };
  }
  const name = className(proto);
  return name === undefined
    ? { kind: 'an object that inherits from another', fix: 'pass a plain object with the fields as its own (inherited fields are never read).' }
    : { kind: withArticle(name), fix: 'pass a plain object or list with the documented fields (a class instance is never read).' };
}

/**
 * Why `value` cannot be looked at, as a problem's message: `is a revoked Proxy`, or `could not be read (...)` for a
 * Proxy whose `getPrototypeOf` trap throws; `undefined` for any other value. Never throws.
 */
export function unreadable(value: unknown): string | undefined {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return undefined;
  try {
    // (IsArray throws for a revoked Proxy, and for nothing else: ECMA-262, 7.2.2 IsArray)
    Array.isArray(value);
  } catch {
    return 'is a revoked Proxy';
  }
  try {
    Object.getPrototypeOf(value);
    return undefined;
  } catch (error) {
    return couldNotRead(error);
  }
}

/** The message of a problem whose value threw `error` when read: `could not be read (boom)`. Never throws. */
export function couldNotRead(error: unknown): string {
  try {
    return `could not be read (${error instanceof Error ? error.message : String(error)})`;
  } catch {
    return 'could not be read';
  }
}
