import { copyJsonTree } from '../core/json-fields';
import { K8sObject } from '../core/manifest';
import { couldNotRead, unreadable, withArticle } from '../core/non-plain';
import { KubeHardenValidationError, Problems } from '../core/validation';

/**
 * What the audit reads of each input object before any rule runs (to index it, and to name it in its findings): its
 * `apiVersion`, `kind` and `metadata`, and the metadata's `name`, `namespace`, `labels` and `annotations`. A rule
 * that throws on a field deeper in the object is a rule error finding; one of these fields would throw out of the
 * audit itself.
 */
const OBJECT_FIELDS = ['apiVersion', 'kind', 'metadata'] as const;
const METADATA_FIELDS = ['name', 'namespace', 'labels', 'annotations'] as const;

/**
 * Checks that the audit can read the input `objects` (named `field`, e.g. `objects`): a list, whose items and whose
 * items' fields the audit reads before its rules (`OBJECT_FIELDS`, `METADATA_FIELDS`) can be looked at. Throws one
 * `KubeHardenValidationError` (of `subject`) naming each that cannot, all at once: a revoked Proxy, a getter or a
 * Proxy trap that throws. An item or field of the wrong type is not a problem here: the audit judges it.
 */
export function checkReadableObjects(objects: readonly K8sObject[], field: string, subject: string): void {
  const problems = new Problems();
  const items = readable(problems, field, () => objects);
  if (items !== UNREADABLE && !Array.isArray(items)) {
    notAList(problems, field, items);
  } else if (Array.isArray(items)) {
    const length = readable(problems, field, () => items.length);
    for (let i = 0; i < (typeof length === 'number' ? length : 0); i++) {
      const object = readable(problems, `${field}[${i}]`, () => items[i]);
      const metadata = fieldsOf(problems, object, `${field}[${i}]`, OBJECT_FIELDS)?.metadata;
      fieldsOf(problems, metadata, `${field}[${i}].metadata`, METADATA_FIELDS);
    }
  }
  problems.throwIfAny(subject);
}

/**
 * Throws what made a reader of the input `objects` (named `field`) throw `error`, for a reader that reads any field
 * of them outside the rules (reach): when `objects` is not a list, or has fields that cannot be read (a revoked Proxy,
 * a getter or Proxy trap that throws) or cycles, one `KubeHardenValidationError` (of `subject`) naming each, all at
 * once, found by copying them (`copyJsonTree`: only once a read failed, so that input that reads costs nothing);
 * otherwise `error` itself.
 */
export function rethrowUnreadable(objects: readonly K8sObject[], field: string, subject: string, error: unknown): never {
  if (!KubeHardenValidationError.isValidationError(error)) {
    const problems = new Problems();
    const copy = copyJsonTree(objects, problems, [field]);
    if (problems.isEmpty && !Array.isArray(copy)) notAList(problems, field, copy);
    problems.throwIfAny(subject);
  }
  throw error;
}

/** Records that `value` (at `field`) is not the list of objects it should be. */
function notAList(problems: Problems, field: string, value: unknown): void {
  const what = value === undefined || value === null ? 'missing' : `${withArticle(typeof value)}, not a list`;
  problems.add(field, value, `is ${what}`, 'give the Kubernetes objects as a list.');
}

/** What `readable` gives for a value that cannot be read. */
const UNREADABLE = Symbol('unreadable');

/** Reads `keys` of `holder` (at `at`) when it is an object, each that cannot be read a problem; `undefined` otherwise. */
function fieldsOf(problems: Problems, holder: unknown, at: string, keys: readonly string[]): Record<string, unknown> | undefined {
  if (typeof holder !== 'object' || holder === null || Array.isArray(holder)) return undefined;
  const values: Record<string, unknown> = {};
  for (const key of keys) values[key] = readable(problems, `${at}.${key}`, () => (holder as Record<string, unknown>)[key]);
  return values;
}

/** `read()`, when it and what it gives can be looked at; otherwise a problem of `field`, and `UNREADABLE`. */
function readable(problems: Problems, field: string, read: () => unknown): unknown {
  let value: unknown;
  try {
    value = read();
  } catch (error) {
    problems.add(field, '<unreadable>', couldNotRead(error), 'give plain data.');
    return UNREADABLE;
  }
  const cannot = unreadable(value);
  if (cannot === undefined) return value;
  problems.add(field, '<unreadable>', cannot, 'give plain data.');
  return UNREADABLE;
}
