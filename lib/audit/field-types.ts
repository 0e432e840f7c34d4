import type { Json } from './pod-spec';
import type { RuleViolation } from './rule';
import type { K8sObject } from '../core/manifest';

/**
 * Fields of the wrong JSON type (a string where Kubernetes expects a list, `"true"` where it expects a boolean).
 * Kubernetes rejects such an object, and a rule that read the field as absent would pass what it cannot judge. Rules
 * read lists and objects with `listField`, `objectField` and `objectAt`, booleans, integers and strings with
 * `booleanField`, `booleanAt`, `integerField`, `integerAt`, `stringField` and `stringAt`, resource quantities with
 * `quantityField`, and int-or-string fields (a port) with `intOrStringField` and `intOrStringAt`, which note each
 * wrongly typed field read during a *reading*. The audit engine opens one around each rule's `appliesWhen` and `check`
 * of an object, and `checkPod` around each pod rule's check; both report what was noted as unknown violations. A
 * rule reads the fields of the other objects it looks up (policies, autoscalers) with `readOf`, which names that
 * object in the unknown, and decides what an object Kubernetes rejects amounts to with `unlessWronglyTyped` (a policy
 * that isolates nothing).
 */

/** A field whose JSON type is not the one Kubernetes decodes it as. */
export interface WrongFieldType {
  /** Dotted path of the field, e.g. `spec.containers[0].securityContext.capabilities.add`. */
  readonly path: string;
  /**
   * The JSON type Kubernetes expects (`integer`: a number without a fraction; `quantity`: a string or a number;
   * `integer or string`: either, as an `IntOrString` decodes).
   */
  readonly expected: 'list' | 'object' | 'boolean' | 'integer' | 'string' | 'quantity' | 'integer or string';
  /** The JSON type the field has: `string`, `number`, `boolean`, `list` or `object`. */
  readonly actual: string;
  /**
   * The object that holds the field, when it is not the one the rule judges (read with `readOf`), e.g.
   * `HorizontalPodAutoscaler shop/api`.
   */
  readonly object?: string;
}

const NONE: readonly never[] = Object.freeze([]);

/** The wrongly typed fields noted by the open readings, in the order read (each reading's after its mark). */
const noted: WrongFieldType[] = [];

/** The object each open reading judges (the innermost last; a reading that names none judges its enclosing one's). */
const judged: (object | undefined)[] = [];

/** What an `unnoted` reading judges: nothing is noted in it. */
const UNNOTED = Object.freeze({});

/**
 * Opens a reading: wrongly typed fields read until `closeReading` are noted. `object` is the object a rule judges
 * in it (the enclosing reading's when not given): `readOf` names any other. Returns the mark to close it with.
 */
export function openReading(object?: object): number {
  judged.push(object ?? judged[judged.length - 1]);
  return noted.length;
}

/**
 * Closes the reading opened at `mark` and returns the wrongly typed fields read during it; an enclosing reading
 * counts them only when they are passed to `readAgain`.
 */
export function closeReading(mark: number): readonly WrongFieldType[] {
  judged.pop();
  if (noted.length === mark) return NONE;
  const read = noted.slice(mark);
  noted.length = mark;
  return read;
}

/** Whether the reading opened at `mark` noted a wrongly typed field so far. */
export function notedSince(mark: number): boolean {
  return noted.length > mark;
}

/** What a read returned, with the wrongly typed fields it read (see `readApart`). */
export interface Reading<T> {
  /** What the read returned. */
  readonly value: T;
  /** The wrongly typed fields it read. */
  readonly wrong: readonly WrongFieldType[];
}

/**
 * What `read` returns, with the wrongly typed fields it read, in a reading of its own (judging `object`, else what the
 * enclosing reading judges): the enclosing reading notes them only when they are passed to `readAgain` (a rule's own
 * object), not for a field of another object.
 */
export function readApart<T>(read: () => T, object?: object): Reading<T> {
  const mark = openReading(object);
  let value: T;
  let wrong: readonly WrongFieldType[];
  try {
    value = read();
  } finally {
    // (closed even when `read` throws: a reading left open would note wrong types for every later read)
    wrong = closeReading(mark);
  }
  return { value, wrong };
}

/**
 * `read()` computed once per `key` (kept in `cache`, e.g. per audit), read apart as `readApart` reads it (judging
 * `object`, if given); its wrongly typed fields are noted again on every call, as if it were read each time.
 */
export function readOnce<K extends object, T>(cache: WeakMap<K, Reading<T>>, key: K, read: () => T, object?: object): T {
  let reading = cache.get(key);
  if (reading === undefined) {
    reading = readApart(read, object);
    cache.set(key, reading);
  }
  readAgain(reading.wrong);
  return reading.value;
}

/** Notes `fields` as read by the open reading, if any (e.g. the fields a remembered fact read when it was computed). */
export function readAgain(fields: readonly WrongFieldType[]): void {
  if (judged.length > 0) {
    for (let i = 0; i < fields.length; i++) noted.push(fields[i]);
  }
}

/** `object`'s kind, namespace and name, as a wrongly typed field of it is named: `NetworkPolicy shop/deny` (`ClusterRole view`). */
export function describeObject(object: K8sObject): string {
  const metadata = (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as Json;
  const name = shownText(metadata.name);
  return `${shownText(object.kind)} ${metadata.namespace === undefined ? name : `${shownText(metadata.namespace)}/${name}`}`;
}

/** A name as it is when a string, else as `shownValue` shows it (`["web"]`, never `[object Object]` or `web`). */
function shownText(value: unknown): string {
  return typeof value === 'string' ? value : shownValue(value);
}

/**
 * `read()` of `object`'s fields (only its own): when `object` is not the one the rule judges (the autoscaler of a
 * workload, the policies that select it), each wrongly typed field read is noted as a field of `object`, so that the
 * unknown names that object. Inside it, `object` is the one judged (a nested `readOf` of it reads as it is).
 */
export function readOf<T>(object: K8sObject, read: () => T): T {
  const top = judged[judged.length - 1];
  if (object === top || top === UNNOTED) {
    return read();
  }
  const mark = openReading(object);
  try {
    return read();
  } finally {
    const wrong = closeReading(mark);
    if (wrong.length > 0) {
      const name = describeObject(object);
      readAgain(wrong.map((field) => (field.object === undefined ? { ...field, object: name } : field)));
    }
  }
}

/**
 * `read()`, or `rejected` when it read a field of the wrong type (noted as any): what an object Kubernetes rejects
 * amounts to where the rule reads it (a selector whose `matchLabels` is a string selects nothing).
 */
export function unlessWronglyTyped<T>(read: () => T, rejected: T): T {
  const { value, wrong } = readApart(read);
  readAgain(wrong);
  return wrong.length === 0 ? value : rejected;
}

/**
 * `read()` with nothing noted: for a fact computed once per audit and shared by the checks of many objects (an index
 * of policies), whose wrongly typed fields are not any one check's. In it, fields read as found (`unlessWronglyTyped`
 * returns what its read does).
 */
export function unnoted<T>(read: () => T): T {
  const mark = openReading(UNNOTED);
  try {
    return read();
  } finally {
    closeReading(mark);
  }
}

function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'list' : typeof value;
}

/** `at` joined with `key`: `at.key`, `at[key]` for an index, `key` when `at` is empty, `at` when there is no key. */
function pathOf(at: string, key: string | number | undefined): string {
  if (key === undefined) return at;
  if (typeof key === 'number') return `${at}[${key}]`;
  return at === '' ? key : `${at}.${key}`;
}

function note(expected: WrongFieldType['expected'], value: unknown, at: string, key: string | number | undefined): void {
  if (judged.length > 0 && judged[judged.length - 1] !== UNNOTED) noted.push({ path: pathOf(at, key), expected, actual: jsonType(value) });
}

/** A value as a JSON object, or `undefined` (silently: rules read fields with `objectField`, which notes a wrong type). */
export function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

/** `holder`'s own field `key` (never one its prototype gives), or `undefined`. */
export function ownField(holder: Json | undefined, key: string): unknown {
  return holder !== undefined && Object.hasOwn(holder, key) ? holder[key] : undefined;
}

/**
 * `value` (the field at `at`, or `at` joined with `key`) as an object: `undefined` when absent or null (as
 * Kubernetes reads null), and `undefined` noted as wrongly typed when it is anything else but an object.
 */
export function objectAt(value: unknown, at: string, key?: string | number): Json | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  if (value !== undefined && value !== null) note('object', value, at, key);
  return undefined;
}

/** `holder`'s own field `key` (`holder` being at path `at`) as an object, as `objectAt` reads it. */
export function objectField(holder: Json | undefined, key: string, at: string): Json | undefined {
  return objectAt(ownField(holder, key), at, key);
}

/**
 * `holder`'s own field `key` (`holder` being at path `at`) as a list: empty when absent or null, and empty noted
 * as wrongly typed when it is anything else but a list.
 */
export function listField(holder: Json | undefined, key: string, at: string): readonly unknown[] {
  const value = ownField(holder, key);
  if (Array.isArray(value)) return value;
  if (value !== undefined && value !== null) note('list', value, at, key);
  return NONE;
}

/** How each scalar reader tells a value of its type. */
const SCALAR_TYPES = {
  'boolean': (value: unknown): value is boolean => typeof value === 'boolean',
  'integer': (value: unknown): value is number => Number.isInteger(value),
  'string': (value: unknown): value is string => typeof value === 'string',
  // (resource.Quantity decodes a JSON string or number)
  'quantity': (value: unknown): value is string | number => typeof value === 'string' || typeof value === 'number',
  // (intstr.IntOrString decodes a JSON string as a string and anything else as an int32, which only an integer is)
  'integer or string': (value: unknown): value is number | string => typeof value === 'string' || Number.isInteger(value),
};

/** `value` if it is of type `expected`; `undefined` when absent or null, and `undefined` noted when of another type. */
function scalarAt<T>(expected: keyof typeof SCALAR_TYPES, value: unknown, at: string, key: string | number | undefined): T | undefined {
  if (SCALAR_TYPES[expected](value)) return value as T;
  if (value !== undefined && value !== null) note(expected, value, at, key);
  return undefined;
}

/**
 * `value` (the field at `at`, or `at` joined with `key`) as a boolean: `undefined` when absent or null (as
 * Kubernetes reads null), and `undefined` noted as wrongly typed when it is anything else (`"true"`, `1`).
 */
export function booleanAt(value: unknown, at: string, key?: string | number): boolean | undefined {
  return scalarAt('boolean', value, at, key);
}

/** `holder`'s own field `key` (`holder` being at path `at`) as a boolean, as `booleanAt` reads it. */
export function booleanField(holder: Json | undefined, key: string, at: string): boolean | undefined {
  return booleanAt(ownField(holder, key), at, key);
}

/**
 * `value` (the field at `at`, or `at` joined with `key`) as an integer: `undefined` when absent or null, and
 * `undefined` noted as wrongly typed when it is anything else (`"0"`, `1.5`, `true`).
 */
export function integerAt(value: unknown, at: string, key?: string | number): number | undefined {
  return scalarAt('integer', value, at, key);
}

/** `holder`'s own field `key` (`holder` being at path `at`) as an integer, as `integerAt` reads it. */
export function integerField(holder: Json | undefined, key: string, at: string): number | undefined {
  return integerAt(ownField(holder, key), at, key);
}

/**
 * `value` (the field at `at`, or `at` joined with `key`) as a string: `undefined` when absent or null, and
 * `undefined` noted as wrongly typed when it is anything else (`1`, `true`, a list).
 */
export function stringAt(value: unknown, at: string, key?: string | number): string | undefined {
  return scalarAt('string', value, at, key);
}

/** `holder`'s own field `key` (`holder` being at path `at`) as a string, as `stringAt` reads it. */
export function stringField(holder: Json | undefined, key: string, at: string): string | undefined {
  return stringAt(ownField(holder, key), at, key);
}

/**
 * `holder`'s own field `key` (`holder` being at path `at`) as a resource quantity (`cpu: 500m`, `memory: 128974848`):
 * a string or a number, `undefined` when absent or null, and `undefined` noted as wrongly typed when it is anything
 * else (`true`, a list).
 */
export function quantityField(holder: Json | undefined, key: string, at: string): string | number | undefined {
  return scalarAt('quantity', ownField(holder, key), at, key);
}

/**
 * `value` (the field at `at`, or `at` joined with `key`) as an int-or-string (a NetworkPolicy port: a number or a
 * named port): an integer or a string, `undefined` when absent or null, and `undefined` noted as wrongly typed when it
 * is anything else (`true`, `80.5`, a list or an object, which `intstr.IntOrString` does not decode).
 */
export function intOrStringAt(value: unknown, at: string, key?: string | number): number | string | undefined {
  return scalarAt('integer or string', value, at, key);
}

/** `holder`'s own field `key` (`holder` being at path `at`) as an int-or-string, as `intOrStringAt` reads it. */
export function intOrStringField(holder: Json | undefined, key: string, at: string): number | string | undefined {
  return intOrStringAt(ownField(holder, key), at, key);
}

/** The longest a value shown by `shownValue` gets before it is cut. */
const SHOWN_MAX = 80;

/**
 * `value` as a finding's message shows what a field holds: a string in single quotes (`'Unconfined'`), anything else
 * as JSON (`1`, `true`, `{"a":1}`), cut at 80 characters: never `[object Object]`.
 */
export function shownValue(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  } catch {
    shown = Object.prototype.toString.call(value); // (a cycle, from a caller of `audit()`)
  }
  return shown.length > SHOWN_MAX ? `${shown.slice(0, SHOWN_MAX - 1)}…` : shown;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The JSON type a wrongly typed field has and the one Kubernetes expects: `a string, not a list`. */
export function wrongTypeText(field: WrongFieldType): string {
  return `${article(field.actual)}, not ${article(field.expected)}`;
}

/**
 * One unknown violation per wrongly typed field (each once), naming the field and the type Kubernetes expects; a field
 * of another object (`object`) is named with that object, and the violation has no path (it is not in the one judged).
 */
export function wrongTypeViolations(fields: readonly WrongFieldType[]): RuleViolation[] {
  const seen = new Set<string>();
  const out: RuleViolation[] = [];
  for (const field of fields) {
    const { path, object } = field;
    const key = object === undefined ? path : `${object}\n${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const type = wrongTypeText(field);
    out.push(object === undefined
      ? { message: `${path} is ${type}: Kubernetes rejects the object, and the rule cannot judge it`, path, unknown: true }
      : { message: `${path} of ${object} is ${type}: Kubernetes rejects that object, and the rule cannot judge this one by it`, unknown: true });
  }
  return out;
}
