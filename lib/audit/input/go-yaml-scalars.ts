/**
 * How go-yaml v2 resolves a plain scalar (`resolve()` in sigs.k8s.io/yaml v1.4.0 goyaml.v2/resolve.go, the decoder
 * kubectl v1.32 and the API server use): by its first character, then a table of words (booleans, nulls, `.inf`,
 * `.nan`), then Go's `strconv.ParseInt(s, 0, 64)`, `strconv.ParseUint`, a float pattern with `strconv.ParseFloat`,
 * and a last try at `0b` binary. What matches none of them is a string.
 */

export const BOOLEANS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false]),
]);
export const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const SPECIAL_FLOATS: Readonly<Record<string, number>> = Object.fromEntries([
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((s) => [s, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, -Infinity]),
]);
/**
 * `strconv.ParseInt(s, 0, 64)` syntax (after go-yaml removed every `_`): sign, then hex, octal (`0o` or a leading 0),
 * binary or decimal digits.
 */
const GO_INT = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** resolve.go's last try: `0b`, then `strconv.ParseInt(rest, 2, 64)`, which takes a sign (`0b-1` is -1). */
const SIGNED_BINARY = /^0b([-+])([01]+)$/;
/** resolve.go's `yamlStyleFloat`, tried (after removing every `_`) when a scalar starting with a sign or digit is no integer. */
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** `strconv.ParseFloat` of a scalar starting with `.` (kept as written): `_` only between digits, as Go allows. */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
/** Digits fewer than this never leave int64 (nor 2^53), whatever the base: no BigInt needed. */
const SMALL = 16;

/** Whether go-yaml tries a scalar as a number: it starts with a sign or a digit. */
function numberHint(data: string): boolean {
  const c = data.charCodeAt(0);
  return c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39);
}

/** -0 is 0: Go has no negative integer zero, and JSON turns a float -0 into an integer 0 on its way to a Kubernetes field. */
function noNegativeZero(value: number): number {
  return value === 0 ? 0 : value;
}

/** An integer go-yaml v2 reads, exactly, and whether Go holds it as a `uint64` (above int64, only unsigned: `ParseUint`). */
export interface GoInteger {
  readonly value: bigint;
  readonly uint64: boolean;
}

/**
 * The integer `digits` (with its base prefix, or a leading 0 for octal) spell, with `sign`, when it fits where Go puts
 * it: int64, or uint64 without a sign; `undefined` when it fits neither (resolve.go then tries it as a float).
 */
function bigInteger(sign: string, digits: string): GoInteger | undefined {
  // (a signed binary `0b-1` is read by ParseInt alone, so never a uint64: it has a sign)
  const big = BigInt(goLiteral(digits));
  const value = sign === '-' ? -big : big;
  return big <= INT64_MAX || (sign === '-' && big === INT64_MAX + 1n) ? { value, uint64: false }
    : sign === '' && big <= UINT64_MAX ? { value, uint64: true } : undefined;
}

/** `digits` as a JS integer literal: Go's leading 0 for octal is JS's `0o`. */
function goLiteral(digits: string): string {
  const octal = digits.length > 1 && digits.startsWith('0') && !/^0[xob]/i.test(digits);
  return octal ? `0o${digits.slice(1)}` : digits;
}

/** The sign and digits of the integer go-yaml v2 reads the plain scalar `data` as (not yet checked for range), or `undefined`. */
function integerParts(data: string): readonly [sign: string, digits: string] | undefined {
  if (!numberHint(data)) {
    return undefined;
  }
  const plain = data.includes('_') ? data.replace(/_/g, '') : data;
  const match = GO_INT.exec(plain);
  if (match) {
    return [match[1], match[2]];
  }
  const binary = SIGNED_BINARY.exec(plain);
  return binary ? [binary[1], `0b${binary[2]}`] : undefined;
}

/** The integer go-yaml v2 reads the plain scalar `data` as, or `undefined`. */
export function goInt(data: string): number | undefined {
  const parts = integerParts(data);
  if (parts === undefined) {
    return undefined;
  }
  const [sign, digits] = parts;
  if (digits.length < SMALL) {
    const n = Number(goLiteral(digits));
    return noNegativeZero(sign === '-' ? -n : n);
  }
  const integer = bigInteger(sign, digits);
  return integer && noNegativeZero(Number(integer.value));
}

/** The integer go-yaml v2 reads the plain scalar `data` as, exactly, with its Go type, or `undefined` (beyond 2^53, `goInt` rounds). */
export function goInteger(data: string): GoInteger | undefined {
  const parts = integerParts(data);
  return parts && bigInteger(...parts);
}

/**
 * The float go-yaml v2 reads the plain scalar `data` as (an integer too big for Go's integers included), or
 * `undefined`. `strconv.ParseFloat` refuses a value out of float64's range (`1e999`): that scalar is a string.
 */
export function goFloat(data: string): number | undefined {
  const value = goFloat64(data);
  return value === undefined ? undefined : noNegativeZero(value);
}

/** `goFloat`, a negative zero kept (as Go's float64 keeps it). */
export function goFloat64(data: string): number | undefined {
  const c = data.charCodeAt(0);
  if (c !== 0x2e /* . */ && !numberHint(data)) {
    return undefined; // most scalars are words: no regex for them
  }
  if (Object.prototype.hasOwnProperty.call(SPECIAL_FLOATS, data)) {
    return SPECIAL_FLOATS[data];
  }
  const plain = data.includes('_') ? data.replace(/_/g, '') : data;
  if (!(c === 0x2e ? DOT_FLOAT.test(data) : YAML_STYLE_FLOAT.test(plain))) {
    return undefined;
  }
  const value = Number(plain);
  return Number.isFinite(value) ? value : undefined;
}
