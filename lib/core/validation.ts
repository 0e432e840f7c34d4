import { pointAtCaller } from './caller-stack';

/** One problem found in user input: the field, the value given, what is wrong and how to fix it. */
export interface Problem {
  /** Path of the offending field, e.g. `containers[0].image`. */
  readonly field: string;
  /** The value that was given. */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** A short, printable rendering of any value a caller may pass (never throws, whatever its toJSON or toString do). */
function describeValue(value: unknown): string {
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (typeof text !== 'string') {
    try {
      text = typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : String(value);
    } catch {
      text = `<${typeof value}>`;
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Formats one problem on one line. */
export function formatProblem(problem: Problem): string {
  return `${problem.field}: ${problem.message} (got ${describeValue(problem.value)}). Fix: ${problem.fix}`;
}

/**
 * The one error the library throws for bad input. It lists every problem at once; nothing is rendered.
 */
export class KubeHardenValidationError extends Error {
  /** Whether `error` is a `KubeHardenValidationError`, even across duplicate copies of the package. */
  public static isValidationError(error: unknown): error is KubeHardenValidationError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[VALIDATION_ERROR_SYMBOL] === true;
  }

  /** Every problem found, in the order checks ran. */
  public readonly problems: readonly Problem[];

  /**
   * @param subject what was being validated, e.g. `SecureDeployment 'api'`
   * @param problems the problems found (at least one)
   */
  constructor(subject: string, problems: readonly Problem[]) {
    super(`Invalid ${subject}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`);
    this.name = 'KubeHardenValidationError';
    this.problems = problems;
    Object.defineProperty(this, VALIDATION_ERROR_SYMBOL, { value: true });
    pointAtCaller(this, KubeHardenValidationError);
  }
}

const VALIDATION_ERROR_SYMBOL = Symbol.for('kube-harden.KubeHardenValidationError');

/** Collects problems so that all of them are reported together. */
export class Problems {
  private readonly found: Problem[] = [];

  /** Records one problem. */
  public add(field: string, value: unknown, message: string, fix: string): void {
    this.found.push({ field, value, message, fix });
  }

  /** Records problems found elsewhere, with their fields prefixed by `prefix` (e.g. `sidecars[1]`). */
  public addAll(problems: readonly Problem[], prefix?: string): void {
    for (const p of problems) {
      this.found.push(prefix ? { ...p, field: `${prefix}.${p.field}` } : p);
    }
  }

  /** The problems recorded so far. */
  public get list(): readonly Problem[] {
    return [...this.found];
  }

  /** How many problems were recorded (without copying them, unlike `list`). */
  public get size(): number {
    return this.found.length;
  }

  /** Whether no problem was recorded. */
  public get isEmpty(): boolean {
    return this.found.length === 0;
  }

  /** Throws a `KubeHardenValidationError` naming `subject` when any problem was recorded. */
  public throwIfAny(subject: string): void {
    if (this.found.length > 0) {
      throw new KubeHardenValidationError(subject, this.list);
    }
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks a DNS-1123 label (names of namespaces, services, workloads): lowercase alphanumerics and '-', at most 63. */
export function checkDnsLabel(problems: Problems, field: string, value: unknown, maxLength = 63): void {
  if (typeof value !== 'string' || !DNS_LABEL.test(value) || value.length > maxLength) {
    problems.add(field, value, `must be a DNS-1123 label of at most ${maxLength} characters`,
      "use lowercase letters, digits and '-', starting and ending with a letter or digit.");
  }
}

/** Checks a DNS-1123 subdomain (names of most objects): at most 253 characters. */
export function checkDnsSubdomain(problems: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string' || !DNS_SUBDOMAIN.test(value) || value.length > 253) {
    problems.add(field, value, 'must be a DNS-1123 subdomain of at most 253 characters',
      "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.");
  }
}

/** Checks an integer within `[min, max]`. */
export function checkInteger(problems: Problems, field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.add(field, value, `must be an integer from ${min} to ${max}`, `give a whole number between ${min} and ${max}.`);
  }
}
