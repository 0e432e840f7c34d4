import { withEmptyItems } from './block-items';
import { isMergeKey, keyText, LoaderState, mergedKeys } from './go-yaml-reading';
import { contentStart, isKeyEnd } from './key-ends';
import { loadKubernetesYaml } from './kubernetes-yaml';
import { MAX_NESTING } from './value-shape';
import { countLines } from './yaml-documents';

/** A 0-based line and column in a file. */
export interface Position {
  /** 0-based line. */
  readonly line: number;
  /** 0-based column. */
  readonly column: number;
}

/** Where each node of a parsed YAML (or JSON) document is: mapping keys and sequence items, recursively. */
export interface PositionTree extends Position {
  /** Mapping entries: where each key is, and its value's tree. */
  readonly entries?: ReadonlyMap<string, { readonly key: Position; readonly value: PositionTree }>;
  /** Sequence items. */
  readonly items?: readonly PositionTree[];
  /** The text of a scalar (keys are looked up by it). */
  readonly scalar?: string;
  /** On a merge key `<<`: the entries of its value are its mapping's, where it stands (see `mergeEntries`). */
  readonly merge?: true;
  /** On an alias of a mapping: the keys of that mapping (a merge of the alias brings them). */
  readonly aliasKeys?: readonly string[];
  /**
   * On every node of a tree built with a `maxDepth`: the offsets in the parsed text of the node's first character
   * and of the end of its text.
   */
  readonly span?: { readonly start: number; readonly end: number };
}

interface Frame {
  readonly line: number;
  readonly column: number;
  /** Offset of the node's first character in the parsed text. */
  readonly start: number;
  /** Offset of its content: past the spaces, line breaks and comments before it. */
  readonly at: number;
  /** Depth of the node in the tree: its parent's, plus one unless the parent is a wrapper. */
  readonly depth: number;
  /**
   * Whether js-yaml opened this node around another one at the same content (a flow collection in block context is
   * opened once as a possible key, once as itself, on the key's line or the next; a tagged scalar value once for the
   * value, once for the scalar): its one child takes its place in the tree (see `treeOf`), at its depth. A mapping
   * whose first key carries the same property is taken for one at first: it keeps its children, one level too
   * shallow, so its subtree is cut a level late.
   */
  wrapper: boolean;
  readonly children: PositionTree[];
  /**
   * Index in `children` of the next key that has a value: every child before it is a key followed by its value (see
   * `addChild`), every child from it on a key without one.
   */
  next: number;
}

/**
 * Opens a frame under `parent`, with its depth. A first child whose content is where its parent's is, at a flow
 * collection or a property, makes the parent a wrapper. (Any other node js-yaml opens around another, e.g. for an
 * explicit key, counts as a level: its subtree is cut a level early and its objects fall back to their document.)
 */
function openFrame(parent: Frame | undefined, text: string, line: number, column: number, start: number): Frame {
  const at = contentStart(text, start);
  if (parent === undefined) {
    return { line, column, start, at, depth: 0, wrapper: false, children: [], next: 0 };
  }
  if (parent.at === at && parent.children.length === 0 && opensAround(text.charCodeAt(at))) {
    parent.wrapper = true;
  }
  return { line, column, start, at, depth: parent.wrapper ? parent.depth : parent.depth + 1, wrapper: false, children: [], next: 0 };
}

/**
 * Adds `child`, whose text ends at `end`, to `parent`'s children. js-yaml opens no node for the value of a key
 * without one (`{stdin, tty: true}`, or `? stdin` alone), and opens an empty node where a block mapping ends at a
 * line that is no key (`...`): a key is told by the `:` after it (on its line, or starting a later line after an
 * explicit key), and each key without a value before it is given itself as its value, so that keys and values pair.
 */
function addChild(parent: Frame, child: PositionTree, text: string, end: number): void {
  const children = parent.children;
  if (isKeyEnd(text, end)) {
    if (children.length > parent.next) {
      for (const key of children.splice(parent.next)) {
        children.push(key, key);
      }
    }
    parent.next = children.length + 2;
  }
  children.push(child);
}

/** `{`, `[`, `&` or `!`: where js-yaml may open a node twice. */
function opensAround(c: number): boolean {
  return c === 0x7b || c === 0x5b || c === 0x26 || c === 0x21;
}

/** The tree of the node `frame` of `text`, which js-yaml has just read (`state`). */
function treeOf(frame: Frame, state: LoaderState, text: string): PositionTree {
  const { line, column, children } = frame;
  if (frame.wrapper && children.length === 1) {
    return children[0];
  }
  if (state.kind === 'mapping' && (frame.next > 0 || children.length !== 1)) {
    // keys from `next` on have no value: each is its own (a finding at such a field points at its key)
    const entries = new Map<string, Entry>();
    const merged = new Set<string>();
    for (let i = 0; i < children.length; i += i < frame.next ? 2 : 1) {
      const key = children[i];
      const value = i < frame.next ? children[i + 1] : key;
      if (key.merge && value !== key) {
        mergeEntries(entries, merged, value);
      } else if (key.scalar !== undefined && (!entries.has(key.scalar) || merged.delete(key.scalar))) {
        entries.set(key.scalar, { key: { line: key.line, column: key.column }, value });
      }
    }
    return { line, column, entries };
  }
  if (state.kind === 'sequence') {
    const count = Array.isArray(state.result) ? state.result.length : children.length;
    if (count > children.length) {
      const line0 = frame.line + countLines(text, frame.start, frame.at);
      return { line, column, items: withEmptyItems(text, frame.at, line0, state.position, children, count) };
    }
    return { line, column, items: children };
  }
  if (children.length === 1) {
    // js-yaml opens a node for the property (anchor, tag, explicit key) and one for the content: keep the content.
    return children[0];
  }
  return { line, column, ...scalarOf(state) };
}

/** What a leaf says of the node js-yaml has just read (`state`): its scalar and whether it is a merge key, or the keys of the mapping it is an alias of. */
function scalarOf(state: LoaderState): Pick<PositionTree, 'scalar' | 'merge' | 'aliasKeys'> {
  const result = state.result;
  if (state.kind === 'scalar' && result !== undefined) {
    return isMergeKey(state) ? { scalar: '<<', merge: true } : { scalar: keyText(result) };
  }
  // js-yaml reads an alias without a kind: its result is the node it stands for
  return state.kind === null && typeof result === 'object' && result !== null && !Array.isArray(result) ? { aliasKeys: mergedKeys(result) } : {};
}

type Entry = { readonly key: Position; readonly value: PositionTree };

/**
 * Adds to `entries` those the value of a merge key brings, as go-yaml applies them (see `go-yaml-reading.ts`): over
 * the entries before it, a sequence's items from the last to the first. A field is where its value is written: in the
 * merged mapping, or at the alias that brings it (as any field under an alias). `merged` collects the keys merged,
 * which an explicit key after them replaces.
 */
function mergeEntries(entries: Map<string, Entry>, merged: Set<string>, value: PositionTree): void {
  for (const source of value.items ? [...value.items].reverse() : [value]) {
    const at = { line: source.line, column: source.column };
    const brought: [string, Entry][] = source.entries ? [...source.entries]
      : (source.aliasKeys ?? []).map((key) => [key, { key: at, value: source }]);
    for (const [key, entry] of brought) {
      entries.set(key, entry);
      merged.add(key);
    }
  }
}

/** A node at the depth where a tree is cut: its position, its scalar (a key is looked up by it) and its span. */
function leafOf(frame: Frame, state: LoaderState, shift: number): PositionTree {
  const { line, column } = frame;
  const span = { start: frame.start + shift, end: state.position + shift };
  return { line, column, ...scalarOf(state), span };
}

/**
 * The position tree of one YAML or JSON document, parsed again with js-yaml's node listener. `lineOffset` is
 * added to every line (the document's first line in its file). With `maxDepth`, nodes deeper than it are not kept
 * (the root is at depth 0, a mapping's keys and values and a sequence's items one deeper), and every node carries its
 * `span`: how the items of a large `List` are found without a tree of all their fields. `firstLineColumn` is added to
 * the columns of the first line (where a text cut from a line begins). Throws like `loadKubernetesYaml`.
 */
export function positionTree(text: string, lineOffset: number, maxDepth = Infinity, firstLineColumn = 0): PositionTree {
  // js-yaml drops a byte order mark: its positions are in the text after it (and spans, in `text`, one further)
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom === 1 ? text.slice(1) : text;
  const stack: Frame[] = [];
  let root: PositionTree = { line: lineOffset, column: 0 };
  const listener = (event: string, state: LoaderState): void => {
    if (event === 'open') {
      let position = state.position;
      while (body.charCodeAt(position) === 0x20) {
        position++;
      }
      const column = position - state.lineStart + (state.line === 0 ? firstLineColumn : 0);
      stack.push(openFrame(stack[stack.length - 1], body, state.line + lineOffset, column, position));
      return;
    }
    const frame = stack.pop()!;
    if (frame.depth > maxDepth) {
      return;
    }
    const wrapped = frame.wrapper && frame.children.length === 1;
    const tree = frame.depth === maxDepth && !frame.wrapper ? leafOf(frame, state, bom)
      : maxDepth === Infinity || wrapped ? treeOf(frame, state, body)
        : { ...treeOf(frame, state, body), span: { start: frame.start + bom, end: state.position + bom } };
    if (stack.length > 0) {
      addChild(stack[stack.length - 1], tree, body, state.position);
    } else {
      root = tree;
    }
  };
  // as deep as a JSON document may nest (js-yaml counts one level more: its root node opens around the JSON's)
  loadKubernetesYaml(body, { listener, maxDepth: MAX_NESTING + 1 });
  return root;
}

/**
 * The position tree of the node whose text is `text.slice(start, end)`, found at 0-based `line` and `column` (its
 * `span` in a cut tree), from that text alone, at the lines and columns of `text`. A flow collection (JSON; a tag or
 * anchor may come first) is parsed as it is, its first line's columns shifted (one-line JSON puts items millions of
 * columns in); block YAML is padded with spaces to its column, as its indentation needs. Only the root's own position
 * may differ from the full tree's (a block collection opens where its key's line ends). Throws like
 * `loadKubernetesYaml`, e.g. on an alias of an anchor outside the node.
 */
export function positionTreeAt(text: string, start: number, end: number, line: number, column: number): PositionTree {
  const own = text.slice(start, end);
  return isFlow(own) ? positionTree(own, line, Infinity, column) : positionTree(' '.repeat(column) + own, line);
}

/** Whether `node` (a node's text) is a flow collection, past its properties (anchor, tag) on its first line. */
function isFlow(node: string): boolean {
  let i = 0;
  while (node.charCodeAt(i) === 0x26 /* & */ || node.charCodeAt(i) === 0x21 /* ! */) {
    while (i < node.length && !/\s/.test(node[i])) i++;
    while (node.charCodeAt(i) === 0x20 || node.charCodeAt(i) === 0x09) i++;
  }
  const c = node.charCodeAt(i);
  return c === 0x7b /* { */ || c === 0x5b /* [ */;
}

/** The subtree at `segments` (keys and indexes), or `undefined` when the document has no such node. */
export function subtree(tree: PositionTree, segments: readonly (string | number)[]): PositionTree | undefined {
  let node: PositionTree | undefined = tree;
  for (const segment of segments) {
    node = typeof segment === 'number' ? node?.items?.[segment] : node?.entries?.get(segment)?.value;
  }
  return node;
}

const INDEX = /^\[(\d+)\]/;

/**
 * Where the field at `path` is (a dotted path with `[i]` indexes, as findings give it, e.g.
 * `spec.template.spec.containers[0].securityContext.privileged`): the line of its key, or of its sequence item.
 * Keys may contain dots (annotation keys): the longest key that fits is taken. When the field is missing, the
 * position of its deepest present ancestor; `undefined` when none is present.
 */
export function fieldPosition(tree: PositionTree, path: string): Position | undefined {
  let node = tree;
  let found: Position | undefined;
  let rest = path;
  while (rest.length > 0) {
    if (node.items) {
      const match = INDEX.exec(rest);
      const item = match ? node.items[Number(match[1])] : undefined;
      if (!match || !item) {
        break;
      }
      node = item;
      found = item;
      rest = rest.slice(match[0].length);
    } else if (node.entries) {
      const key = longestKey(node.entries, rest);
      if (key === undefined) {
        break;
      }
      const entry = node.entries.get(key)!;
      node = entry.value;
      found = entry.key;
      rest = rest.slice(key.length);
    } else {
      break;
    }
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
    }
  }
  return found && { line: found.line, column: found.column };
}

function longestKey(entries: ReadonlyMap<string, unknown>, rest: string): string | undefined {
  let best: string | undefined;
  for (const key of entries.keys()) {
    const next = rest.charCodeAt(key.length);
    const fits = rest.startsWith(key) && (rest.length === key.length || next === 0x2e /* . */ || next === 0x5b /* [ */);
    if (fits && (best === undefined || key.length > best.length)) {
      best = key;
    }
  }
  return best;
}
