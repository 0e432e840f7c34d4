/**
 * CronJob schedules as the Kubernetes API server checks them (pkg/apis/batch/validation `validateScheduleFormat`):
 * robfig/cron v3's `ParseStandard` (five fields or a descriptor), and no `TZ`/`CRON_TZ` in the schedule. This is a
 * port of robfig/cron's parser.go, error for error, so what is accepted here is what the API server accepts.
 */

interface Bounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The five fields of a standard spec, with robfig/cron's bounds (spec.go). */
const FIELDS: readonly Bounds[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { name: 'day of week', min: 0, max: 6, names: Object.fromEntries(WEEKDAYS.map((d, i) => [d, i])) },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Go's `unicode.IsSpace`, which `strings.Fields` splits on. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

const INT64_MAX = 9223372036854775807n;

/** Go's `strconv.Atoi` followed by robfig's non-negative check. */
function parseNonNegative(expr: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(expr)) return `failed to parse int from ${expr}: invalid syntax`;
  const value = BigInt(expr);
  if (value > INT64_MAX || value < -INT64_MAX - 1n) return `failed to parse int from ${expr}: value out of range`;
  if (value < 0n) return `negative number (${value}) not allowed: ${expr}`;
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function parseIntOrName(expr: string, names: Bounds['names']): number | string {
  const lower = expr.toLowerCase();
  if (names !== undefined && Object.prototype.hasOwnProperty.call(names, lower)) return names[lower];
  return parseNonNegative(expr);
}

/** robfig/cron `getRange`: `*`, `?`, `n`, `n-m`, each with an optional `/step`. */
function rangeError(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0].split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end] = [r.min, r.max];
  } else {
    const low = parseIntOrName(lowAndHigh[0], r.names);
    if (typeof low === 'string') return low;
    start = end = low;
    if (lowAndHigh.length === 2) {
      const high = parseIntOrName(lowAndHigh[1], r.names);
      if (typeof high === 'string') return high;
      end = high;
    } else if (lowAndHigh.length > 2) {
      return `too many hyphens: ${expr}`;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = parseNonNegative(rangeAndStep[1]);
    if (typeof parsed === 'string') return parsed;
    step = parsed;
    if (lowAndHigh.length === 1) end = r.max; // "n/step" means "n-max/step"
  } else if (rangeAndStep.length > 2) {
    return `too many slashes: ${expr}`;
  }
  if (start < r.min) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > r.max) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

const DURATION_UNITS_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's `time.ParseDuration` (what `@every <duration>` takes): `1h30m`, `90s`, `1.5h`, `0`. */
function isGoDuration(text: string): boolean {
  const unsigned = text.replace(/^[-+]/, '');
  if (unsigned === '0') return true;
  const part = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < unsigned.length) {
    part.lastIndex = at;
    const match = part.exec(unsigned);
    if (match === null) return false;
    total += Number(match[1]) * DURATION_UNITS_NS[match[2]];
    at = part.lastIndex;
  }
  return unsigned.length > 0 && total <= Number(INT64_MAX);
}

/**
 * Why the API server would refuse `schedule` as a CronJob's `spec.schedule`, or undefined when it accepts it.
 * Five fields (minute, hour, day of month, month JAN-DEC, day of week SUN-SAT) with `*`, `?`, ranges, steps and
 * lists; or `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`, `@every <duration>`.
 */
export function cronScheduleError(schedule: string): string | undefined {
  if (schedule.length === 0) return 'empty spec string';
  if (schedule.includes('TZ')) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (schedule.startsWith('@')) {
    if (DESCRIPTORS.has(schedule)) return undefined;
    if (schedule.startsWith('@every ')) {
      return isGoDuration(schedule.slice('@every '.length)) ? undefined : `failed to parse duration ${schedule}`;
    }
    return `unrecognized descriptor: ${schedule}`;
  }
  const fields = schedule.split(GO_SPACE).filter((f) => f.length > 0);
  if (fields.length !== FIELDS.length) return `expected exactly ${FIELDS.length} fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (const [i, field] of fields.entries()) {
    // robfig splits a field on ',' and skips empty parts (strings.FieldsFunc).
    for (const expr of field.split(',').filter((e) => e.length > 0)) {
      const error = rangeError(expr, FIELDS[i]);
      if (error !== undefined) return `${FIELDS[i].name}: ${error}`;
    }
  }
  return undefined;
}
