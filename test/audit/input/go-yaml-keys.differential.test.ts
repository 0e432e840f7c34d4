/**
 * Differential: the JSON key the audit's YAML reader (`loadKubernetesYaml`) makes of a mapping key that is no string,
 * against kubectl v1.32.4 (sigs.k8s.io/yaml v1.4.0 and its go-yaml v2.4.0 fork, goyaml.v2).
 *
 * How the expected values were obtained (this test does not run kubectl), as in kubernetes-yaml.differential.test.ts:
 * each case written as (or under) the key of a ConfigMap's `m` was given to `kubectl label --local -f case.yaml p=1 -o
 * json` (offline: no cluster), and the key kubectl printed recorded, or its error (after "error converting YAML to
 * JSON: "). The rules behind them are upstream:
 * - kubernetes-sigs/yaml yaml.go (v1.4.0) `convertToJSONableObject`: a key go-yaml decoded into a
 *   `map[interface{}]interface{}` becomes a string by its Go type: a string as is; an int with `strconv.Itoa`; a float64
 *   with `strconv.FormatFloat(typedKey, 'g', -1, 32)`, `+Inf`, `-Inf` and `NaN` then written `.inf`, `-.inf`, `.nan`;
 *   a bool `true` or `false`; any other type fails the document ("unsupported map key of type: %s"): nil, uint64.
 * - goyaml.v2/resolve.go `resolve()`: a plain scalar is an int if `strconv.ParseInt(plain, 0, 64)` reads it, else a
 *   uint64 if `ParseUint` does (so 2^63 to 2^64-1, unsigned, is a uint64), else a float64 if `yamlStyleFloat` matches;
 *   under `!!float` an int becomes a float64 (`!!float -0` is 0) and a uint64 fails.
 * - goyaml.v2/decode.go `mapping()`: a key that decodes to a map or a slice fails the document ("invalid map key");
 *   `setMapIndex` outside strict mode lets a later key overwrite an earlier equal one.
 * - golang/go src/strconv/ftoa.go `genericFtoa`/`formatDigits`: bitSize 32 rounds the float64 to a float32 (so `1e39`
 *   is `+Inf`); shortest mode ('g', -1) writes `%e` when the decimal exponent is below -4 or at least `eprec = 6`,
 *   else `%f`; `fmtE` writes two exponent digits at least. ftoaryu.go `ryuFtoaShortest`: the fewest digits that read
 *   back as the float32, the nearer of two, an exact tie to the even one.
 */
import * as fc from 'fast-check';
import { load } from 'js-yaml';
import { needsGoYamlReading } from '../../../lib/audit/input/go-yaml-text';
import { KUBERNETES_YAML_SCHEMA, loadKubernetesYaml } from '../../../lib/audit/input/kubernetes-yaml';

const RUNS = Number(process.env.KEY_READING_RUNS ?? (process.env.FUZZ_DEPTH === 'deep' ? 100000 : 2000));

/** kubectl refused the document with `message`; the audit's error says `fragment` of it. */
interface Refused {
  readonly message: string;
  readonly fragment: string;
}

function refused(message: string, fragment = message): Refused {
  return { message, fragment };
}

function isRefused(expected: unknown): expected is Refused {
  return typeof expected === 'object' && expected !== null && 'fragment' in expected;
}

const NIL = refused('unsupported map key of type: %!s(<nil>)', 'unsupported map key of type: <nil>');
const UINT64 = refused('unsupported map key of type: uint64');

/** Keys as written (plain, unless quoted or tagged), and the JSON key kubectl made of each (or its refusal). */
const KEYS: readonly (readonly [string, string | Refused])[] = [
  // ints: strconv.Itoa of what ParseInt(plain, 0, 64) read, exactly (beyond 2^53 too)
  ['1', '1'], ['-1', '-1'], ['+1', '1'], ['0', '0'], ['-0', '0'], ['007', '7'], ['08', '8'], ['0x1F', '31'], ['0X1f', '31'],
  ['-0x1', '-1'], ['0o17', '15'], ['0O17', '15'], ['0b101', '5'], ['0b-1', '-1'], ['1_000', '1000'], ['1__0', '10'],
  ['9007199254740993', '9007199254740993'], ['9223372036854775807', '9223372036854775807'],
  ['-9223372036854775808', '-9223372036854775808'],
  // uint64 (above int64, no sign): refused; with a sign, or past uint64, a float; a hex past uint64 is a string
  ['9223372036854775808', UINT64], ['18446744073709551615', UINT64], ['0xFFFFFFFFFFFFFFFF', UINT64],
  ['01777777777777777777777', UINT64], ['+9223372036854775808', '9.223372e+18'], ['-9223372036854775809', '-9.223372e+18'],
  ['18446744073709551616', '1.8446744e+19'], ['0x10000000000000000', '0x10000000000000000'],
  // floats: a float32's shortest digits, %e below 1e-4 and from 1e6 up
  ['1.0', '1'], ['1.', '1'], ['1.5', '1.5'], ['.5', '0.5'], ['-.5', '-0.5'], ['+.5', '0.5'], ['0.1', '0.1'], ['0.3', '0.3'],
  ['3.14159265358979', '3.1415927'], ['1e3', '1000'], ['1E3', '1000'], ['1e+3', '1000'], ['1e7', '1e+07'], ['1e-7', '1e-07'],
  ['1e5', '100000'], ['1e6', '1e+06'], ['100000.5', '100000.5'], ['123456.7', '123456.7'], ['0.0001', '0.0001'],
  ['0.00001', '1e-05'], ['1e20', '1e+20'], ['1e21', '1e+21'], ['16777217.0', '1.6777216e+07'], ['100000000.5', '1e+08'],
  ['-0.0', '-0'], ['-0.0e5', '-0'], ['-_1e7', '-1e+07'],
  // past float32's range: its infinity (Go's float32() conversion), or 0
  ['3.4028235e38', '3.4028235e+38'], ['3.4028236e38', '.inf'], ['1e39', '.inf'], ['-1e39', '-.inf'], ['1e-50', '0'],
  ['1.4e-45', '1e-45'], ['1e-46', '0'],
  // infinities and NaN: the words sigs.k8s.io/yaml writes for them (as values they are refused: json.Marshal)
  ['.inf', '.inf'], ['.Inf', '.inf'], ['+.INF', '.inf'], ['-.inf', '-.inf'], ['.nan', '.nan'], ['.NaN', '.nan'],
  // booleans
  ['true', 'true'], ['True', 'true'], ['TRUE', 'true'], ['false', 'false'], ['yes', 'true'], ['Yes', 'true'], ['YES', 'true'],
  ['y', 'true'], ['Y', 'true'], ['on', 'true'], ['ON', 'true'], ['no', 'false'], ['n', 'false'], ['N', 'false'], ['off', 'false'],
  ['Off', 'false'],
  // null: refused
  ['~', NIL], ['null', NIL], ['Null', NIL], ['NULL', NIL],
  // strings
  ['tRue', 'tRue'], ['yES', 'yES'], ['nULL', 'nULL'], ['1e999', '1e999'], ['2001-12-14', '2001-12-14'],
  ['2001-12-14T21:59:43.10Z', '2001-12-14T21:59:43.10Z'], ['.dockerconfigjson', '.dockerconfigjson'], ['3d', '3d'],
  ['"1e7"', '1e7'], ["'~'", '~'],
  // tags: `!` and `!!str` make a string, others resolve the scalar as their type
  ['!!str 1e7', '1e7'], ['! 1e7', '1e7'], ['!!int "0x1F"', '31'], ['!!float "1"', '1'], ['!!float -0', '0'], ['!!float 1e7', '1e+07'],
  ['!!bool "yes"', 'true'], ['!!null ""', NIL],
];

/** The layouts each key is read in: block (read as `needsGoYamlReading` says), after a merge key (a `GoYamlReading` whatever the key), flow, in a sequence. */
const LAYOUTS: readonly ((key: string) => string)[] = [
  (key) => `m:\n  ${key}: v\n`,
  (key) => `m:\n  <<: {}\n  ${key}: v\n`,
  (key) => `m: {a: 0, ${key}: v}\n`,
  (key) => `m:\n  - ${key}: v\n`,
];

/** `m` of the document `body` (under a ConfigMap's fields, as given to kubectl). */
function readM(body: string): unknown {
  return (loadKubernetesYaml(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n${body}`) as { m: unknown }).m;
}

/** The key `m` holds (besides `a`), in any layout. */
function keyOf(body: string): string {
  const m = readM(body);
  return Object.keys(Array.isArray(m) ? m[0] : (m as object)).filter((key) => key !== 'a')[0];
}

describe('a key that is no string is the JSON key kubectl makes of it', () => {
  test.each(KEYS)('%s', (key, expected) => {
    for (const layout of LAYOUTS) {
      if (isRefused(expected)) {
        expect(() => keyOf(layout(key))).toThrow(expected.fragment);
      } else {
        expect(keyOf(layout(key))).toBe(expected);
      }
    }
  });
});

/**
 * Float keys kubectl read (random float32 values written with 17 digits, powers of two and their neighbours, denormals,
 * halfway cases), and the key it made: `strconv.FormatFloat(f, 'g', -1, 32)`.
 */
const FLOATS: readonly (readonly [string, string])[] = [
  ['-1.7266861334542826e-38', '-1.7266861e-38'], ['-1.0717773437500000', '-1.0717773'], ['-51502026588160.000', '-5.1502027e+13'],
  ['-7.4070385380764492e-9', '-7.4070385e-09'], ['0.31388807296752930', '0.31388807'], ['-5.2079291366338622e-21', '-5.207929e-21'],
  ['-0.0000027828209567815065', '-2.782821e-06'], ['213071872.00000000', '2.1307187e+08'], ['-1.6761449535135447e25', '-1.676145e+25'],
  ['3793371136.0000000', '3.7933711e+09'], ['1.4012984643248171e-45', '1e-45'], ['1.1754943508222875e-38', '1.1754944e-38'],
  ['16777216.000000000', '1.6777216e+07'], ['2.5e-45', '3e-45'], ['7e-46', '0'], ['8e-46', '1e-45'], ['33554436.0', '3.3554436e+07'],
  ['33554438.0', '3.355444e+07'], ['5e-324', '0'], ['2.9802325940408991e-8', '2.9802326e-08'], ['0.031250003725290298', '0.031250004'],
  ['32768.003906250000', '32768.004'], ['36028801313931264.0', '3.60288e+16'], ['4.2535300935719709e37', '4.25353e+37'],
  ['3e-9', '3e-09'], ['4.4e23', '4.4e+23'], ['3.4543573856354e23', '3.4543575e+23'], ['4.512628316879e-25', '4.5126285e-25'],
  ['92244815.826416', '9.224482e+07'], ['18910256.02817535', '1.8910256e+07'],
];

describe('a float key is its float32 written shortest, as strconv.FormatFloat(f, \'g\', -1, 32)', () => {
  test.each(FLOATS)('%s', (key, expected) => {
    expect(keyOf(`m:\n  ${key}: v\n`)).toBe(expected);
  });
});

const INVALID_MAP_KEY = 'invalid map key';

/** Layouts of keys (a document holding `m`), and what kubectl read as `m` (or its refusal). */
const LAYOUTS_READ: readonly (readonly [string, string, unknown])[] = [
  ['an explicit key', 'm:\n  ? 1e7\n  : a\n', { '1e+07': 'a' }],
  ['an alias of a float as a key', 'x: &x 1e7\nm:\n  *x : a\n', { '1e+07': 'a' }],
  ['a key a merge brings', 'm:\n  <<: {1e7: a}\n', { '1e+07': 'a' }],
  ['a key in a flow sequence pair', 'm: [1e7: a]\n', [{ '1e+07': 'a' }]],
  ['a key without a value', 'm:\n  1e7:\n', { '1e+07': null }],
  ['a key holding a mapping', 'm:\n  1:\n    2: a\n', { 1: { 2: 'a' } }],
  // two keys that make one JSON key: go-yaml keeps the later of two equal Go keys (`1`, `01`), and sigs.k8s.io/yaml
  // keeps either of two that differ (`1`, `"1"`: it ranges over a Go map, in no set order); the audit refuses both
  ['two ints that make one key', 'm:\n  1: a\n  01: b\n', refused('(kubectl kept the later)', 'duplicated mapping key')],
  ['an int and a string that make one key', 'm:\n  1: a\n  "1": b\n', refused('(kubectl kept either)', 'duplicated mapping key')],
  ['an int and a float that make one key', 'm:\n  1: a\n  1.0: b\n', refused('(kubectl kept either)', 'duplicated mapping key')],
  ['a float and an int that make one key', 'm:\n  1e3: a\n  1000: b\n', refused('(kubectl kept either)', 'duplicated mapping key')],
  ['a float and a string that make one key', 'm:\n  1e7: a\n  "1e+07": b\n', refused('(kubectl kept either)', 'duplicated mapping key')],
  ['two booleans that make one key', 'm:\n  y: a\n  true: b\n', refused('(kubectl kept the later)', 'duplicated mapping key')],
  // keys go-yaml refuses
  ['an empty explicit key', 'm:\n  ? \n  : a\n', NIL],
  ['an alias of null as a key', 'x: &x ~\nm:\n  *x : a\n', NIL],
  ['a null key a merge brings', 'm:\n  <<: {~: a}\n', NIL],
  ['a null key without a value', 'm:\n  ~:\n', NIL],
  ['a sequence as a key', 'm:\n  ? [a, b]\n  : c\n', refused('yaml: invalid map key: []interface {}{"a", "b"}', INVALID_MAP_KEY)],
  ['a mapping as a key', 'm:\n  ? a: 1\n  : c\n', refused('yaml: invalid map key: map[interface {}]interface {}{"a":1}', INVALID_MAP_KEY)],
  ['a flow sequence as a key', 'm:\n  - [1]: a\n', refused('yaml: invalid map key: []interface {}{1}', INVALID_MAP_KEY)],
  ['an alias of a sequence as a key', 'x: &x [1]\nm:\n  *x : a\n', refused('yaml: invalid map key: []interface {}{1}', INVALID_MAP_KEY)],
  ['a float tag on a uint64', 'm:\n  !!float 18446744073709551615: a\n', refused('yaml: cannot decode !!int `18446744073709551615` as a !!float', 'cannot resolve')],
];

describe('keys in layouts, read as kubectl reads them', () => {
  test.each(LAYOUTS_READ)('%s', (_, body, expected) => {
    if (isRefused(expected)) {
      expect(() => readM(body)).toThrow(expected.fragment);
    } else {
      expect(readM(body)).toEqual(expected);
    }
  });
});

describe('a refused key is a problem at its line', () => {
  test('the key, its path and why, at the line of the key', () => {
    const body = 'm:\n  a: 1\n  s:\n    ~: x\n';
    expect(() => readM(body)).toThrow(/^m\.s has a null key \(`~`\), which sigs\.k8s\.io\/yaml makes no JSON key of: Kubernetes refuses the document \(unsupported map key of type: <nil>\); quote it to make it a string \(7:/);
    expect(() => readM('m: {9223372036854775808: x}\n')).toThrow(/^m has the key 9223372036854775808, an integer only Go's uint64 holds, which .* \(unsupported map key of type: uint64\)/);
    expect(() => readM('m:\n  - x\n  - [a]: b\n')).toThrow(/^a mapping has a sequence as a key, which JSON cannot have: Kubernetes refuses the document \(yaml: invalid map key\) \(6:/);
  });
});

describe('js-yaml alone reads what a GoYamlReading reads, wherever needsGoYamlReading lets it', () => {
  // (js-yaml spells a key that is no string as JavaScript does: `1e7` is `10000000`; `needsGoYamlReading` must send
  // every document that may hold one to a GoYamlReading, and no other need be)
  const piece = fc.constantFrom('0', '1', '9', '.', '-', '+', '_', 'e', 'E', 'x', 'o', 'b', '0x', '0b', '0o', '1e7', 'inf', 'Inf', 'nan',
    'NaN', 'y', 'Y', 'n', 'N', 'true', 'no', 'on', 'ff', 'null', 'ull', 'ULL', '~', ' ', '\t', ' #', ',', 'a', '!', '&a ', '*a', '?',
    '[1]', '{a: 1}', '"', "'", ':', '<<');
  const key = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(''));
  const layout = fc.constantFrom(
    (k: string) => `m:\n  ${k}: v\n`, (k: string) => `m:\n  ${k} : v\n`, (k: string) => `m:\n  - x\n  - ${k}:\n`,
    (k: string) => `m: {b: 0, ${k}: v}\n`, (k: string) => `m: {\n  ${k}: v}\n`, (k: string) => `m: [${k}: v]\n`, (k: string) => `${k}: v\n`,
  );
  test('on random keys', () => {
    let compared = 0;
    fc.assert(fc.property(key, layout, (k, place) => {
      const text = place(k);
      if (needsGoYamlReading(text)) return;
      let alone: unknown;
      try {
        alone = load(text, { schema: KUBERNETES_YAML_SCHEMA });
      } catch {
        return; // js-yaml refuses it, and so loadKubernetesYaml
      }
      compared++;
      // a `<<` in a comment has a GoYamlReading read the document
      expect(loadKubernetesYaml(`${text}# <<\n`)).toEqual(alone);
    }), { numRuns: RUNS });
    expect(compared).toBeGreaterThan(RUNS / 4);
  });
});

describe('needsGoYamlReading is linear in the text', () => {
  // It runs on every document. A look-behind tried at every character (back over a whole run of tabs), or a tag
  // pattern retried at each `&` of a long run, made a 1 MB value take minutes (a CI gate stalled on one manifest);
  // these finish at once now.
  const megabyteOf = (unit: string): string => unit.repeat(Math.ceil(1_000_000 / unit.length));
  test.each(['\t', ' ', 'a=1&', '!', '&', '\t?', ', '])('a 1 MB run of %j in a value, and after it a key that needs it', (unit) => {
    expect(needsGoYamlReading(`k: "${megabyteOf(unit)}"\n`)).toBe(false);
    expect(needsGoYamlReading(`k: "${megabyteOf(unit)}"\nm:\n  &a : b\n`)).toBe(true);
  });
});
