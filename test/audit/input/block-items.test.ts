import { PositionTree, positionTree } from '../../../lib/audit/input/field-positions';

/** The 0-based lines and columns of the items of the sequence at `key` of `text`'s root mapping. */
function items(text: string, key: string): { line: number; column: number }[] | undefined {
  const sequence: PositionTree | undefined = positionTree(text, 0).entries?.get(key)?.value;
  return sequence?.items?.map(({ line, column }) => ({ line, column }));
}

describe('withEmptyItems: a node at the `-` of each empty block sequence item', () => {
  test('empty items anywhere (first, between, last, in a compact nested sequence) are at their `-`, unless the `-` lines are ambiguous', () => {
    expect(items('a:\n-\n- x\n-\n-\n  y\n-\n', 'a')).toEqual([
      { line: 1, column: 0 }, { line: 2, column: 2 }, { line: 3, column: 0 }, { line: 5, column: 2 }, { line: 6, column: 0 },
    ]);
    const nested = positionTree('a:\n- - x\n  -\n  - y\n', 0).entries?.get('a')?.value.items?.[0];
    expect(nested?.items?.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 1, column: 4 }, { line: 2, column: 2 }, { line: 3, column: 4 },
    ]);
    // two items, three lines that look like items (one is inside a quoted scalar): no node is made up
    expect(items('a:\n-\n- "x\n- y"\n', 'a')).toEqual([{ line: 2, column: 2 }]);
  });

  test('an anchored empty item has a node of its own; the empty item after it is at its `-`', () => {
    expect(items('a:\n  - &s\n  -\n  - z\n', 'a')).toEqual([{ line: 1, column: 4 }, { line: 2, column: 2 }, { line: 3, column: 4 }]);
  });
});
