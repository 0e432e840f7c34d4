/**
 * `ownData` (the boundary's copy of every props object) takes a fast path: paths are spelled out only when a problem
 * names them, and keys Object.prototype does not have are assigned rather than defined. This property test holds it
 * to the straightforward copy it replaced (`referenceOwnData` below): same copy (own keys, descriptors, prototypes,
 * values), same problems, same reads of every getter, for hostile props, arbitrary values (class instances, functions
 * and boxed values among them), a polluted prototype and a Proxy that changes its length.
 */
import * as fc from 'fast-check';
import { ownData } from '../../lib/core/boundary';
import { nonPlain } from '../../lib/core/non-plain';
import { Problem, Problems } from '../../lib/core/validation';
import { mutate, mutation } from '../helpers/hostile';
import * as valid from '../helpers/valid-props';

const MAX_DEPTH = 32;
const MAX_ITEMS = 10_000;

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** The copy as it was written before the fast path: every key defined, every path built. */
function referenceOwnData(value: unknown, problems: Problems, field: string): unknown {
  const ancestors = new Set<object>();
  const copy = (v: unknown, at: string, depth: number): unknown => {
    if (typeof v === 'function') {
      problems.add(at || 'props', '<a function>', 'is a function, not plain data', nonPlain(v)!.fix);
      return undefined;
    }
    if (typeof v !== 'object' || v === null) return v;
    try {
      Array.isArray(v);
    } catch {
      problems.add(at || 'props', '<unreadable>', 'is a revoked Proxy', 'give plain data.');
      return undefined;
    }
    if (ancestors.has(v)) {
      problems.add(at || 'props', '<circular>', 'refers back to itself', 'give plain data without cycles.');
      return undefined;
    }
    if (depth > MAX_DEPTH) {
      problems.add(at || 'props', '<too deep>', `nests deeper than ${MAX_DEPTH} levels`, 'give the props as documented.');
      return undefined;
    }
    ancestors.add(v);
    try {
      if (Array.isArray(v)) {
        if (v.length > MAX_ITEMS) {
          problems.add(at, `<${v.length} items>`, `has more than ${MAX_ITEMS} items`, 'give a shorter list.');
          return [];
        }
        return Array.from({ length: v.length }, (_, i) => copy(read(v, i, at), join(at, i), depth + 1));
      }
      const other = nonPlain(v);
      if (other !== undefined) {
        problems.add(at || 'props', `<${other.kind}>`, `is ${other.kind}, not plain data`, other.fix);
        return undefined;
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const item = copy(read(v, key, at), join(at, key), depth + 1);
        if (item !== undefined) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      }
      return out;
    } catch (error) {
      problems.add(at || 'props', '<unreadable>', `could not be read (${error instanceof Error ? error.message : String(error)})`, 'give plain data.');
      return undefined;
    } finally {
      ancestors.delete(v);
    }
  };
  // (an item that throws when read is a problem of its own field)
  const read = (holder: object, key: string | number, at: string): unknown => {
    try {
      return (holder as Record<string | number, unknown>)[key];
    } catch (error) {
      problems.add(join(at, key), '<unreadable>', `could not be read (${error instanceof Error ? error.message : String(error)})`, 'give plain data.');
      return undefined;
    }
  };
  return copy(value, field, 0);
}

/** A comparable picture of a value: prototypes, own property descriptors and values (NaN, -0 and bigints told apart). */
function picture(value: unknown, seen = new Map<unknown, number>()): unknown {
  if (typeof value === 'number') return Object.is(value, -0) ? 'number:-0' : `number:${value}`;
  if (typeof value === 'bigint') return `bigint:${value}`;
  if (typeof value === 'symbol' || typeof value === 'function') return value; // compared by identity
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return `<ref ${seen.get(value)}>`;
  seen.set(value, seen.size);
  const proto = Object.getPrototypeOf(value);
  return {
    proto: proto === Object.prototype ? 'Object' : proto === Array.prototype ? 'Array' : proto === null ? 'null' : 'other',
    own: Reflect.ownKeys(value).map((key) => {
      const d = Object.getOwnPropertyDescriptor(value, key)!;
      return [String(key), d.enumerable, d.configurable, 'value' in d ? [d.writable, picture(d.value, seen)] : 'accessor'];
    }),
  };
}

/** Where the counting getters log their reads: the log of the copy being run. */
let reads: string[] = [];

/**
 * `value` with a counting getter `counted` added to every object it holds at its first level (under `key`). Some of
 * those objects are shared by the generators: the returned function removes the getters again.
 */
function withCountingGetters(value: unknown): () => void {
  const counted: object[] = [];
  if (typeof value !== 'object' || value === null) return () => undefined;
  for (const key of Object.keys(value)) {
    const inner = Object.getOwnPropertyDescriptor(value, key)?.value;
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner) || Object.prototype.hasOwnProperty.call(inner, 'counted')) continue;
    try {
      Object.defineProperty(inner, 'counted', { enumerable: true, configurable: true, get: () => { reads.push(key); return key; } });
      counted.push(inner);
    } catch {
      // a frozen or non-extensible object
    }
  }
  return () => counted.forEach((inner) => delete (inner as Record<string, unknown>).counted);
}

/** Copies `input` with ownData and with the reference copy (it only reads it), and compares everything. */
function expectSameCopy(input: unknown): void {
  const removeGetters = withCountingGetters(input);
  try {
    const run = (copy: typeof ownData): { copy: unknown; problems: readonly Problem[]; reads: string[] } => {
      reads = [];
      const problems = new Problems();
      const result = copy(input, problems, 'props');
      return { copy: picture(result), problems: problems.list, reads };
    };
    const fast = run(ownData);
    const reference = run(referenceOwnData);
    expect(fast.problems).toEqual(reference.problems);
    expect(fast.reads).toEqual(reference.reads);
    expect(fast.copy).toEqual(reference.copy);
  } finally {
    removeGetters();
  }
}

describe('ownData = the reference copy |', () => {
  test.each([
    ['SecureDeployment', valid.VALID_SECURE_DEPLOYMENT],
    ['PaymentService', valid.VALID_PAYMENT_SERVICE],
    ['ZeroTrustNamespace', valid.VALID_NAMESPACE],
  ])('hostile %s props: same copy, problems and getter reads (1,000 cases)', (_, base) => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      expectSameCopy(mutate(base, mutations));
    }), { numRuns: 1000 });
  });

  test('arbitrary values, null prototypes, boxed values, Maps, Sets, Dates and typed arrays included (1,000 cases)', () => {
    const anything = fc.anything({
      withNullPrototype: true,
      withBoxedValues: true,
      withObjectString: true,
      withSparseArray: true,
      withBigInt: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      maxDepth: 4,
    });
    fc.assert(fc.property(anything, (input) => {
      expectSameCopy(input);
    }), { numRuns: 1000 });
  });

  test('keys Object.prototype has are defined, never assigned: a polluted setter is not called, a read-only one does not throw', () => {
    const calls: unknown[] = [];
    Object.defineProperty(Object.prototype, 'pollutedSetter', { configurable: true, set: (v: unknown) => calls.push(v) });
    Object.defineProperty(Object.prototype, 'pollutedReadOnly', { configurable: true, writable: false, value: 'inherited' });
    try {
      const input: unknown = JSON.parse('{"pollutedSetter":1,"pollutedReadOnly":2,"__proto__":{"x":3},"toString":4,"name":"a"}');
      expectSameCopy(input);
      const copy = ownData(input, new Problems(), 'props') as Record<string, unknown>;
      expect(Object.keys(copy)).toEqual(['pollutedSetter', 'pollutedReadOnly', '__proto__', 'toString', 'name']);
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(calls).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).pollutedSetter;
      delete (Object.prototype as Record<string, unknown>).pollutedReadOnly;
    }
  });

  test('list items are defined, never assigned: an inherited index setter is not called (found in review)', () => {
    const seen: unknown[] = [];
    Object.defineProperty(Array.prototype, '0', { configurable: true, set(v: unknown) { seen.push(v); }, get() { return 'NET_ADMIN'; } });
    let copy: { add: string[] };
    try {
      copy = ownData({ add: ['CHOWN', 'KILL'] }, new Problems(), 'props') as { add: string[] };
    } finally {
      delete (Array.prototype as unknown as Record<string, unknown>)[0];
    }
    expect(seen).toEqual([]);
    expect(Object.keys(copy.add)).toEqual(['0', '1']);
    expect(copy.add).toEqual(['CHOWN', 'KILL']);
  });

  test('cycles, depth, long lists, throwing getters, revoked Proxies and a Proxy whose length changes between reads', () => {
    const cyclic: Record<string, unknown> = { name: 'x', list: [1, { deep: {} }] };
    ((cyclic.list as unknown[])[1] as Record<string, unknown>).back = cyclic;
    expectSameCopy(cyclic);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = i % 2 === 0 ? { 'odd key': deep } : [deep];
    expectSameCopy({ deep });
    expectSameCopy({ list: new Array(MAX_ITEMS + 1).fill('x'), ok: new Array(MAX_ITEMS).fill(1) });
    expectSameCopy({ a: 1, get b(): never { throw new Error('hostile getter'); }, c: [Object.defineProperty([], 0, { enumerable: true, get: () => { throw new Error('item'); } })] });
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expectSameCopy({ b: [revocable.proxy], c: { d: revocable.proxy } });
    for (const lengths of [[2, 3], [2, 2.5], [2, -1], [2, 'x'], [2, 12_000]]) {
      // Each copy reads the length twice: the first read says 2, every later one the odd value.
      const readsOfLength = new Map<unknown, number>();
      const get = (target: string[], key: string | symbol, receiver: unknown): unknown => {
        reads.push(String(key));
        if (key !== 'length') return Reflect.get(target, key, receiver);
        const read = readsOfLength.get(reads) ?? 0;
        readsOfLength.set(reads, read + 1);
        return lengths[Math.min(read, 1)];
      };
      expectSameCopy({ list: new Proxy(['a', 'b', 'c'], { get }) });
    }
  });
});
