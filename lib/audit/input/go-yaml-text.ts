/**
 * Text in a document that calls for a `GoYamlReading` (`go-yaml-reading.ts`), found with two regexes that run on every
 * document, so built to be cheap: each alternative starts with one character, rare or checked at once (then looks
 * behind it, where it needs to), so that the regex engine skips to those characters; two regexes, as one with all the
 * alternatives tries them at every character (on 10,000 objects, 11 MB: about 6 ms, a third of it `MERGE_OR_FLOAT`).
 * What matches but is none of those is read so, only slower.
 */

/**
 * What may read as a merge key or a float JSON cannot hold. go-yaml merges a key whose value is `<<` (`isMerge`),
 * whatever tag makes it one, and reads no such float but from the words `.inf`, `.nan` and their spellings
 * (resolve.go `resolveMap`), whatever tag asks for a float: so the text matched is those characters, not tags. A
 * double-quoted scalar may write them otherwise (scannerc.go `yaml_parser_scan_flow_scalar`): an escape `\x`, `\u` or
 * `\U` of `<`, `.` or a letter of `inf` or `nan` (`"\x3c<"`), or an escaped line break (a `\` ending the line) that
 * joins `<` or `.` (and up to two letters) to the next line (go-yaml also ends a line at U+0085, U+2028, U+2029, where
 * js-yaml refuses `\` as an unknown escape). A shell heredoc `<<EOF` in a script matches too.
 */
const MERGE_OR_FLOAT = String.raw`<(?:<|\\[\r\n])|\.(?:inf|Inf|INF|nan|NaN|NAN|[A-Za-z]{0,2}\\[\r\n])|\\(?:x|u00|U000000)(?:3[cC]|2[eE]|[46][169eE])`;

/**
 * A plain scalar that may resolve to a number or null, whose JSON key js-yaml spells otherwise (`1e7` is `10000000` to
 * JavaScript, `1e+07` to Kubernetes) or which Kubernetes refuses: a digit (after a sign, then any `.` or `_`: go-yaml
 * removes every `_` from a scalar with a sign), or `.` then a digit or a letter of `inf` or `nan`, then the characters
 * a number may hold; or a null word. (A boolean key is `true` or `false` to both.)
 */
const NUMBER_OR_NULL = String.raw`(?:(?:[-+][-+._]*)?(?:[0-9]|\.[0-9iInN])[-+.\w]*|~|[nN]ull|NULL)`;
/** The last character of such a scalar (but `.inf`, `.nan`, which `MERGE_OR_FLOAT` finds anywhere, and hex, `HEX_KEY`). */
const LAST = '[0-9._~lL]';
/**
 * Such a scalar as a key: the key's `:` (then a space, a line end, a flow indicator or the end), after it such a
 * scalar at a key's start (the start, a space or line break, a flow collection's `{`, `[` or `,`). Matched from the
 * `:`, the one character before it checked first: most keys end otherwise.
 */
const NUMBER_OR_NULL_KEY = String.raw`:(?<=${LAST}:|${LAST}[ \t]+:)(?=[\s,\]}]|$)(?<=(?:^|[\s{,[])${NUMBER_OR_NULL}[ \t]*:)`;
/** Such a scalar as a key without a value, in a flow mapping (`{1e7, a: b}`): after `{`, `,` or a line's start, then `,` or `}` (not the value in `{a: 1}`). */
const VALUELESS_KEY = String.raw`[,}](?<=${LAST}[ \t]*[,}])(?<=(?:^|[\n{,])[ \t]*${NUMBER_OR_NULL}[ \t]*[,}])`;
/** A hex integer as a key (it may end with a letter): `0x` at a key's start, then a key's end. */
const HEX_KEY = String.raw`[xX](?<=(?:^|[\s{,[])[-+_]*0[xX])\w*[ \t]*(?::(?:[\s,\]}]|$)|[,}])`;
const CAREFUL = new RegExp([MERGE_OR_FLOAT, NUMBER_OR_NULL_KEY, VALUELESS_KEY, HEX_KEY].join('|'));

/**
 * A key that is no scalar or may read as anything: a tag, anchor, alias or explicit key `?` where a key starts (a
 * line's start past its indentation and any `- `, or a flow collection's `{`, `[` or `,`), whatever it reads as; a
 * tag or anchor where a token starts, then a `:` (a key of nothing but it: `&a : b`); a flow collection's `{`, `[` or
 * `,` then a `:` (an empty key: `{: a}`); and a flow collection's `]` or `}` then a `:` (with or without a space:
 * `[1]:a` is a key too). Linear in the text: each alternative starts with its character and only then looks behind
 * it (a look-behind first runs at every character, back over a whole run of blanks), and a tag or anchor is tried
 * only where a token starts (`a=1&a=1&...` is scanned once, not once per `&`).
 */
const ODD_KEY = new RegExp(String.raw`[!&*?](?<=(?:^|\n)[ \t]*(?:-[ \t]+)*[!&*?]|[{,[]\s*[!&*?])|(?<![^\s,[\]{}])[!&][^\s,[\]{}]*\s+:(?:[\s,\]}]|$)|[{,[]\s*:|[\]}]\s*:`);

/**
 * Whether the YAML `text` may hold a merge key, an infinite or NaN float, or a key whose JSON key js-yaml spells
 * otherwise than Kubernetes (or none of them, and js-yaml reads it alone).
 */
export function needsGoYamlReading(text: string): boolean {
  return CAREFUL.test(text) || ODD_KEY.test(text);
}
