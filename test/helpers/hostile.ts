/**
 * Hostile inputs for the props of every construct, as a JavaScript, YAML-configured or Pulumi caller could pass them:
 * a valid props object mutated at random paths with wrong types, null, NaN, strings where lists belong, unknown and
 * `__proto__`/`constructor` keys, prototypes (`Object.create`), class instances in place of plain data (a record as a
 * `Map` or as an instance holding the same fields, a list as a `Set`, a `Date`, a function, a Promise, a stand-in for a
 * Pulumi Output), getters that throw, cycles, odd unicode, and random acknowledgements (some valid, some blank or
 * invisible).
 */
import * as fc from 'fast-check';
import { CONTROLS } from '../../lib/core';

type Mutable = Record<string, unknown> | unknown[];

/** Values no prop should take as they are. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, NaN, Infinity, -Infinity, -0, 0, -1, 1.5, 2 ** 53, 65536, true, false),
  fc.constantFrom<unknown>('', ' ', 'x', 'GET', 'api', 'true', '0', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'latest', 'Unconfined'),
  fc.constantFrom<unknown>('\u200b', 'a\u0000b', '\u202eevil', '\ud800', 'ＡＬＬ', 'SYS_ADMIN', '0.0.0.0/0', '/', '../etc', 'a'.repeat(300)),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -10n, max: 10n }),
  fc.constantFrom<unknown>([], [null], ['x'], [1], {}, { length: 1, 0: 'x' }),
  fc.constant(null).map(() => JSON.parse('{"__proto__":{"reason":"hidden","d":"private"}}')),
  fc.constant(null).map(() => Object.create({ reason: 'inherited', name: 'inherited' })),
  fc.constant(null).map(() => nonPlainValue({ app: 'gateway', reason: 'a class instance' }, 0)),
  fc.constant(null).map(() => nonPlainValue(['x'], 1)),
  fc.constant(null).map(() => nonPlainValue({}, 2)),
  fc.constantFrom<unknown>(() => 'x', new Date(0)),
);

/** A class of the caller's own. */
class Labels {
  public readonly kind = 'labels';
}

/**
 * `value` as a caller who does not write plain data gives it, by `variant`: a record as a `Map` of its entries, as an
 * instance of a class holding the same own fields, as a stand-in for a Pulumi Output (an own `__pulumiOutput`) or as a
 * Promise of it; a list as a `Set` of its items; anything as a `Date`.
 */
export function nonPlainValue(value: unknown, variant: number): unknown {
  // own fields as they are: a hostile getter is copied, never called
  const fields = Object.getOwnPropertyDescriptors(value);
  const variants = Array.isArray(value)
    ? [() => new Set(value), () => new Date(0)]
    : [
      () => new Map(Object.entries(fields).flatMap(([key, d]) => ('value' in d ? [[key, d.value as unknown]] : []))),
      () => Object.defineProperties(new Labels(), fields),
      () => Object.assign(Object.create({ apply: () => undefined }), { __pulumiOutput: true }),
      () => Promise.resolve(value),
      () => new Date(0),
    ];
  return variants[variant % variants.length]();
}

/** Keys no props type has. */
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'profile', 'context', '\u200bname', 'NAME'),
  fc.string({ maxLength: 10 }),
);

const CONTROL_IDS = Object.keys(CONTROLS);
/** A reason: sometimes a real sentence, sometimes blank, invisible, control characters or not a string. */
const reason: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('approved by risk, ticket SEC-42', 'legacy image', 'ＯＫ'),
  fc.constantFrom<unknown>('', '   ', '\u200b', '\u200b\u200c\ufeff', '\u0007', '\n', undefined, null, 3),
);
/** Random acknowledgements, own or inherited. */
const hostileAcknowledgements: fc.Arbitrary<unknown> = fc.tuple(
  fc.dictionary(fc.oneof(fc.constantFrom(...CONTROL_IDS), hostileKey), fc.record({ reason }), { maxKeys: 6 }),
  fc.boolean(),
).map(([acks, inherited]) => (inherited ? Object.create(acks) : acks));

/** One mutation: what to do, where (an index into the paths of the value), and with what. */
export interface Mutation {
  /** What to do. */
  readonly kind: 'set' | 'delete' | 'addKey' | 'prototype' | 'classInstance' | 'stringForList' | 'cycle' | 'throwingGetter' | 'acknowledgements';
  /** Index into the paths (modulo their number). */
  readonly at: number;
  /** Value to set. */
  readonly value: unknown;
  /** Key to add. */
  readonly key: string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('set', 'set', 'set', 'delete', 'addKey', 'prototype', 'classInstance', 'stringForList', 'cycle', 'throwingGetter', 'acknowledgements') as fc.Arbitrary<Mutation['kind']>,
  at: fc.nat(),
  value: fc.oneof(hostileValue, hostileAcknowledgements),
  key: hostileKey,
});

/** Every container (object or array) in `value` with its parent and key: the places a mutation can hit. */
function places(value: unknown): Array<{ parent: Mutable; key: string | number }> {
  const found: Array<{ parent: Mutable; key: string | number }> = [];
  const walk = (v: unknown, depth: number): void => {
    if (typeof v !== 'object' || v === null || depth > 8) return;
    for (const key of Object.keys(v)) {
      const descriptor = Object.getOwnPropertyDescriptor(v, key);
      if (descriptor === undefined || !('value' in descriptor)) continue; // a hostile getter: leave it alone
      found.push({ parent: v as Mutable, key: Array.isArray(v) ? Number(key) : key });
      walk(descriptor.value, depth + 1);
    }
  };
  walk(value, 0);
  return found;
}

/** Sets an own property; a mutation JavaScript itself forbids (an array's `length`) is skipped. */
function define(target: object, key: string | number, value: unknown): void {
  try {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } catch {
    // not a value any caller could pass
  }
}

/** A list's first entry as a string (never calling a hostile `toString`), as a caller who wrote one item would. */
function firstString(list: readonly unknown[]): string {
  const first = Object.getOwnPropertyDescriptor(list, 0)?.value;
  return typeof first === 'string' ? first : typeof first === 'number' ? `${first}` : 'x';
}

/** Applies `mutations` to a deep copy of `base` (the root itself may be replaced). */
export function mutate(base: unknown, mutations: readonly Mutation[]): unknown {
  const root = { value: structuredClone(base) as unknown };
  for (const m of mutations) {
    const all = [{ parent: root as unknown as Mutable, key: 'value' as string | number }, ...places(root.value)];
    const { parent, key } = all[m.at % all.length];
    const current = Object.getOwnPropertyDescriptor(parent, key)?.value;
    switch (m.kind) {
      case 'set': define(parent, key, m.value); break;
      case 'delete': if (!Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string]; break;
      case 'addKey': if (typeof current === 'object' && current !== null) define(current, m.key, m.value); break;
      case 'prototype': if (typeof current === 'object' && current !== null) define(parent, key, Object.create(current)); break;
      case 'classInstance': if (typeof current === 'object' && current !== null) define(parent, key, nonPlainValue(current, m.at)); break;
      case 'stringForList': define(parent, key, Array.isArray(current) ? firstString(current) : current); break;
      case 'cycle': if (typeof current === 'object' && current !== null) define(current, m.key, parent); break;
      case 'throwingGetter':
        if (typeof current === 'object' && current !== null) {
          try {
            Object.defineProperty(current, m.key, { enumerable: true, configurable: true, get: () => { throw new Error('hostile getter'); } });
          } catch {
            // an array's length cannot become a getter
          }
        }
        break;
      case 'acknowledgements': if (typeof root.value === 'object' && root.value !== null) define(root.value, 'acknowledgements', m.value); break;
    }
  }
  return root.value;
}

/** Hostile variants of `base`: one to three mutations. */
export function hostile(base: unknown): fc.Arbitrary<unknown> {
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => mutate(base, mutations));
}
