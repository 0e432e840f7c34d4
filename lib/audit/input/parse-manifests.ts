import { K8sObject } from '../../core/manifest';
import { SourceLocation } from '../finding';
import { BlockDocument, blockDocument } from './block-positions';
import { fieldPosition, Position, positionTree, PositionTree, positionTreeAt, subtree } from './field-positions';
import { jsonMemberCount, parseJson } from './json-text';
import { loadKubernetesYaml } from './kubernetes-yaml';
import { MAX_NESTING, shapeOf, ValueShape } from './value-shape';
import { countLines, documentPreamble, splitYamlDocuments, YamlDocumentText } from './yaml-documents';

/** One YAML document (or a whole JSON file) an object was read from: enough to find its fields' lines later. */
export interface ManifestDocument extends YamlDocumentText {
  /** The whole text of the file. */
  readonly text: string;
}

/** Where an object sits in the text it was read from. */
export interface ObjectSource {
  /** Its document. */
  readonly document: ManifestDocument;
  /** Its path in the document: `[]`, or e.g. `['items', 3]` for an item of a `List`. */
  readonly path: readonly (string | number)[];
  /**
   * For an object inside its document (an item of a `List` or of a JSON array): where its own text is, so that its
   * fields are located by parsing that text alone, not the whole document.
   * @default - none: the object is its whole document
   */
  readonly span?: TextSpan;
}

/** Where a node's text is in its document: its first line (0-based, in the file) and column, and its offsets. */
export interface TextSpan {
  /** 0-based line of the node's first character, in the file. */
  readonly line: number;
  /** 0-based column of the node's first character. */
  readonly column: number;
  /** Offset of the node's first character, from the start of its document (`ManifestDocument.start`). */
  readonly start: number;
  /** Offset of the end of the node's text, from the start of its document. */
  readonly end: number;
}

/** A manifest object read from a file, with where it starts. */
export interface LocatedObject {
  /** The object. */
  readonly object: K8sObject;
  /** File and 1-based line (and column) of the object's first field. */
  readonly location: SourceLocation;
  /** Helm template the object came from (`# Source:` comment of `helm template` output), when given. */
  readonly template?: string;
  /** Where it is in its text, to locate its fields (see `locateField`). */
  readonly source?: ObjectSource;
}

/** A document or file that could not be read: reported, and the rest of the input is still audited. */
export interface InputProblem {
  /** File as given to the audit. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** What is wrong. */
  readonly message: string;
}

/** What `parseManifests` found in one file. */
export interface ParsedManifests {
  /** Kubernetes objects, `List` items flattened, in file order. */
  readonly objects: readonly LocatedObject[];
  /** Malformed or non-Kubernetes documents. */
  readonly problems: readonly InputProblem[];
}

const HELM_SOURCE = /^#\s*Source:\s*(\S.*?)\s*$/m;
/** Alias expansion budget of a document, in nodes per character of its text (guards against "billion laughs"). */
const ALIAS_NODES_PER_CHAR = 2;
/** Alias expansion budget every document has, whatever its size. */
const ALIAS_NODES_MIN = 1000;

/**
 * Parses multi-document YAML or JSON text from `file`, the way Kubernetes reads it (see `KUBERNETES_YAML_SCHEMA`):
 * JSON with `JSON.parse` (a key given twice is a problem, as in YAML), YAML with js-yaml one document at a time.
 * Never throws: a malformed document (or one whose value nests deeper than `MAX_NESTING`) becomes a problem with its
 * line, and the other documents are still returned; so do the documents kubectl would not read as they are split here
 * (after a `---` next to a lone CR line end, see `splitYamlDocuments`). Empty documents (Helm output has many) are skipped. Field
 * positions are not computed here, only when a finding asks for one (`locateField`).
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const objects: LocatedObject[] = [];
  const problems: InputProblem[] = [];
  const json = parseJson(text);
  const documents = json === undefined ? splitYamlDocuments(text) : [{ start: 0, end: text.length, line: 0 }];
  for (const range of documents) {
    const document: ManifestDocument = { start: range.start, end: range.end, line: range.line, text };
    const preamble = documentPreamble(text, range);
    const line = preamble.line + 1;
    if (range.loneCrMarker !== undefined) {
      if (range.start + preamble.comments.length < range.end) {
        problems.push({ file, line: range.line + countLines(text, range.start, range.loneCrMarker) + 1, message: LONE_CR_SEPARATOR });
      }
      continue;
    }
    let value: unknown;
    if (json !== undefined) {
      value = json.value;
      const shape = shapeOf(value);
      if (shape.depth > MAX_NESTING || shape.keys !== jsonMemberCount(text)) {
        problems.push(jsonProblem(text, file, shape));
        continue;
      }
    } else {
      const chunk = text.slice(range.start, range.end);
      try {
        value = loadKubernetesYaml(chunk);
      } catch (error) {
        problems.push(yamlProblem(error, chunk, file, range.line));
        continue;
      }
      const message = chunk.includes('&') && chunk.includes('*') ? aliasProblem(value, chunk.length) : undefined;
      if (message !== undefined) {
        problems.push({ file, line, message });
        continue;
      }
    }
    if (value === null || value === undefined) {
      continue;
    }
    const template = HELM_SOURCE.exec(preamble.comments)?.[1];
    collect(value, [], line, { file, template, document, objects, problems });
  }
  return { objects, problems };
}

/** The problem of a document that starts at a `---` where kubectl does not split (see `YamlDocumentText.loneCrMarker`). */
const LONE_CR_SEPARATOR = "'---' next to a lone CR line end (classic Mac OS): kubectl splits documents only at '---' lines between LF line ends, "
  + 'and ignores (or refuses) what follows up to the next one: not read (save the file with LF line ends)';

/** js-yaml's `reason` for a key given twice in a mapping. */
const DUPLICATE_KEY = 'duplicated mapping key';

interface YamlError {
  readonly reason?: string;
  readonly message?: string;
  readonly mark?: { readonly line: number; readonly position: number };
}

function yamlProblem(error: unknown, chunk: string, file: string, firstLine: number): InputProblem {
  const e = error as YamlError;
  // js-yaml reads a missing final newline as if it were there: an error "at the end" is on the document's last line.
  const last = chunk.charCodeAt(chunk.length - 1);
  const lastLine = firstLine + countLines(chunk, 0, chunk.length) + (last === 0x0a || last === 0x0d ? 0 : 1);
  const line = Math.min(e.mark ? firstLine + e.mark.line + 1 : firstLine + 1, Math.max(lastLine, firstLine + 1));
  if (e.reason === DUPLICATE_KEY && e.mark) {
    const key = /^\s*"?([^":\n]*)/.exec(chunk.slice(e.mark.position))?.[1] ?? '';
    return { file, line, message: `malformed YAML/JSON document: duplicate key '${key.trim()}'` };
  }
  return { file, line, message: `malformed YAML/JSON document: ${e.reason ?? e.message ?? String(error)}` };
}

/** What is wrong with a YAML document's `value` of `characters` characters, read with its aliases expanded, if anything. */
function aliasProblem(value: unknown, characters: number): string | undefined {
  const budget = ALIAS_NODES_MIN + ALIAS_NODES_PER_CHAR * characters;
  const shape = shapeOf(value, budget);
  return shape.nodes > budget ? 'unreadable document: its aliases expand to too many nodes (an alias bomb?)'
    : shape.depth > MAX_NESTING ? `unreadable document: its aliases nest deeper than ${MAX_NESTING} levels` : undefined;
}

/**
 * The problem of a JSON `text` whose value (of `shape`) nests deeper than `MAX_NESTING` or lost a duplicate key, at
 * the line where js-yaml finds it (it refuses both; it counts one level more, its root node opening around the JSON's).
 */
function jsonProblem(text: string, file: string, shape: ValueShape): InputProblem {
  const reason = shape.depth > MAX_NESTING ? `nested deeper than ${MAX_NESTING} levels` : 'duplicate key';
  try {
    loadKubernetesYaml(text, { maxDepth: MAX_NESTING + 1 });
  } catch (error) {
    const problem = yamlProblem(error, text, file, 0);
    return (error as YamlError).reason === DUPLICATE_KEY ? problem : { ...problem, message: `malformed YAML/JSON document: ${reason}` };
  }
  return { file, message: `malformed YAML/JSON document: ${reason}` };
}

interface Collector {
  readonly file: string;
  readonly template?: string;
  readonly document: ManifestDocument;
  readonly objects: LocatedObject[];
  readonly problems: InputProblem[];
  /**
   * Position tree of the document down to `treeDepth`, built when items of a List or array need their lines (and
   * built again, deeper, when a nested List needs more): never a tree of every field of a large List.
   */
  tree?: PositionTree | null;
  /** The depth `tree` is cut at. */
  treeDepth?: number;
}

/** The node at `path` of the collector's document, in a tree cut at `depth` (at least the path's length). */
function nodeAt(c: Collector, path: readonly (string | number)[], depth = path.length): PositionTree | undefined {
  if (c.tree === undefined || c.treeDepth === undefined || c.treeDepth < depth) {
    c.tree = treeOrNull(c.document, depth);
    c.treeDepth = depth;
  }
  return c.tree ? subtree(c.tree, path) : undefined;
}

/**
 * Adds `value` (an object, a `List`, or a JSON array of objects) at `path` of its document to the collector. When
 * the position tree does not list as many items as an array has (an alias of a sequence has no items of its own),
 * its objects are not located by it (`located` false): each at its document's line, its findings there too.
 */
function collect(value: unknown, path: readonly (string | number)[], documentLine: number, c: Collector, located = true): void {
  if (Array.isArray(value)) {
    const aligned = located && nodeAt(c, path, path.length + 1)?.items?.length === value.length;
    value.forEach((item, i) => collect(item, [...path, i], documentLine, c, aligned));
    return;
  }
  const node = path.length === 0 || !located ? undefined : nodeAt(c, path);
  const line = node ? node.line + 1 : documentLine;
  if (!isPlainObject(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    c.problems.push({ file: c.file, line, message: 'document is not a Kubernetes object (it needs a string apiVersion and kind)' });
    return;
  }
  if (value.kind.endsWith('List') && Array.isArray(value.items)) {
    collect(value.items, [...path, 'items'], documentLine, c, located);
    return;
  }
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const object = { ...value, metadata } as unknown as K8sObject;
  const location = { file: c.file, line };
  const span = node?.span && { line: node.line, column: node.column, start: node.span.start, end: node.span.end };
  const source: ObjectSource | undefined = !located ? undefined : span ? { document: c.document, path, span } : { document: c.document, path };
  const where = source === undefined ? { object, location } : { object, location, source };
  c.objects.push(c.template === undefined ? where : { ...where, template: c.template });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The position tree `parse` makes, or `null` when its text does not parse. */
function orNull(parse: () => PositionTree): PositionTree | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

function treeOrNull(document: ManifestDocument, maxDepth?: number): PositionTree | null {
  return orNull(() => positionTree(document.text.slice(document.start, document.end), document.line, maxDepth));
}

/** The position tree of the object at `span` of `document`, from its own text; `null` when that text does not parse alone. */
function itemTreeOrNull(document: ManifestDocument, span: TextSpan): PositionTree | null {
  return orNull(() => positionTreeAt(document.text, document.start + span.start, document.start + span.end, span.line, span.column));
}

/**
 * The last document whose positions were asked for (findings come object by object, so one entry suffices): it
 * read for positions when it is plain block YAML (`null` when it is not), the tree of its last object read from its
 * own text, the tree of the whole document when an object needs it, and the locations given so far (findings at
 * one field share one location object).
 */
let cached: {
  readonly document: ManifestDocument;
  block?: BlockDocument | null;
  item?: { readonly span: TextSpan; readonly tree: PositionTree | null };
  tree?: PositionTree | null;
  readonly locations: Map<string, SourceLocation>;
} | undefined;

/**
 * Where the field at `path` (a finding's dotted JSON path, relative to the object) of `located` is: its file,
 * 1-based line and column. Found in the lines of a plain block YAML document (see `BlockDocument`), else in its
 * object's text parsed again with positions, only when a finding asks. Falls back to the object's own location when
 * the object has no source text or the field is not in it (see `fieldPosition`).
 */
export function locateField(located: LocatedObject, path: string | undefined): SourceLocation {
  const source = located.source;
  if (path === undefined || source === undefined) {
    return located.location;
  }
  if (cached?.document !== source.document) {
    cached = { document: source.document, locations: new Map() };
  }
  const position = positionIn(cached, source, path);
  if (position === undefined) {
    return located.location;
  }
  const key = `${position.line}:${position.column}`;
  let location = cached.locations.get(key);
  if (location === undefined) {
    location = { file: located.location.file, line: position.line + 1, column: position.column + 1 };
    cached.locations.set(key, location);
  }
  return location;
}

/** Where the field at `path` of the object at `source` is (0-based, in the file), from the document's lines or its tree. */
function positionIn(entry: NonNullable<typeof cached>, source: ObjectSource, path: string): Position | undefined {
  const document = source.document;
  if (source.span === undefined && source.path.length === 0) {
    if (entry.block === undefined) {
      entry.block = blockDocument(document.text, document.start, document.end) ?? null;
    }
    const position = entry.block?.fieldPosition(path);
    if (position !== undefined) {
      return position === null ? undefined : { line: position.line + document.line, column: position.column };
    }
  }
  const root = rootOf(entry, source);
  return root ? fieldPosition(root, path) : undefined;
}

/**
 * The position tree of the object at `source`: from its own text when it has a span that parses alone (an item of a
 * List: one item's tree at a time, however large the List), else the subtree of its whole document's tree.
 */
function rootOf(entry: NonNullable<typeof cached>, source: ObjectSource): PositionTree | undefined {
  const span = source.span;
  if (span !== undefined) {
    if (entry.item?.span !== span) {
      entry.item = { span, tree: itemTreeOrNull(source.document, span) };
    }
    if (entry.item.tree) {
      return entry.item.tree;
    }
  }
  if (entry.tree === undefined) {
    entry.tree = treeOrNull(source.document);
  }
  return entry.tree ? subtree(entry.tree, source.path) : undefined;
}
