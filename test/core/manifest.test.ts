import * as fc from 'fast-check';
import { canonicalize, deepFreeze, finalizeObjects, K8sObject, objectKey } from '../../lib/core';

/** The canonical copy as first written (keys ordered by `Array.prototype.sort`): canonicalize must equal it. */
function referenceCanonical(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(referenceCanonical);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) out[key] = referenceCanonical(child);
  }
  return out;
}

/** Every object's own keys in order, depth first: what JSON.stringify alone would not show (e.g. integer-like keys). */
function keyOrders(value: unknown): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  const own = Array.isArray(value) ? [] : [Object.keys(value)];
  return [...own, ...Object.values(value).flatMap(keyOrders)];
}

describe('canonicalize', () => {
  test('sorts keys, prunes undefined and keeps explicit false and 0', () => {
    // GIVEN
    const value = { b: 1, a: { d: false, c: undefined, e: 0 }, list: [undefined, '', { z: 1, y: 2 }] };
    // WHEN
    const result = canonicalize(value);
    // THEN
    expect(JSON.stringify(result)).toBe('{"a":{"d":false,"e":0},"b":1,"list":["",{"y":2,"z":1}]}');
  });

  test('orders keys as Array.prototype.sort does: any unicode, integer-like keys, already sorted or not (1,000 cases)', () => {
    const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('0', '1', '10', '2', 'a', 'A', '_', '-', '\u00e9', '\ud83d\ude00', 'z'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.constantFrom<unknown>(null, true, false, 0, -1.5, '', 'x', undefined), tie('object'), tie('array')),
      object: fc.dictionary(key, tie('node'), { maxKeys: 9 }),
      array: fc.array(tie('node'), { maxLength: 4 }),
    })).object;
    fc.assert(fc.property(value, (v) => {
      const result = canonicalize(v);
      const reference = referenceCanonical(v);
      expect(JSON.stringify(result)).toBe(JSON.stringify(reference));
      expect(keyOrders(result)).toEqual(keyOrders(reference));
    }), { numRuns: 1000 });
  });

  test('refuses class instances and non-finite numbers', () => {
    expect(() => canonicalize({ when: new Date(0) })).toThrow(/non-plain object \(Date\) at '\/when'/);
    expect(() => canonicalize({ n: NaN })).toThrow(/non-finite number NaN at '\/n'/);
  });
});

describe('finalizeObjects', () => {
  const obj = (kind: string, name: string, namespace?: string): K8sObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace } });

  test('orders objects by kind rank, then namespace and name', () => {
    const ordered = finalizeObjects([obj('Service', 'b', 'x'), obj('Deployment', 'a', 'x'), obj('Namespace', 'x'), obj('Service', 'a', 'x')]);
    expect(ordered.map(objectKey)).toEqual(['v1/Namespace//x', 'v1/Service/x/a', 'v1/Service/x/b', 'v1/Deployment/x/a']);
  });

  test('rejects two objects with the same key', () => {
    expect(() => finalizeObjects([obj('Service', 'a', 'x'), obj('Service', 'a', 'x')])).toThrow(/same key 'v1\/Service\/x\/a'/);
  });
});

describe('deepFreeze (reads own keys only: hostile arrays from JavaScript callers)', () => {
  test('freezes every nested object and array, and an array\'s own non-index properties', () => {
    const extra = { mutable: true };
    const list = Object.assign([{ a: 1 }, [2]], { extra });
    const value = deepFreeze({ spec: { list } });
    expect([value, value.spec, list, list[0], list[1], extra].every(Object.isFrozen)).toBe(true);
  });

  test('never reads a hole through the array\'s prototype: no inherited getter runs, nothing inherited is frozen', () => {
    const victim = { shared: true };
    const get = jest.fn(() => victim);
    const proto = Object.create(Array.prototype, { 1: { get, configurable: true } });
    const holey = Object.setPrototypeOf([{}, , {}], proto) as unknown[];
    deepFreeze(holey);
    expect(get).not.toHaveBeenCalled();
    expect(Object.isFrozen(victim)).toBe(false);
    expect(Object.isFrozen(holey[0])).toBe(true);
  });

  test('costs what an array holds, not its length', () => {
    const huge: unknown[] = [];
    huge.length = 2 ** 32 - 1;
    huge[7] = { item: true };
    deepFreeze(huge);
    expect(Object.isFrozen(huge[7])).toBe(true);
  });
});
