import { MAX_NESTING, shapeOf } from '../../../lib/audit/input/value-shape';

describe('shapeOf', () => {
  test('counts levels from the root (1), keys, and a node reached twice (through an alias) twice', () => {
    const shared = { a: [1] };
    expect(shapeOf({ x: shared, y: shared })).toEqual({ nodes: 7, keys: 4, depth: 4 });
    expect(shapeOf('scalar')).toEqual({ nodes: 1, keys: 0, depth: 1 });
  });

  test('walks 100000 levels without recursion, and stops past MAX_NESTING or the node budget', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(shapeOf(deep)).toEqual({ nodes: MAX_NESTING + 1, keys: 0, depth: MAX_NESTING + 1 });
    expect(shapeOf([1, 2, 3, 4], 2)).toEqual({ nodes: 3, keys: 0, depth: 2 });
  });

  test('reads own properties only', () => {
    const inherited = Object.create({ polluted: [[[1]]] }) as Record<string, unknown>;
    inherited.own = 1;
    expect(shapeOf(inherited)).toEqual({ nodes: 2, keys: 1, depth: 2 });
  });
});
