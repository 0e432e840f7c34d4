/**
 * Differential: the audit's YAML reader (`loadKubernetesYaml`) against kubectl v1.32.4, which reads YAML with
 * sigs.k8s.io/yaml v1.4.0 (its go-yaml v2.4.0 fork, goyaml.v2) and converts it to JSON with encoding/json.
 *
 * How the expected values were obtained (this test does not run kubectl): for each case, a ConfigMap holding it under
 * `m` (a scalar as the item of a block sequence `m:\n  - <scalar>`, a merge layout as written) was given to
 * `kubectl label --local -f case.yaml p=1 -o json` (offline: no cluster), and the JSON text kubectl printed for `m`
 * recorded, or its error (after "error converting YAML to JSON: "). Numbers are that JSON text, read with JSON.parse as
 * the audit reads JSON: beyond 2^53 both round alike. The rules behind them are upstream, in sigs.k8s.io/yaml v1.4.0
 * goyaml.v2/resolve.go (`resolve()`: the word table, `strconv.ParseInt(plain, 0, 64)`, `ParseUint`, `yamlStyleFloat`
 * `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`, the `0b` fallback), goyaml.v2/decode.go (`mapping()`,
 * `merge()`, `isMerge()`), goyaml.v2/scannerc.go (`yaml_parser_scan_flow_scalar`: the `\x`, `\u`, `\U` escapes and escaped
 * line breaks of double-quoted scalars) and yaml.go (`yamlToJSONTarget`: `json.Marshal`, which refuses NaN and infinities).
 */
import { loadKubernetesYaml } from '../../../lib/audit/input/kubernetes-yaml';

/** kubectl refused the document with `message`; the audit's error says `fragment` of it. */
interface Refused {
  readonly message: string;
  readonly fragment: string;
}

function refused(message: string, fragment = message): Refused {
  return { message, fragment };
}

/** Plain scalars, and the JSON kubectl printed for each (or its refusal). */
const SCALARS: readonly (readonly [string, string | Refused])[] = [
  // floats: yamlStyleFloat takes an unsigned exponent and a trailing dot; ParseFloat refuses float64 overflow (a string)
  ['0e0', '0'], ['0.', '0'], ['1e4', '10000'], ['1E4', '10000'], ['1e+4', '10000'], ['1e-4', '0.0001'], ['1.', '1'], ['+1.', '1'],
  ['-.5', '-0.5'], ['+.5', '0.5'], ['.5', '0.5'], ['.5e3', '500'], ['1.5', '1.5'], ['1.10', '1.1'], ['100.0', '100'],
  ['1e20', '100000000000000000000'], ['1e21', '1e+21'], ['1e999', '"1e999"'], ['.1e999', '".1e999"'], ['1e-999', '0'], ['-0', '0'],
  ['-0.0', '0'], ['+1', '1'], ['+0', '0'],
  // integers: Go's base prefixes and a leading 0 for octal; every `_` removed first (so 0x_0 and 1__0 are numbers)
  ['0x1F', '31'], ['0X1f', '31'], ['-0x1', '-1'], ['+0x1', '1'], ['0x-1', '"0x-1"'],
  ['0x_0', '0'], ['0o17', '15'], ['0O17', '15'], ['017', '15'], ['00', '0'], ['08', '8'], ['-08', '-8'], ['08.5', '8.5'], ['0_1', '1'],
  ['1_000', '1000'], ['1__0', '10'], ['1_0.5', '10.5'], ['1_.5', '1.5'], ['1._5', '1.5'], ['1_', '1'], ['_1', '"_1"'],
  // a scalar starting with `.` is given to ParseFloat as written: `_` only between digits
  ['.5_0', '0.5'], ['.5__0', '".5__0"'], ['._5', '"._5"'], ['.5e_1', '".5e_1"'], ['.5e1_0', '5000000000'], ['1e1_0', '10000000000'],
  // binary, and resolve.go's last try: "0b" then ParseInt(rest, 2, 64), which takes a sign
  ['0b101', '5'], ['0B101', '5'], ['-0b101', '-5'], ['0b+1', '1'], ['0b-1', '-1'], ['-0b+1', '"-0b+1"'], ['0B+1', '"0B+1"'],
  ['0b12', '"0b12"'], ['0x', '"0x"'], ['0o', '"0o"'], ['0b', '"0b"'],
  // int64, then uint64, then a float; a hex number past uint64 is a string, an octal one a decimal float
  ['9007199254740993', '9007199254740993'], ['9223372036854775807', '9223372036854775807'],
  ['9223372036854775808', '9223372036854776000'], ['-9223372036854775808', '-9223372036854775808'],
  ['-9223372036854775809', '-9223372036854776000'], ['18446744073709551615', '18446744073709552000'],
  ['18446744073709551616', '18446744073709552000'], ['+18446744073709551615', '18446744073709552000'],
  ['0xFFFFFFFFFFFFFFFF', '18446744073709552000'], ['0x10000000000000000', '"0x10000000000000000"'],
  ['01777777777777777777777', '18446744073709552000'], ['02000000000000000000000', '2e+21'],
  // infinities and NaN are floats JSON cannot hold: the document is refused
  ['.inf', refused('json: unsupported value: +Inf')], ['.Inf', refused('json: unsupported value: +Inf')],
  ['.INF', refused('json: unsupported value: +Inf')], ['+.inf', refused('json: unsupported value: +Inf')],
  ['-.inf', refused('json: unsupported value: -Inf')], ['-.INF', refused('json: unsupported value: -Inf')],
  ['.nan', refused('json: unsupported value: NaN')], ['.NaN', refused('json: unsupported value: NaN')],
  ['.NAN', refused('json: unsupported value: NaN')], ['Infinity', '"Infinity"'], ['inf', '"inf"'], ['NaN', '"NaN"'], ['nan', '"nan"'],
  // ... however a double-quoted scalar spells them (an escape, an escaped line break) under a float tag in any form
  // (kubectl v1.32.4 read each, as above; untagged or under `!` a quoted scalar is a string)
  ['!!float "\\x2einf"', refused('json: unsupported value: +Inf')], ['!!float "\\u002eNaN"', refused('json: unsupported value: NaN')],
  ['!<tag:yaml.org,2002:float> "-\\U0000002eINF"', refused('json: unsupported value: -Inf')],
  ['!!float ".\\\n    inf"', refused('json: unsupported value: +Inf')], ['!!float "+.in\\\n    f"', refused('json: unsupported value: +Inf')],
  ['"\\x2einf"', '".inf"'], ['! "\\x2einf"', '".inf"'],
  // no base-60, hex floats, or half numbers
  ['.infinity', '".infinity"'], ['1:20', '"1:20"'], ['190:20:30', '"190:20:30"'], ['0x1p3', '"0x1p3"'], ['1e', '"1e"'], ['1e+', '"1e+"'],
  ['e1', '"e1"'], ['+', '"+"'], ['.', '"."'],
  // YAML 1.1 booleans and nulls, in the three spellings the table lists
  ['y', 'true'], ['Y', 'true'], ['yes', 'true'], ['Yes', 'true'],
  ['YES', 'true'], ['n', 'false'], ['N', 'false'], ['no', 'false'], ['No', 'false'], ['NO', 'false'], ['on', 'true'], ['On', 'true'],
  ['ON', 'true'], ['off', 'false'], ['Off', 'false'], ['OFF', 'false'], ['true', 'true'], ['True', 'true'], ['TRUE', 'true'],
  ['false', 'false'], ['False', 'false'], ['FALSE', 'false'], ['tRue', '"tRue"'], ['yES', '"yES"'], ['oN', '"oN"'], ['~', 'null'],
  ['null', 'null'], ['Null', 'null'], ['NULL', 'null'], ['nULL', '"nULL"'],
  // a merge key as a value, and timestamps (decoded into interface{}, go-yaml keeps a timestamp's text)
  ['<<', '"<<"'], ['2001-12-14', '"2001-12-14"'],
  ['2001-12-14T21:59:43.10Z', '"2001-12-14T21:59:43.10Z"'], ['2001-12-14 21:59:43.10 -5', '"2001-12-14 21:59:43.10 -5"'],
];

const MAP_MERGE = 'map merge requires map or sequence of maps as the value';
const SEQUENCE_OF_101 = `[${Array.from({ length: 101 }, (_, i) => `{k${i}: ${i}}`).join(', ')}]`;

/** Merge layouts (a document holding `m`), and what kubectl read as `m` (or its refusal, after "yaml: "). */
const MERGES: readonly (readonly [string, string, unknown])[] = [
  ['an explicit key, then a merge that sets it: the merge wins', 'm:\n  a: 1\n  <<: {a: 2, b: 2}\n', { a: 2, b: 2 }],
  ['a merge, then an explicit key: the key wins', 'm:\n  <<: {a: 2, b: 2}\n  a: 1\n', { a: 1, b: 2 }],
  ['two merges: the later wins', 'm:\n  <<: {a: 1, b: 1}\n  <<: {a: 2}\n', { a: 2, b: 1 }],
  ['a merge, a key, a merge: the last wins', 'm:\n  <<: {a: 1}\n  a: 0\n  <<: {a: 2}\n', { a: 2 }],
  ['a merge of a sequence: the earlier item wins', 'm:\n  <<: [{a: 1}, {a: 2, b: 2}]\n', { a: 1, b: 2 }],
  ['a merge of a sequence after an explicit key: the merge wins', 'm:\n  a: 0\n  <<: [{a: 1}, {a: 2, b: 2}]\n', { a: 1, b: 2 }],
  ['a merge of a block sequence', 'm:\n  <<:\n  - a: 1\n  - a: 2\n    b: 2\n', { a: 1, b: 2 }],
  ['two merges of sequences: the later merge, then its earlier item, wins', 'm:\n  <<: [{a: 1}, {a: 2}]\n  <<: [{a: 3}, {a: 4}]\n', { a: 3 }],
  ['a merge of aliases', 'p: &p {a: 1}\nq: &q {a: 2, b: 2}\nm:\n  <<: [*p, *q]\n', { a: 1, b: 2 }],
  ['a merge of an alias whose mapping merges: its own merge applies first', 'b: &b {a: 1, <<: {a: 2, c: 2}}\nm:\n  a: 0\n  <<: *b\n', { a: 2, c: 2 }],
  ['a merge inside a merged mapping', 'm:\n  <<: {<<: {a: 3, d: 3}, a: 1}\n', { a: 1, d: 3 }],
  ['a merged mapping value replaces the whole value (no deep merge)', 'm:\n  s: {a: 1, b: 1}\n  <<: {s: {a: 2}}\n', { s: { a: 2 } }],
  ['an explicit mapping value after a merge replaces the merged one', 'b: &b {s: {a: 1}}\nm:\n  <<: *b\n  s: {c: 2}\n', { s: { c: 2 } }],
  ['a merge in a flow mapping', 'm: {a: 0, <<: {a: 1}}\n', { a: 1 }],
  ['an explicit `? <<` key merges', 'm:\n  a: 0\n  ? <<\n  : {a: 1}\n', { a: 1 }],
  ['`!!merge <<` merges', 'm:\n  a: 0\n  !!merge <<: {a: 1}\n', { a: 1 }],
  ['`! <<` merges', 'm:\n  a: 0\n  ! <<: {a: 1}\n', { a: 1 }],
  ['`! "<<"` merges', 'm:\n  a: 0\n  ! "<<": {a: 1}\n', { a: 1 }],
  ['an anchored `<<` merges', 'm:\n  a: 0\n  &k <<: {a: 1}\n', { a: 1 }],
  // (a merge key is a key whose value is `<<`, however a double-quoted scalar spells it: kubectl v1.32.4 read each, as above)
  ['`!!merge "\\x3c<"` merges', 'm:\n  a: 0\n  !!merge "\\x3c<": {a: 1}\n', { a: 1 }],
  ['`!!merge "\\u003c\\u003c"` merges', 'm:\n  a: 0\n  !!merge "\\u003c\\u003c": {a: 1}\n', { a: 1 }],
  ['`!!merge "\\U0000003C<"` merges', 'm:\n  a: 0\n  !!merge "\\U0000003C<": {a: 1}\n', { a: 1 }],
  ['`! "\\x3c<"` merges', 'm:\n  a: 0\n  ! "\\x3c<": {a: 1}\n', { a: 1 }],
  ['`? !<tag:yaml.org,2002:merge> "\\x3c<"` merges', 'm:\n  a: 0\n  ? !<tag:yaml.org,2002:merge> "\\x3c<"\n  : {a: 1}\n', { a: 1 }],
  ['a %-escaped merge tag merges', 'm:\n  a: 0\n  !<tag:yaml.org,2002:%6Derge> "\\x3c<": {a: 1}\n', { a: 1 }],
  ['`<` and `<` joined by an escaped line break merge', 'm:\n  a: 0\n  ? !!merge "<\\\n    <"\n  : {a: 1}\n', { a: 1 }],
  ['an untagged "\\x3c<" is a key', 'm:\n  a: 0\n  "\\x3c<": {a: 1}\n', { '<<': { a: 1 }, 'a': 0 }],
  ['a quoted "<<" is a key', 'm:\n  a: 0\n  "<<": {a: 1}\n', { '<<': { a: 1 }, 'a': 0 }],
  ['`!!str <<` is a key', 'm:\n  a: 0\n  !!str <<: {a: 1}\n', { '<<': { a: 1 }, 'a': 0 }],
  ['`<<` as a value is a string', 'm:\n  a: <<\n  b: [<<]\n', { a: '<<', b: ['<<'] }],
  ['a merge in a sequence item', 'm:\n  - <<: {a: 1}\n    a: 0\n', [{ a: 0 }]],
  ['a merge in a flow sequence pair', 'm: [<<: {a: 1}]\n', [{ a: 1 }]],
  ['an empty sequence merges nothing', 'm:\n  <<: []\n  a: 1\n', { a: 1 }],
  // (a JS object lists array-index keys first, whatever the order written: the order written still decides)
  ['a number key, then a merge that sets it: the merge wins', 'm:\n  1: a\n  <<: {1: b}\n', { 1: 'b' }],
  ['a merge, then a number key: the key wins', 'm:\n  <<: {1: b}\n  1: a\n', { 1: 'a' }],
  ['a quoted number key, then a merge that sets it: the merge wins', 'm:\n  "1": a\n  <<: {1: b}\n', { 1: 'b' }],
  ['an alias of a number as key, then a merge: the merge wins', 'x: &x 1\nm: {*x : a, <<: {1: b}}\n', { 1: 'b' }],
  ['a merge with a __proto__ key', 'm:\n  __proto__: {a: 1}\n  <<: {b: 2}\n', { ['__proto__']: { a: 1 }, b: 2 }],
  // (kubectl printed k0: 0 ... k100: 100)
  ['a merge of a sequence of 101 mappings', `m:\n  <<: ${SEQUENCE_OF_101}\n`, Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]))],
  ['a merge of a scalar is refused', 'm:\n  <<: 1\n', refused(MAP_MERGE)],
  ['a merge of null is refused', 'm:\n  <<: ~\n', refused(MAP_MERGE)],
  ['a merge of nothing is refused', 'm:\n  <<:\n  a: 1\n', refused(MAP_MERGE)],
  ['a merge of an alias of a scalar is refused', 's: &s 1\nm:\n  <<: *s\n', refused(MAP_MERGE)],
  ['a merge of an alias of a sequence is refused', 's: &s [{a: 1}]\nm:\n  <<: *s\n', refused(MAP_MERGE)],
  ['a merge of an alias of a sequence on the next line is refused', 's: &s [{a: 1}]\nm:\n  <<:\n    *s\n', refused(MAP_MERGE)],
  ['a merge of an alias of an anchored merge sequence is refused', 'm:\n  <<: &l [{a: 1}]\nx:\n  <<: *l\n', refused(MAP_MERGE)],
  ['a merge of a sequence holding a scalar is refused', 'm:\n  <<: [{a: 1}, 2]\n', refused(MAP_MERGE)],
  ['a merge of a sequence holding null is refused', 'm:\n  <<: [~]\n', refused(MAP_MERGE)],
  ['a merge of a sequence holding a sequence is refused', 'm:\n  <<: [[{a: 1}]]\n', refused(MAP_MERGE)],
  ['a merge of a sequence holding an alias of a sequence is refused', 's: &s [{a: 1}]\nm:\n  <<: [*s]\n', refused(MAP_MERGE)],
  ['a merge of the mapping it is in is refused', 'm: &m\n  a: 1\n  <<: *m\n', refused("anchor 'm' value contains itself", 'value contains itself')],
  ['a .nan a merge brings is refused', 'm: {<<: {a: .nan}}\n', refused('json: unsupported value: NaN')],
];

function isRefused(expected: unknown): expected is Refused {
  return typeof expected === 'object' && expected !== null && 'fragment' in expected;
}

/** `m` of the document `body` (under a ConfigMap's fields, as given to kubectl). */
function readM(body: string): unknown {
  return (loadKubernetesYaml(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n${body}`) as { m: unknown }).m;
}

describe('plain scalars read as kubectl reads them', () => {
  test.each(SCALARS)('%s', (scalar, expected) => {
    const read = (): unknown => (readM(`m:\n  - ${scalar}\n`) as unknown[])[0];
    if (isRefused(expected)) {
      expect(read).toThrow(expected.fragment);
    } else {
      expect(read()).toEqual(JSON.parse(expected));
    }
  });
});

describe('merge keys `<<` applied as kubectl applies them', () => {
  test.each(MERGES)('%s', (_, body, expected) => {
    if (isRefused(expected)) {
      expect(() => readM(body)).toThrow(expected.fragment);
    } else {
      expect(readM(body)).toEqual(expected);
    }
  });
});
