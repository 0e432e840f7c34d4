/**
 * JSON output written piece by piece, so that a report of any size never has to be one string (V8 strings stop at
 * about 512 MiB: a 60 MB manifest's report ended in `Invalid string length`). The pieces concatenate to exactly
 * `JSON.stringify(value, null, 2)`, so the bytes do not depend on how they are written.
 */

/**
 * An array whose items are produced one at a time (e.g. mapped lazily from the findings). Below the levels
 * `jsonChunks` takes apart it is written whole, like an array.
 */
export class StreamedArray {
  /** @param values the items, iterated once */
  constructor(readonly values: Iterable<unknown>) {}

  /** The items as an array, for `JSON.stringify`. */
  toJSON(): unknown[] {
    return [...this.values];
  }
}

/** Whether `value` holds a `StreamedArray` within the top `depth` levels (only those levels are taken apart). */
function holdsStream(value: unknown, depth: number): boolean {
  if (value instanceof StreamedArray) {
    return true;
  }
  if (depth === 0 || typeof value !== 'object' || value === null) {
    return false;
  }
  return (Array.isArray(value) ? value : Object.values(value)).some((child) => holdsStream(child, depth - 1));
}

const STREAM_DEPTH = 4;

function* items(values: Iterable<unknown>, indent: string): Generator<string> {
  let first = true;
  for (const value of values) {
    yield first ? `[\n${indent}  ` : `,\n${indent}  `;
    first = false;
    yield* jsonChunks(value, `${indent}  `);
  }
  yield first ? '[]' : `\n${indent}]`;
}

/**
 * The pieces of `JSON.stringify(value, null, 2)` (at nesting `indent`): `StreamedArray`s are written item by item,
 * and every other value in one piece.
 */
export function* jsonChunks(value: unknown, indent = ''): Generator<string> {
  if (value instanceof StreamedArray) {
    yield* items(value.values, indent);
  } else if (Array.isArray(value) && holdsStream(value, STREAM_DEPTH)) {
    yield* items(value, indent);
  } else if (typeof value === 'object' && value !== null && holdsStream(value, STREAM_DEPTH)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length === 0) {
      yield '{}';
      return;
    }
    let first = true;
    for (const [key, child] of entries) {
      yield `${first ? '{' : ','}\n${indent}  ${JSON.stringify(key)}: `;
      first = false;
      yield* jsonChunks(child, `${indent}  `);
    }
    yield `\n${indent}}`;
  } else {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    yield indent.length > 0 ? text.replace(/\n/g, `\n${indent}`) : text;
  }
}

/**
 * Joins small pieces into blocks of about `size` characters (fewer writes), in order. 64 KiB keeps each block a
 * young object that a scavenge frees: 1 MiB blocks go to V8's large-object space, and written synchronously
 * (standard output to a file) a 1.2 GB report kept about 1 GB of written blocks alive until a full GC.
 */
export function* inBlocks(chunks: Iterable<string>, size = 65_536): Generator<string> {
  let block: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    block.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield block.join('');
      block = [];
      length = 0;
    }
  }
  if (length > 0) {
    yield block.join('');
  }
}
