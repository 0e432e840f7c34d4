import type { PositionTree } from './field-positions';

/**
 * The items of a block sequence with a node at the `-` of each empty item: js-yaml reads a `-` followed by nothing but
 * a line break as a null item, and opens no node for it. `text` is the parsed text; the sequence's first `-` is at
 * offset `at`, on 0-based line `line` (of the file), and its text ends at `end`; `items` are the nodes js-yaml opened,
 * in order, for the `count` items the sequence has. Returns `items` itself when the lines that start with a `-` at
 * the first one's column are not `count` (a multi-line scalar with such a line) or do not take each node in turn.
 */
export function withEmptyItems(
  text: string, at: number, line: number, end: number, items: readonly PositionTree[], count: number,
): readonly PositionTree[] {
  const firstLine = text.lastIndexOf('\n', at - 1) + 1;
  const column = at - firstLine;
  const dashes: PositionTree[] = [];
  for (let start = firstLine, n = line; start < end; n++) {
    if (start === firstLine || isDashLine(text, start, column)) {
      dashes.push({ line: n, column });
    }
    const lineEnd = text.indexOf('\n', start);
    if (lineEnd === -1) {
      break;
    }
    start = lineEnd + 1;
  }
  if (dashes.length !== count) {
    return items;
  }
  const all: PositionTree[] = [];
  let taken = 0;
  dashes.forEach((dash, i) => {
    const item = items[taken];
    const before = i + 1 === dashes.length || (item !== undefined && item.line < dashes[i + 1].line);
    all.push(item !== undefined && before ? items[taken++] : dash);
  });
  return taken === items.length ? all : items;
}

/** Whether the line at `start` is indented by `column` spaces, then has a `-` followed by a space or the line's end. */
function isDashLine(text: string, start: number, column: number): boolean {
  for (let i = start; i < start + column; i++) {
    if (text.charCodeAt(i) !== 0x20) {
      return false;
    }
  }
  const after = text.charCodeAt(start + column + 1);
  return text.charCodeAt(start + column) === 0x2d && (after === 0x20 || after === 0x0a || after === 0x0d || Number.isNaN(after));
}
