/** `{ value }` when `text` is one JSON value (an object or an array), else `undefined` (parsed as YAML then). */
export function parseJson(text: string): { value: unknown } | undefined {
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') {
    return undefined;
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * The number of members (`"key": value`) of the objects in `text`, which must be valid JSON: each string followed by
 * a `:`. `JSON.parse` keeps the last of two equal keys silently: fewer keys in its value than this is a duplicate key.
 */
export function jsonMemberCount(text: string): number {
  let members = 0;
  for (let open = text.indexOf('"'); open !== -1;) {
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && isEscaped(text, close)) {
      close = text.indexOf('"', close + 1);
    }
    if (close === -1) {
      break; // not JSON
    }
    let next = close + 1;
    while (isJsonSpace(text.charCodeAt(next))) {
      next++;
    }
    if (text.charCodeAt(next) === 0x3a /* : */) {
      members++;
    }
    open = text.indexOf('"', next);
  }
  return members;
}

/** Whether the `"` at `quote` is escaped: an odd number of backslashes before it. */
function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) {
    backslashes++;
  }
  return backslashes % 2 === 1;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
