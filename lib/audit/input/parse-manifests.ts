import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments, visit } from 'yaml';
import { K8sObject } from '../../core';
import { SourceLocation } from '../finding';

/** A manifest object read from a file, with where it starts. */
export interface LocatedObject {
  /** The object. */
  readonly object: K8sObject;
  /** File and 1-based line of the object's first field. */
  readonly location: SourceLocation;
  /** Helm template the object came from (`# Source:` comment of `helm template` output), when given. */
  readonly template?: string;
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
/** Aliases a document may expand (guards against "billion laughs"). */
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses multi-document YAML or JSON text from `file`. Never throws: a malformed document becomes a problem
 * with its line, and the other documents are still returned. Empty documents (Helm output has many) are skipped.
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const objects: LocatedObject[] = [];
  const problems: InputProblem[] = [];
  const lineCounter = new LineCounter();
  // uniqueKeys is quadratic in yaml 2.x (a 5 MB ConfigMap would take minutes): firstDuplicateKey checks in linear time.
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: true });
  const list: Document[] = Array.isArray(documents) ? documents : [];
  let previousEnd = 0;
  for (const document of list) {
    const start = document.contents?.range?.[0] ?? document.range?.[0] ?? previousEnd;
    const template = HELM_SOURCE.exec(text.slice(previousEnd, start))?.[1];
    previousEnd = document.range?.[2] ?? start;
    const lineOf = (node: Node | null | undefined): number => lineCounter.linePos(node?.range?.[0] ?? start).line;
    if (document.errors.length > 0) {
      const error = document.errors[0];
      const line = error.linePos?.[0].line ?? lineOf(document.contents);
      problems.push({ file, line, message: `malformed YAML/JSON document: ${error.message.split('\n')[0].replace(/:$/, '')}` });
      continue;
    }
    if (document.contents === null || document.contents === undefined) {
      continue;
    }
    const duplicate = firstDuplicateKey(document);
    if (duplicate) {
      problems.push({ file, line: lineOf(duplicate.node), message: `malformed YAML/JSON document: duplicate key '${duplicate.key}'` });
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      problems.push({ file, line: lineOf(document.contents), message: `unreadable document: ${(error as Error).message}` });
      continue;
    }
    if (value === null || value === undefined) {
      continue;
    }
    collect(value, document.contents as Node, { file, template, lineOf, objects, problems });
  }
  return { objects, problems };
}

/**
 * The first repeated scalar key of any mapping in `document` (kubectl rejects these, and which value wins is
 * ambiguous, so the document is not audited).
 */
function firstDuplicateKey(document: Document): { key: string; node: Node } | undefined {
  let found: { key: string; node: Node } | undefined;
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (key !== undefined && seen.has(key)) {
          found = { key: String(key), node: pair.key as Node };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

interface Collector {
  readonly file: string;
  readonly template?: string;
  readonly objects: LocatedObject[];
  readonly problems: InputProblem[];
  lineOf(node: Node | null | undefined): number;
}

/** Adds `value` (an object, a `List`, or a JSON array of objects) to the collector. */
function collect(value: unknown, node: Node, c: Collector): void {
  const line = c.lineOf(node);
  if (Array.isArray(value)) {
    const items = isSeq(node) ? node.items : [];
    value.forEach((item, i) => collect(item, (items[i] as Node | undefined) ?? node, c));
    return;
  }
  if (!isPlainObject(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    c.problems.push({ file: c.file, line, message: 'document is not a Kubernetes object (it needs a string apiVersion and kind)' });
    return;
  }
  if (value.kind.endsWith('List') && Array.isArray(value.items)) {
    const itemsNode = isMap(node) ? node.get('items', true) : undefined;
    collect(value.items, isSeq(itemsNode) ? itemsNode : node, c);
    return;
  }
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  const object = { ...value, metadata } as unknown as K8sObject;
  c.objects.push(c.template === undefined
    ? { object, location: { file: c.file, line } }
    : { object, location: { file: c.file, line }, template: c.template });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
