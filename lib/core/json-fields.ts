import { className, couldNotRead, unreadable, withArticle } from './non-plain';
import { Problems } from './validation';

/**
 * Reading a manifest someone else wrote (plain JSON, or JSON that holds a Pulumi Output here and there), field by
 * field, as Kubernetes decodes it: `null` and absent are the same, a field of another JSON type is a problem (the
 * API server rejects the object), and so is a class instance where a field has to be read.
 */

/** A JSON value as found in a manifest. */
export type Json = unknown;
/** A JSON object. */
export type JsonObject = Record<string, Json>;
/** Where a field is: keys and list indexes from the document's root. */
export type FieldSegments = readonly (string | number)[];

/** How deep a document may nest (a Kubernetes object nests a dozen levels). */
const MAX_DEPTH = 100;

/** `path` with `key` appended: `a.b`, `a[0]`, or `a["odd key"]` for a key that is no identifier. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** A field as problems name it: `containers[0].securityContext`, `annotations["a.b/c"]`. */
export function dottedField(segments: FieldSegments): string {
  return segments.reduce<string>((path, segment) => joinPath(path, segment), '');
}

/** Escapes one JSON Pointer segment (`~` → `~0`, `/` → `~1`). */
export function escapeJsonPointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A JSON Pointer from path segments. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapeJsonPointer(s)}`).join('');
}

/**
 * Whether `value` is an object of plain JSON: not a list, not a class instance (such as a Pulumi Output), not an
 * object that cannot be looked at (a revoked Proxy). Never throws.
 */
export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null) return false;
  try {
    if (Array.isArray(value)) return false;
    const proto = Object.getPrototypeOf(value) as object | null;
    return proto === null || Object.getPrototypeOf(proto) === null;
  } catch {
    return false;
  }
}

/** The class of an object that is not plain JSON, as messages name it (`an OutputImpl`); `undefined` for JSON. */
function classOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isPlainObject(value)) return undefined;
  const name = className(Object.getPrototypeOf(value) as object);
  return name === undefined ? 'a class instance' : withArticle(name);
}

/** The JSON type of `value`, as messages name it. */
function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return classOf(value) ?? withArticle(typeof value);
}

/**
 * A copy of `value` in which plain objects and lists are copied (own enumerable properties, in the caller's realm)
 * and everything else is kept as it is, a Pulumi Output included: what nobody reads passes through untouched. A
 * cycle, a nesting deeper than 100 levels, a revoked Proxy and a property that throws when read are problems, each
 * named by its own field (under `field`), and left out of the copy.
 */
export function copyJsonTree(value: Json, problems: Problems, field: FieldSegments = []): Json {
  return copyTree(value, problems, field, new Set(), 0);
}

function copyTree(value: Json, problems: Problems, field: FieldSegments, ancestors: Set<object>, depth: number): Json {
  const cannot = unreadable(value);
  if (cannot !== undefined) {
    problems.add(dottedField(field), '<unreadable>', cannot, 'give plain data.');
    return undefined;
  }
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (ancestors.has(value)) {
    problems.add(dottedField(field), '<circular>', 'refers back to itself', 'give plain data without cycles.');
    return undefined;
  }
  if (depth >= MAX_DEPTH) {
    problems.add(dottedField(field), '<too deep>', `nests deeper than ${MAX_DEPTH} levels`, 'give a Kubernetes object as the API defines it.');
    return undefined;
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      return Array.from({ length: value.length }, (_, i) => copyItem(value, i, problems, field, ancestors, depth));
    }
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const item = copyItem(value, key, problems, field, ancestors, depth);
      // (an own `__proto__` key stays an own key)
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } catch (error) {
    problems.add(dottedField(field), '<unreadable>', couldNotRead(error), 'give plain data.');
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}

/** A copy of the item `key` of `holder` (the value at `field`); an item that throws when read is a problem of its own field. */
function copyItem(holder: object, key: string | number, problems: Problems, field: FieldSegments, ancestors: Set<object>, depth: number): Json {
  let item: Json;
  try {
    item = (holder as Record<string | number, Json>)[key];
  } catch (error) {
    problems.add(dottedField([...field, key]), '<unreadable>', couldNotRead(error), 'give plain data.');
    return undefined;
  }
  return copyTree(item, problems, [...field, key], ancestors, depth + 1);
}

/** The JSON types a field is read as. */
type Expected = 'an object' | 'a list' | 'a boolean' | 'an integer' | 'a string' | 'a string or a number';

/**
 * Reads fields as Kubernetes decodes them, each read naming the field by its segments: absent and `null` read as
 * `undefined` (an empty list for a list), a value of another JSON type, or a class instance, reads as `undefined` and
 * is a problem, reported once per field.
 */
export class JsonFields {
  private readonly reported = new Set<string>();

  /**
   * @param problems where problems go
   * @param root segments before every field read (e.g. `spec.template.spec` for the pod spec of a Deployment)
   */
  constructor(private readonly problems: Problems, private readonly root: FieldSegments = []) {}

  /** `value` (the field at `at`) as an object. */
  public object(value: Json, at: FieldSegments): JsonObject | undefined {
    if (isPlainObject(value)) return value;
    this.check(value, at, 'an object');
    return undefined;
  }

  /** `value` as a list. */
  public list(value: Json, at: FieldSegments): readonly Json[] {
    if (Array.isArray(value)) return value;
    this.check(value, at, 'a list');
    return [];
  }

  /** `value` as a list of objects, by index: an item that is not an object (`null` included) is a problem. */
  public objects(value: Json, at: FieldSegments): readonly (readonly [JsonObject, number])[] {
    const out: (readonly [JsonObject, number])[] = [];
    this.list(value, at).forEach((item, index) => {
      if (isPlainObject(item)) out.push([item, index]);
      else if (item === null || item === undefined) this.problem([...at, index], item, 'is null', 'remove the item, or give it as an object.');
      else this.check(item, [...at, index], 'an object');
    });
    return out;
  }

  /** `value` as a boolean. */
  public boolean(value: Json, at: FieldSegments): boolean | undefined {
    return typeof value === 'boolean' ? value : this.check(value, at, 'a boolean');
  }

  /** `value` as an integer (a JSON number without a fraction). */
  public integer(value: Json, at: FieldSegments): number | undefined {
    return Number.isInteger(value) ? value as number : this.check(value, at, 'an integer');
  }

  /** `value` as a string. */
  public string(value: Json, at: FieldSegments): string | undefined {
    return typeof value === 'string' ? value : this.check(value, at, 'a string');
  }

  /** `value` as a resource quantity (`500m`, `128974848`): a string or a finite number. */
  public quantity(value: Json, at: FieldSegments): string | number | undefined {
    return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : this.check(value, at, 'a string or a number');
  }

  /** Reports a problem of the field at `at` (once per field). */
  public problem(at: FieldSegments, value: Json, message: string, fix: string): void {
    const field = dottedField([...this.root, ...at]);
    if (this.reported.has(field)) return;
    this.reported.add(field);
    this.problems.add(field, value, message, fix);
  }

  /** `undefined`, reporting `value` unless it is absent or null. */
  private check(value: Json, at: FieldSegments, expected: Expected): undefined {
    if (value === undefined || value === null) return undefined;
    const cannot = unreadable(value);
    if (cannot !== undefined) {
      this.problem(at, '<unreadable>', cannot, 'give plain data.');
      return undefined;
    }
    const instance = classOf(value);
    if (instance !== undefined) {
      // (the value itself is not shown: a Pulumi Output's toJSON gives a warning text, not its value)
      this.problem(at, `<${instance.replace(/^an? /, '')}>`, `is ${instance}, not plain JSON, and the hardener has to read it`,
        `give ${expected} as plain JSON: resolve it first (a Pulumi Output: harden inside pulumi.output(...).apply()), or leave the field out.`);
    } else {
      this.problem(at, value, `is ${typeOf(value)}, not ${expected}: the API server rejects the object`, `give ${expected}, or leave the field out.`);
    }
    return undefined;
  }
}
