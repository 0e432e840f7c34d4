/**
 * Go's `strconv.FormatFloat(f, 'g', -1, 32)`, which sigs.k8s.io/yaml uses to turn a float mapping key into a JSON
 * key: `f` is rounded to a float32 (`1e39` is `+Inf`), then written with the fewest digits that read back as that
 * float32 (Ryu's shortest, the nearest such when two are, an exact tie to an even digit), as `%e` when the decimal
 * exponent is below -4 or from 6 up (`1e+06`, `1e-05`, at least two exponent digits), else as `%f` (`100000`, `0.0001`).
 */

const FLOAT32_MANTISSA_BITS = 23;
/** The exponent of a float32's smallest step (its denormals'): 2^-149. */
const FLOAT32_MIN_EXPONENT = -149;
/** Go's precision for the `%e` or `%f` choice in shortest mode. */
const EXPONENT_FROM = 6;
const EXPONENT_BELOW = -4;
/** A float32 needs at most this many significant digits to read back. */
const MAX_DIGITS = 9;

/** A float32 `mantissa * 2^exponent`, with how far its neighbours are: the interval of reals that round to it. */
interface Float32Parts {
  readonly mantissa: bigint;
  readonly exponent: number;
  /** Whether the float below is half a step away (a power of two, not a denormal): its lower half-gap is a quarter step. */
  readonly border: boolean;
}

/** The parts of the positive float32 `f` (a double that holds it exactly). */
function float32Parts(f: number): Float32Parts {
  if (f < 2 ** (FLOAT32_MIN_EXPONENT + FLOAT32_MANTISSA_BITS)) {
    return { mantissa: BigInt(f * 2 ** -FLOAT32_MIN_EXPONENT), exponent: FLOAT32_MIN_EXPONENT, border: false }; // a denormal
  }
  let e = Math.floor(Math.log2(f));
  // log2 may be one off next to a power of two: 2^e <= f < 2^(e+1), exactly
  while (2 ** e > f) e--;
  while (2 ** (e + 1) <= f) e++;
  const exponent = e - FLOAT32_MANTISSA_BITS;
  const mantissa = f * 2 ** -exponent;
  return { mantissa: BigInt(mantissa), exponent, border: mantissa === 2 ** FLOAT32_MANTISSA_BITS && exponent > FLOAT32_MIN_EXPONENT };
}

/**
 * A comparer of decimals `n * 10^q` with multiples of a quarter of the float's step `2^(exponent - 2)`: each scaled to
 * an integer by the same factor.
 */
function scaler(exponent: number, q: number): { decimal(n: bigint): bigint; quarters(k: bigint): bigint } {
  const e = exponent - 2;
  const ten = 10n ** BigInt(Math.abs(q));
  const two = 2n ** BigInt(Math.abs(e));
  return {
    decimal: (n) => n * (q > 0 ? ten : 1n) * (e < 0 ? two : 1n),
    quarters: (k) => k * (q < 0 ? ten : 1n) * (e > 0 ? two : 1n),
  };
}

/** The shortest digits (no trailing zeros) and decimal exponent `q` with `digits * 10^q` reading back as the positive float32 `f`. */
function shortest(f: number): { readonly digits: string; readonly q: number } {
  const { mantissa, exponent, border } = float32Parts(f);
  const inclusive = mantissa % 2n === 0n; // round-half-even reads a halfway decimal as the even float
  const e10 = decimalExponent(f, exponent, mantissa);
  for (let p = 1; ; p++) {
    // in units of 10^q, where f has p digits before the point: f, the bounds of what reads back as f, and f's floor
    const q = e10 - (p - 1);
    const scale = scaler(exponent, q);
    const centre = scale.quarters(4n * mantissa);
    const lower = scale.quarters(4n * mantissa - (border ? 1n : 2n));
    const upper = scale.quarters(4n * mantissa + 2n);
    const inside = (n: bigint): boolean => {
      const x = scale.decimal(n);
      return inclusive ? lower <= x && x <= upper : lower < x && x < upper;
    };
    const down = centre / scale.decimal(1n);
    const fits = [down, down + 1n].filter((n) => n > 0n && inside(n));
    if (fits.length > 0 || p === MAX_DIGITS) {
      // the nearer of the two; an exact tie to the even one
      const [a, b] = [down, down + 1n].map((n) => scale.decimal(n) - centre);
      const best = fits.length === 1 ? fits[0] : -a < b || (-a === b && down % 2n === 0n) ? down : down + 1n;
      const text = best.toString();
      const trimmed = text.replace(/0+$/, '');
      return { digits: trimmed, q: q + text.length - trimmed.length };
    }
  }
}

/** The decimal exponent of the positive float32 `f` (`mantissa * 2^exponent`): the k with 10^k <= f < 10^(k+1). */
function decimalExponent(f: number, exponent: number, mantissa: bigint): number {
  let k = Math.floor(Math.log10(f));
  // log10 may be one off next to a power of ten: check exactly
  while (scaler(exponent, k).decimal(1n) > scaler(exponent, k).quarters(4n * mantissa)) k--;
  while (scaler(exponent, k + 1).decimal(1n) <= scaler(exponent, k + 1).quarters(4n * mantissa)) k++;
  return k;
}

/** Go's `strconv.FormatFloat(value, 'g', -1, 32)`, with sigs.k8s.io/yaml's names for infinities and NaN (`.inf`, `-.inf`, `.nan`). */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) {
    return '.nan';
  }
  if (!Number.isFinite(f)) {
    return f > 0 ? '.inf' : '-.inf';
  }
  if (f === 0) {
    return Object.is(f, -0) ? '-0' : '0';
  }
  const sign = f < 0 ? '-' : '';
  const { digits, q } = shortest(Math.abs(f));
  const point = digits.length + q; // digits before the decimal point
  const exponent = point - 1;
  if (exponent < EXPONENT_BELOW || exponent >= EXPONENT_FROM) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (point <= 0) {
    return `${sign}0.${'0'.repeat(-point)}${digits}`;
  }
  return point >= digits.length ? `${sign}${digits}${'0'.repeat(point - digits.length)}` : `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
