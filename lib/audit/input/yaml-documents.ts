/**
 * Splitting a YAML stream into its documents without parsing it, so that each document is parsed (and fails)
 * on its own. YAML 1.2 forbids a line starting with `---` or `...` (then a space or the line end) inside any
 * node (spec production `c-forbidden`), so these lines are document boundaries wherever they occur.
 */

/** One document of a YAML stream: where its text is in the file. */
export interface YamlDocumentText {
  /** Offset of the document's first character (its directives, comments or `---` marker) in the file text. */
  readonly start: number;
  /** Offset after its last character. */
  readonly end: number;
  /** 0-based line of `start`. */
  readonly line: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
/**
 * Lines that carry no content: blank, comment-only, or directives (`%YAML`, `%TAG`). A line ends at LF, CRLF or a lone
 * CR, as YAML (js-yaml, go-yaml) ends it.
 */
const LEADING_NON_CONTENT = /(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n?|\n)|%[^\r\n]*(?:\r\n?|\n))*/y;
/** The same, plus one `---` marker line without content after it. */
const PREAMBLE = /(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n?|\n)|%[^\r\n]*(?:\r\n?|\n))*(?:---[ \t]*(?:#[^\r\n]*)?(?:\r\n?|\n)(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n?|\n))*)?/y;
/** A CR that is no part of a CRLF: a line break of its own, as LF is (classic Mac OS line ends). */
const LONE_CR = /\r(?!\n)/;

/**
 * The number of line breaks in `text` from offset `from` to `to`: LF, CRLF (one) and a lone CR, as js-yaml counts
 * the lines of the positions it gives (a finding's line). Only a range that holds a lone CR is searched for them.
 */
export function countLines(text: string, from: number, to: number): number {
  let lines = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
    lines++;
  }
  const range = text.slice(from, to); // a view of `text`: no copy
  if (range.includes('\r') && LONE_CR.test(range)) {
    for (let i = text.indexOf('\r', from); i !== -1 && i < to; i = text.indexOf('\r', i + 1)) {
      if (text.charCodeAt(i + 1) !== 0x0a) lines++;
    }
  }
  return lines;
}

function hasContentBefore(text: string, from: number, to: number): boolean {
  LEADING_NON_CONTENT.lastIndex = from;
  LEADING_NON_CONTENT.exec(text);
  return LEADING_NON_CONTENT.lastIndex < to;
}

/**
 * The documents of `text`, in order. A `---` line starts a document unless only directives and comments precede
 * it since the last boundary (they belong to it); a `...` line ends one. Empty documents are included.
 */
export function splitYamlDocuments(text: string): YamlDocumentText[] {
  const documents: YamlDocumentText[] = [];
  let start = 0;
  let line = 0;
  const close = (end: number): void => {
    documents.push({ start, end, line });
    line += countLines(text, start, end);
    start = end;
  };
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match !== null; match = MARKER.exec(text)) {
    const at = match.index;
    if (match[0] === '---') {
      if (at > start && hasContentBefore(text, start, at)) {
        close(at);
      }
    } else {
      const next = text.indexOf('\n', at);
      close(next === -1 ? text.length : next + 1);
      MARKER.lastIndex = start;
    }
  }
  if (start < text.length || documents.length === 0) {
    close(text.length);
  }
  return documents;
}

/**
 * Where the content of a document starts: the offset and 0-based line after its leading comments, directives and
 * `---` marker line, and the comments before it (a Helm `# Source:` line is among them).
 */
export function documentPreamble(text: string, document: YamlDocumentText): { readonly line: number; readonly comments: string } {
  PREAMBLE.lastIndex = document.start;
  PREAMBLE.exec(text);
  const end = Math.min(PREAMBLE.lastIndex, document.end);
  return { line: document.line + countLines(text, document.start, end), comments: text.slice(document.start, end) };
}
