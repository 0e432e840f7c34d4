import * as fc from 'fast-check';
import { OccurrenceCounter } from '../../../lib/audit/format/occurrences';

/**
 * SARIF fingerprints number the repeats of one finding identity. Counting them with a map of every identity held
 * 1.74 million strings on a 60 MB input (about 450 MB); the counter keeps a number per hash instead. Its counts must
 * be exact whatever the hash: with the real one, with one that makes every identity collide, and with a two-valued one.
 */

/** How many times each identity occurred before it, counted with a map of every identity. */
function naiveCounts(identities: readonly string[]): number[] {
  const seen = new Map<string, number>();
  return identities.map((identity) => {
    const before = seen.get(identity) ?? 0;
    seen.set(identity, before + 1);
    return before;
  });
}

function counted(identities: readonly string[], hash?: (identity: string) => number, expected?: number): number[] {
  const counter = new OccurrenceCounter((i) => identities[i], hash, expected);
  return identities.map((identity, i) => counter.next(identity, i));
}

const identities = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'KH-POD-001|x.yaml|apps/v1|Deployment|shop|web|spec', ''), { maxLength: 60 });

describe('OccurrenceCounter', () => {
  test('counts exactly like a map of every identity, with the real hash, a constant one and a two-valued one', () => {
    fc.assert(fc.property(identities, (list) => {
      const expected = naiveCounts(list);
      expect(counted(list)).toEqual(expected);
      expect(counted(list, () => 0)).toEqual(expected);
      expect(counted(list, (identity) => identity.length % 2)).toEqual(expected);
    }));
  });

  test('counts exactly however many identities it was told to expect (its table grows past them), and with hashes outside 32 bits', () => {
    const many = fc.array(fc.stringMatching(/^[a-e]{0,3}$/), { maxLength: 400 });
    fc.assert(fc.property(many, fc.nat(500), (list, told) => {
      const expected = naiveCounts(list);
      expect(counted(list, undefined, told)).toEqual(expected);
      expect(counted(list, (identity) => identity.length + 2 ** 32, told)).toEqual(expected);
      expect(counted(list, (identity) => -identity.length - 0.5, told)).toEqual(expected);
    }));
  });

  test('sized for the number of identities it is told, it never grows for them (every size up to 3000, all hashes distinct); told none, it grows', () => {
    const grewAt: number[] = [];
    for (let told = 1; told <= 3000; told++) {
      const counter = new OccurrenceCounter(String, Number, told);
      const slots = counter.slots;
      for (let i = 0; i < told; i++) counter.next(String(i), i);
      if (counter.slots !== slots) grewAt.push(told);
    }
    expect(grewAt).toEqual([]);
    const untold = new OccurrenceCounter(String, Number);
    for (let i = 0; i < 3000; i++) untold.next(String(i), i);
    expect(untold.slots).toBeGreaterThanOrEqual(3000 / 0.7);
  });

  test('told a number of identities that is not one, it starts small and still counts', () => {
    for (const told of [Number.NaN, Number.POSITIVE_INFINITY, -5]) {
      expect(counted(['a', 'b', 'a'], undefined, told)).toEqual([0, 0, 1]);
    }
  });

  test('a repeat is counted from the first identity with that hash, recomputed by index, not a colliding one', () => {
    const asked: number[] = [];
    const list = ['x', 'y', 'x', 'y', 'y'];
    const counter = new OccurrenceCounter((i) => {
      asked.push(i);
      return list[i];
    }, () => 7);
    expect(list.map((identity, i) => counter.next(identity, i))).toEqual([0, 0, 1, 1, 2]);
    // only the first repeat of each identity asks for the first identity again
    expect(asked).toEqual([0, 0]);
  });
});
