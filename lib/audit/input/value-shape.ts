/**
 * How many levels a manifest's value may nest: its root is level 1, the root's fields and items level 2, and so on.
 * js-yaml stops YAML text at 100 levels, but `JSON.parse` has no limit, nor have YAML aliases, and reading a value
 * recurses once per level (js-yaml again for its positions, `String` of an array, `JSON.stringify`): at 1000 levels
 * that stays far from the end of the default stack.
 */
export const MAX_NESTING = 1000;

/** What walking a parsed value finds. */
export interface ValueShape {
  /** Nodes visited (a node reached through several aliases counts each time). */
  readonly nodes: number;
  /** Keys of the objects visited. */
  readonly keys: number;
  /** The deepest level visited (see `MAX_NESTING`). */
  readonly depth: number;
}

/**
 * The shape of `value` (own properties only), walked without recursion. The walk stops as soon as it has visited
 * more than `budget` nodes or a node deeper than `MAX_NESTING`: the counts are then those so far.
 */
export function shapeOf(value: unknown, budget = Infinity): ValueShape {
  const values: unknown[] = [value];
  const levels: number[] = [1];
  let nodes = 0;
  let keys = 0;
  let depth = 0;
  while (values.length > 0 && nodes <= budget && depth <= MAX_NESTING) {
    const node = values.pop();
    const level = levels.pop()!;
    nodes++;
    depth = Math.max(depth, level);
    if (Array.isArray(node)) {
      for (const item of node) {
        values.push(item);
        levels.push(level + 1);
      }
    } else if (typeof node === 'object' && node !== null) {
      for (const key in node) {
        if (Object.hasOwn(node, key)) {
          keys++;
          values.push((node as Record<string, unknown>)[key]);
          levels.push(level + 1);
        }
      }
    }
  }
  return { nodes, keys, depth };
}
