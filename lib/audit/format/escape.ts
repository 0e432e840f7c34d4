/**
 * Escaping for terminal and Markdown output: object names, messages and file names come from the audited input,
 * so a name with a newline must not start a forged line (`Score: 100/100`), an escape sequence must not drive the
 * terminal, and Markdown must not pass HTML or links through.
 */

/** C0/C1 controls, DEL, line/paragraph separators, bidirectional overrides and zero-width characters. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control or invisible formatting character shown as an escape (`\n`, `\u001b`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `text` as literal Markdown text (for a table cell or a list item): control characters escaped, HTML special
 * characters as entities, and Markdown punctuation (emphasis, code, links, tables) backslash-escaped.
 */
export function markdownText(text: string): string {
  return printable(text)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#!~]/g, (c) => `\\${c}`);
}
