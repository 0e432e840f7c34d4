import type { Position } from './field-positions';
import { readsAsString } from './kubernetes-yaml';

/**
 * Field positions in plain block YAML (what `kubectl`, Helm and most editors write) read from its lines, without
 * parsing the document again: a finding's field is found by indentation, key by key and item by item, in a
 * fraction of the time a parse with positions takes. Anything outside that plain subset (flow collections on the
 * way to the field or spanning lines or holding a comment, anchors, aliases, tags, explicit keys, quoted or unusual
 * keys, quoted scalars spanning lines, tabs where they separate, any CR, directives) makes the reader give up
 * (`undefined`), and the caller parses the document with positions instead (`positionTree`): the two agree wherever
 * this reader answers (test/audit/input/block-positions.property.test.ts).
 */

/** A line of a block document that holds structure: not blank, not a comment, not the content of a block scalar. */
interface BlockLine {
  /** 0-based line in the document. */
  readonly line: number;
  /** Offset of its first character that is not a space. */
  readonly start: number;
  /** Its indentation: the spaces before `start`. */
  readonly indent: number;
  /** Offset of its end (its line break, or the end of the document). */
  readonly end: number;
}

/** `structureOf`'s answer for a line outside the plain subset. */
const UNSUPPORTED = -2;
/** `structureOf`'s answer for a line that opens no block scalar. */
const NO_BLOCK_SCALAR = -1;

/**
 * The document `text.slice(from, to)` read for field positions, or `undefined` when it is not plain block YAML: a
 * block mapping at its root, each line `key: value`, `- item`, `- key: value` or a later line of a plain scalar
 * (more indented), quoted scalars closed and flow collections balanced on their line, block scalars (`|`, `>`)
 * skipped by their indentation. Leading comments and one `---` line may come first; a `...` line ends the document.
 */
export function blockDocument(text: string, from: number, to: number): BlockDocument | undefined {
  const lines = blockLines(text, from, to);
  return lines === undefined ? undefined : new BlockDocument(text, lines);
}

/** The structural lines of the document `text.slice(from, to)` (see `blockDocument`), or `undefined`. */
function blockLines(text: string, from: number, to: number): readonly BlockLine[] | undefined {
  // js-yaml ends a line at a lone CR too, even in a comment or a scalar (the slice is a view: no copy)
  if (text.slice(from, to).includes('\r')) return undefined;
  const lines: BlockLine[] = [];
  let blockScalarOwner = NO_BLOCK_SCALAR;
  let line = 0;
  for (let at = from; at < to; line++) {
    let end = text.indexOf('\n', at);
    if (end === -1 || end > to) end = to;
    let i = at;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const indent = i - at;
    if (i < end && !(blockScalarOwner >= 0 && indent > blockScalarOwner)) {
      blockScalarOwner = NO_BLOCK_SCALAR;
      const c = text.charCodeAt(i);
      if (c === 0x09 /* \t */ || c === 0xfeff || c === 0x25 /* % */) return undefined;
      if (c !== 0x23 /* # */) {
        if (indent === 0 && isMarker(text, i, end, '...')) break;
        if (indent === 0 && isMarker(text, i, end, '---')) {
          if (lines.length > 0 || !isBlankOrComment(text, i + 3, end)) return undefined;
        } else {
          if (lines.length === 0 && (indent !== 0 || c === 0x7b /* { */ || c === 0x5b /* [ */ || c === 0x2d /* - */)) return undefined;
          blockScalarOwner = structureOf(text, i, end, at);
          if (blockScalarOwner === UNSUPPORTED) return undefined;
          lines.push({ line, start: i, indent, end });
        }
      }
    }
    at = end + 1;
  }
  return lines;
}

/** Whether the line at `i` (column 0) is the document marker `marker` (`---` or `...`), then a space or its end. */
function isMarker(text: string, i: number, end: number, marker: string): boolean {
  return text.startsWith(marker, i) && (i + 3 === end || text.charCodeAt(i + 3) === 0x20);
}

function isBlankOrComment(text: string, i: number, end: number): boolean {
  while (i < end && text.charCodeAt(i) === 0x20) i++;
  return i === end || text.charCodeAt(i) === 0x23 /* # */;
}

/**
 * Checks the line whose content starts at `i`: its sequence dashes, key and value. Returns `UNSUPPORTED`, the
 * column a block scalar opened on it owns (its content lines are indented more), or `NO_BLOCK_SCALAR`.
 */
function structureOf(text: string, i: number, end: number, lineStart: number): number {
  let owner = i - lineStart;
  while (isDash(text, i, end)) {
    owner = i - lineStart;
    i++;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    if (i === end || text.charCodeAt(i) === 0x23 /* # */) return UNSUPPORTED; // the item's content is on a later line
  }
  if (text.charCodeAt(i) === 0x3f /* ? */ && (i + 1 === end || text.charCodeAt(i + 1) === 0x20)) return UNSUPPORTED; // an explicit key
  const key = keyEnd(text, i, end);
  if (key === UNSUPPORTED) return UNSUPPORTED;
  if (key >= 0) {
    owner = i - lineStart;
    i = key + 1;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    // js-yaml reads a tab here as a space: `key: \t` has its value on the lines below
    if (text.charCodeAt(i) === 0x09) return UNSUPPORTED;
    if (i === end || text.charCodeAt(i) === 0x23 /* # */) return NO_BLOCK_SCALAR;
    if (isDash(text, i, end)) return UNSUPPORTED;
    return valueOf(text, i, end, owner);
  }
  // no key: an item's scalar, or a later line of a plain scalar
  return valueOf(text, i, end, owner);
}

/** Whether a sequence dash is at `i`: `-` then a space or the line's end. */
function isDash(text: string, i: number, end: number): boolean {
  return text.charCodeAt(i) === 0x2d && (i + 1 === end || text.charCodeAt(i + 1) === 0x20);
}

/**
 * The offset of the `:` that ends a plain key starting at `i` (a `:` then a space or the line's end), -1 when the
 * line has no key, `UNSUPPORTED` when it starts with a quote or flow collection that is a key, or has a tab.
 */
function keyEnd(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22 /* " */ || c === 0x27 /* ' */ || c === 0x7b /* { */ || c === 0x5b /* [ */) {
    const close = c === 0x22 || c === 0x27 ? quoteEnd(text, i, end) : flowEnd(text, i, end);
    return close === UNSUPPORTED || text.charCodeAt(afterSpaces(text, close, end)) === 0x3a /* : */ ? UNSUPPORTED : -1;
  }
  for (let j = i; j < end; j++) {
    const d = text.charCodeAt(j);
    if (d === 0x09) return UNSUPPORTED;
    if (d === 0x3a /* : */ && (j + 1 === end || text.charCodeAt(j + 1) === 0x20)) return j;
    if (d === 0x23 /* # */ && j > i && text.charCodeAt(j - 1) === 0x20) return -1;
  }
  return -1;
}

function afterSpaces(text: string, i: number, end: number): number {
  while (i < end && text.charCodeAt(i) === 0x20) i++;
  return i;
}

/**
 * Checks a value starting at `i`: a quoted scalar closed on its line, a flow collection balanced on its line, a block
 * scalar header, or a plain scalar. Returns `owner` for a block scalar, `NO_BLOCK_SCALAR` or `UNSUPPORTED`.
 */
function valueOf(text: string, i: number, end: number, owner: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22 || c === 0x27 || c === 0x7b || c === 0x5b) {
    const close = c === 0x22 || c === 0x27 ? quoteEnd(text, i, end) : flowEnd(text, i, end);
    return close !== UNSUPPORTED && isBlankOrComment(text, close, end) ? NO_BLOCK_SCALAR : UNSUPPORTED;
  }
  if (c === 0x7c /* | */ || c === 0x3e /* > */) {
    return /^[|>](?:[1-9][-+]?|[-+][1-9]?)?(?: +#.*| *)$/.test(text.slice(i, end)) ? owner : UNSUPPORTED;
  }
  // anchors, aliases, tags, explicit keys, reserved indicators, and a `,`, `]` or `}` no plain scalar starts with
  return '&*!?%@`,]}'.includes(text[i]) ? UNSUPPORTED : NO_BLOCK_SCALAR;
}

/** The offset after the quote that closes the quoted scalar opened at `i`, or `UNSUPPORTED` when it goes on past its line. */
function quoteEnd(text: string, i: number, end: number): number {
  const quote = text.charCodeAt(i);
  for (let j = i + 1; j < end; j++) {
    const d = text.charCodeAt(j);
    if (quote === 0x22 && d === 0x5c /* \ */) {
      j++;
    } else if (d === quote) {
      if (quote === 0x27 && text.charCodeAt(j + 1) === 0x27) {
        j++; // '' in a single-quoted scalar
      } else {
        return j + 1;
      }
    }
  }
  return UNSUPPORTED;
}

/**
 * The offset after the bracket that closes the flow collection opened at `i`, or `UNSUPPORTED` when it goes on past
 * its line. A quote opens a quoted scalar only where a node starts (after `[`, `{`, `,` or `:`); elsewhere it is a
 * plain scalar's character (`[it's]`).
 */
function flowEnd(text: string, i: number, end: number): number {
  let depth = 0;
  let nodeStart = true;
  for (let j = i; j < end; j++) {
    const d = text.charCodeAt(j);
    if ((d === 0x22 || d === 0x27) && nodeStart) {
      j = quoteEnd(text, j, end);
      if (j === UNSUPPORTED) return UNSUPPORTED;
      j--;
      nodeStart = false;
    } else if (d === 0x7b || d === 0x5b || d === 0x2c /* , */ || d === 0x3a /* : */) {
      if (d !== 0x2c && d !== 0x3a) depth++;
      nodeStart = true;
    } else if (d === 0x7d || d === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
      nodeStart = false;
    } else if (d === 0x23 /* # */) {
      return UNSUPPORTED; // js-yaml reads a comment in a flow collection after `[`, `{`, `,` or a quote too, not only after a space
    } else if (d !== 0x20) {
      nodeStart = false;
    }
  }
  return UNSUPPORTED;
}

/** A plain key of the characters this reader takes (one that reads as a string: see `readsAsString`). */
const PLAIN_KEY = /^[A-Za-z_][-A-Za-z0-9_./]*$/;
/** A sequence index at the start of the rest of a finding's path. */
const INDEX = /^\[(\d+)\]/;

/** A block collection on the way to a field: the `lines` `[from, to)` that hold it, and its column. */
interface Collection {
  readonly kind: 'mapping' | 'sequence';
  readonly from: number;
  readonly to: number;
  readonly column: number;
  /** For a mapping that is a sequence item: the offset of its first key, on the item's dash line. */
  readonly firstAt?: number;
}

/** A node on the way to a field: a collection to look into, a scalar (or null) the path stops at, or a flow collection. */
type BlockNode = Collection | 'scalar' | 'flow';

/** A mapping entry or sequence item: its position, where its value starts on its line, and the lines under it. */
interface Member extends Position {
  /** The key (entries only). */
  readonly key: string;
  /**
   * Offset of its value (an item's content) on its line; its line's `end`, or a `#` there, when the value is on the
   * lines below.
   */
  readonly valueAt: number;
  /** Its line's end. */
  readonly end: number;
  /** Index in `lines` of its own line. */
  readonly at: number;
  /** Index in `lines` after its last line. */
  to: number;
}

/** A plain block YAML document (see `blockDocument`), which finds where fields are from its lines. */
export class BlockDocument {
  readonly #text: string;
  readonly #lines: readonly BlockLine[];
  /**
   * The entries (by key, the first of a key given twice) or items of each collection read so far, by its kind and
   * first line (`undefined` when it leaves the plain subset): a document's findings read the same collections.
   */
  readonly #members = new Map<string, ReadonlyMap<string, Member> | readonly Member[] | undefined>();

  /** @param lines the structural lines of `text` (see `blockLines`) */
  constructor(text: string, lines: readonly BlockLine[]) {
    this.#text = text;
    this.#lines = lines;
  }

  /**
   * Where the field at `path` (a finding's dotted path, as `fieldPosition` reads it) is: the 0-based line (in the
   * document) and column of its key or item, or of its deepest present ancestor; `null` when no part of the path is
   * present; `undefined` when the way to it leaves the plain subset (a flow collection to look into, a key that is
   * not a plain string, a nested sequence), and only a parse can tell.
   */
  public fieldPosition(path: string): Position | null | undefined {
    let node: BlockNode = { kind: 'mapping', from: 0, to: this.#lines.length, column: 0 };
    let found: Member | undefined;
    let rest = path;
    while (rest.length > 0 && node !== 'scalar') {
      if (node === 'flow') return undefined;
      let member: Member | undefined;
      if (node.kind === 'sequence') {
        const items = this.members(node) as readonly Member[] | undefined;
        if (items === undefined) return undefined;
        const match = INDEX.exec(rest);
        member = match ? items[Number(match[1])] : undefined;
        if (member === undefined) break;
        node = itemNode(this.#text, member);
        rest = rest.slice(match![0].length);
      } else {
        const entries = this.members(node) as ReadonlyMap<string, Member> | undefined;
        if (entries === undefined) return undefined;
        member = longestKey(entries, rest);
        if (member === undefined) break;
        node = entryNode(this.#text, this.#lines, member);
        rest = rest.slice(member.key.length);
      }
      found = member;
      if (rest.startsWith('.')) rest = rest.slice(1);
    }
    return found === undefined ? null : { line: found.line, column: found.column };
  }

  /** The members of `collection`, read once. */
  private members(collection: Collection): ReadonlyMap<string, Member> | readonly Member[] | undefined {
    const key = `${collection.kind}:${collection.from}`;
    if (!this.#members.has(key)) {
      this.#members.set(key, collection.kind === 'sequence' ? itemsOf(this.#text, this.#lines, collection) : entriesOf(this.#text, this.#lines, collection));
    }
    return this.#members.get(key);
  }
}

/** The entries of `mapping` by key, or `undefined` when a line in it is no plain entry or a key is no plain string. */
function entriesOf(text: string, lines: readonly BlockLine[], mapping: Collection): Map<string, Member> | undefined {
  const entries = new Map<string, Member>();
  let last: Member | undefined;
  for (let r = mapping.from; r < mapping.to; r++) {
    const l = lines[r];
    let at: number;
    if (r === mapping.from && mapping.firstAt !== undefined) {
      at = mapping.firstAt;
    } else if (l.indent === mapping.column && !isDash(text, l.start, l.end)) {
      at = l.start;
    } else if (l.indent < mapping.column || r === mapping.from) {
      return undefined;
    } else {
      continue; // a line of the previous entry's value
    }
    const colon = keyEnd(text, at, l.end);
    const key = colon < 0 ? '' : text.slice(at, colon).trimEnd();
    if (!PLAIN_KEY.test(key) || !readsAsString(key)) return undefined;
    if (last !== undefined) last.to = r;
    last = { key, line: l.line, column: at - (l.start - l.indent), valueAt: afterSpaces(text, colon + 1, l.end), end: l.end, at: r, to: mapping.to };
    if (!entries.has(key)) entries.set(key, last);
  }
  return entries;
}

/** The items of `sequence`, or `undefined` when a line in it is neither an item nor under one, or an item is a sequence. */
function itemsOf(text: string, lines: readonly BlockLine[], sequence: Collection): Member[] | undefined {
  const items: Member[] = [];
  for (let r = sequence.from; r < sequence.to; r++) {
    const l = lines[r];
    if (l.indent === sequence.column && isDash(text, l.start, l.end)) {
      const at = afterSpaces(text, l.start + 1, l.end);
      if (isDash(text, at, l.end)) return undefined;
      if (items.length > 0) items[items.length - 1].to = r;
      items.push({ key: '', line: l.line, column: at - (l.start - l.indent), valueAt: at, end: l.end, at: r, to: sequence.to });
    } else if (l.indent <= sequence.column || r === sequence.from) {
      return undefined;
    }
  }
  return items;
}

/** The value of a mapping entry. */
function entryNode(text: string, lines: readonly BlockLine[], entry: Member): BlockNode {
  if (entry.valueAt < entry.end && text.charCodeAt(entry.valueAt) !== 0x23 /* # */) {
    return isFlowStart(text, entry.valueAt) ? 'flow' : 'scalar';
  }
  const from = entry.at + 1;
  if (from === entry.to) return 'scalar'; // null
  const first = lines[from];
  if (isDash(text, first.start, first.end)) return { kind: 'sequence', from, to: entry.to, column: first.indent };
  if (isFlowStart(text, first.start)) return 'flow';
  return keyEnd(text, first.start, first.end) >= 0 ? { kind: 'mapping', from, to: entry.to, column: first.indent } : 'scalar';
}

/** The content of a sequence item. */
function itemNode(text: string, item: Member): BlockNode {
  if (isFlowStart(text, item.valueAt)) return 'flow';
  return keyEnd(text, item.valueAt, item.end) >= 0 ? { kind: 'mapping', from: item.at, to: item.to, column: item.column, firstAt: item.valueAt } : 'scalar';
}

function isFlowStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 0x7b /* { */ || c === 0x5b /* [ */;
}

/**
 * The entry whose key is the longest that `rest` starts with as a whole segment (keys may hold dots): `rest` itself,
 * else its part before each `.` or `[`, from the last one back.
 */
function longestKey(entries: ReadonlyMap<string, Member>, rest: string): Member | undefined {
  const whole = entries.get(rest);
  if (whole !== undefined) return whole;
  for (let i = rest.length - 1; i > 0; i--) {
    const c = rest.charCodeAt(i);
    if (c === 0x2e /* . */ || c === 0x5b /* [ */) {
      const entry = entries.get(rest.slice(0, i));
      if (entry !== undefined) return entry;
    }
  }
  return undefined;
}
