import * as fc from 'fast-check';
import { inBlocks, jsonChunks, StreamedArray } from '../../../lib/audit/format/json-stream';

/** `value` with every array replaced by a StreamedArray over a generator (read once, like the findings). */
function streamed(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(streamed);
    return new StreamedArray((function* gen() { yield* items; })());
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, streamed(v)]));
  }
  return value;
}

describe('jsonChunks', () => {
  test('the pieces are exactly JSON.stringify(value, null, 2), whatever is streamed', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
      expect([...jsonChunks(streamed(value))].join('')).toBe(JSON.stringify(value, null, 2));
      // a stream one level below a plain wrapper (like a report's findings) is taken apart too
      expect([...jsonChunks({ a: 1, nested: [{ findings: streamed(value) }] })].join(''))
        .toBe(JSON.stringify({ a: 1, nested: [{ findings: value }] }, null, 2));
    }), { numRuns: 300 });
  });

  test('a streamed array is written item by item, and blocks join small pieces in order', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ i, text: 'x'.repeat(50) }));
    const chunks = [...jsonChunks({ findings: new StreamedArray(items) })];
    expect(chunks.length).toBeGreaterThan(1000);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(200);
    const blocks = [...inBlocks(chunks, 4096)];
    expect(blocks.join('')).toBe(JSON.stringify({ findings: items }, null, 2));
    expect(blocks.slice(0, -1).every((b) => b.length >= 4096 && b.length < 4096 + 200)).toBe(true);
  });
});
