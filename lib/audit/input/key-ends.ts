/**
 * Where a YAML node is a mapping key, told from the text after it (js-yaml says nothing of it): the `:` that follows a
 * key, on its line or (after an explicit key `?`) starting a later one.
 */

/** Whether the node whose text ends at `end` is a key with a value: a `:` follows it on its line, or begins a later one. */
export function isKeyEnd(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  if (c === 0x3a /* : */ || c === 0x2c /* , */ || c === 0x7d /* } */ || c === 0x5d /* ] */) {
    return c === 0x3a; // most nodes end at one of these
  }
  const at = contentStart(text, end);
  if (text.charCodeAt(at) !== 0x3a /* : */) {
    return false;
  }
  const next = text.charCodeAt(at + 1);
  if (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || Number.isNaN(next)) {
    return true;
  }
  // a `:` with no space after it ends a key on the key's line only (`"key":value`); on a later line it begins a plain key
  for (let i = end; i < at; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      return false;
    }
  }
  return true;
}

/** The offset of the first character at or after `from` that is not a space, tab, line break or comment. */
export function contentStart(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
    } else if (c === 0x23 /* # */) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else {
      return i;
    }
  }
}
