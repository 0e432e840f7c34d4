/**
 * Splitting a YAML stream into its documents without parsing it, so that each document is parsed (and fails)
 * on its own. YAML 1.2 forbids a line starting with `---` or `...` (then a space or the line end) inside any
 * node (spec production `c-forbidden`), so these lines are document boundaries wherever they occur.
 *
 * kubectl splits otherwise where a lone CR (a classic Mac OS line end) is next to a `---`: it splits at `---` lines
 * between LF line ends only (k8s.io/apimachinery pkg/util/yaml decoder.go: `LineReader` reads to LF, `YAMLReader`
 * splits at a line beginning with `---` and refuses one with more than spaces or a comment after it), and go-yaml
 * reads only the first document of what it is then given (`unmarshal` in sigs.k8s.io/yaml goyaml.v2 yaml.go). The
 * documents kubectl would not read as the audit does are marked (`loneCrMarker`), for the caller to report, not read.
 */

/** One document of a YAML stream: where its text is in the file. */
export interface YamlDocumentText {
  /** Offset of the document's first character (its directives, comments or `---` marker) in the file text. */
  readonly start: number;
  /** Offset after its last character. */
  readonly end: number;
  /** 0-based line of `start`. */
  readonly line: number;
  /**
   * Offset of a `---` next to a lone CR line end, where kubectl does not split documents: it ignores what follows up
   * to its next split (or refuses the file), so this document, which runs from there to that split, is not read as
   * the audit would read it.
   * @default - none: kubectl reads the document as the audit does
   */
  readonly loneCrMarker?: number;
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
/** A line end: LF, CRLF or a lone CR. */
const LINE_END = /\r\n?|\n/g;

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
 * Whether kubectl splits documents at the `---` line at `at` (see the file's comment): not when a lone CR ends the line
 * before (kubectl reads on, in the same line), nor when one ends the marker's line and more than spaces follow it
 * before the LF (kubectl refuses that separator, or drops what follows it with a comment).
 */
function kubectlSplitsAt(text: string, at: number): boolean {
  if (at > 0 && text.charCodeAt(at - 1) === 0x0d) return false;
  const lf = text.indexOf('\n', at);
  const rest = text.slice(at + 3, lf === -1 ? text.length : lf);
  const cr = rest.indexOf('\r');
  return cr === -1 || rest.slice(cr).trim() === '';
}

/** The offset after the line end that ends the line of `at` (the end of `text` when none does). */
function afterLineEnd(text: string, at: number): number {
  LINE_END.lastIndex = at;
  const end = LINE_END.exec(text);
  return end === null ? text.length : end.index + end[0].length;
}

/**
 * The documents of `text`, in order. A `---` line starts a document unless only directives and comments precede
 * it since the last boundary (they belong to it); a `...` line ends one. Empty documents are included. A `---` where
 * kubectl does not split starts a document that runs to the next `---` where it does (`loneCrMarker`).
 */
export function splitYamlDocuments(text: string): YamlDocumentText[] {
  const documents: YamlDocumentText[] = [];
  let start = 0;
  let line = 0;
  let loneCrMarker: number | undefined;
  /** Where kubectl's current chunk starts: after the `---` line it last split at (a line ends at LF for kubectl). */
  let chunkStart = 0;
  const close = (end: number): void => {
    documents.push(loneCrMarker === undefined ? { start, end, line } : { start, end, line, loneCrMarker });
    line += countLines(text, start, end);
    start = end;
    loneCrMarker = undefined;
  };
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match !== null; match = MARKER.exec(text)) {
    const at = match.index;
    if (match[0] === '---') {
      const splits = kubectlSplitsAt(text, at);
      if (loneCrMarker !== undefined) {
        if (splits) close(at);
      } else {
        if (at > start && hasContentBefore(text, start, at)) close(at);
        // kubectl reads on past a `---` it does not split at, and go-yaml reads it as a document start as the audit
        // does, unless a document came before it in kubectl's chunk (go-yaml reads only the first) or it begins
        // kubectl's line (a separator kubectl refuses)
        if (!splits && (at === 0 || text.charCodeAt(at - 1) === 0x0a || hasContentBefore(text, chunkStart, at))) loneCrMarker = at;
      }
      if (splits) {
        const lf = text.indexOf('\n', at);
        chunkStart = lf === -1 ? text.length : lf + 1;
      }
    } else if (loneCrMarker === undefined) {
      close(afterLineEnd(text, at));
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
