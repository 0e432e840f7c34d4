import { joinPath } from './json-fields';
import { K8sObject } from './manifest';
import { Problems } from './validation';

/** How deep a caller's object may nest (a Kubernetes object nests a dozen levels; a CRD's spec a few dozen). */
const MAX_DEPTH = 100;

/**
 * Copies of `objects`, Kubernetes objects a caller gives as plain JSON, checked: a list of objects, each with string
 * `apiVersion`, `kind` and `metadata.name` (and `metadata.namespace` when set), made only of plain objects, arrays,
 * strings, finite numbers, booleans and `null`. Only own enumerable properties are read (each once; an own
 * `__proto__` key stays an own key); an `undefined` object value is left out, as JSON leaves it out. Throws a
 * `KubeHardenValidationError` naming `subject` and every problem at once (a class instance such as a cdk8s `Lazy`,
 * a function, a cycle, an `undefined` array item, a missing name).
 */
export function plainObjects(objects: unknown, subject: string): K8sObject[] {
  const problems = new Problems();
  if (!Array.isArray(objects)) {
    problems.add('objects', objects, 'is not a list', 'give a list of Kubernetes objects.');
    problems.throwIfAny(subject);
  }
  const copies = Array.from({ length: (objects as unknown[]).length }, (_, i) => {
    const field = `objects[${i}]`;
    const copy = plainCopy((objects as unknown[])[i], field, problems, new Set(), 0);
    checkShape(copy, field, problems);
    return copy as K8sObject;
  });
  problems.throwIfAny(subject);
  return copies;
}

function plainCopy(value: unknown, field: string, problems: Problems, ancestors: Set<object>, depth: number): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.add(field, value, 'is not a finite number', 'give a finite number, or the value as a string.');
    return value;
  }
  if (typeof value !== 'object') {
    problems.add(field, value, `is a ${typeof value}, not JSON`, 'give a string, number, boolean, null, list or plain object.');
    return undefined;
  }
  if (ancestors.has(value)) {
    problems.add(field, '<circular>', 'refers back to itself', 'give plain data without cycles.');
    return undefined;
  }
  if (depth >= MAX_DEPTH) {
    problems.add(field, '<too deep>', `nests deeper than ${MAX_DEPTH} levels`, 'give a Kubernetes object as the API defines it.');
    return undefined;
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return arrayCopy(value, field, problems, ancestors, depth);
    // plain: no prototype, or an Object.prototype (of any realm: its own prototype is null)
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
      problems.add(field, value, `is ${typeof name === 'string' && name !== '' ? `a ${name}` : 'a class instance'}, not plain JSON`,
        'give its value as plain JSON (resolve it first).');
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = plainCopy((value as Record<string, unknown>)[key], joinPath(field, key), problems, ancestors, depth + 1);
      if (item !== undefined) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } catch (error) {
    problems.add(field, '<unreadable>', `could not be read (${error instanceof Error ? error.message : String(error)})`, 'give plain data.');
    return undefined;
  } finally {
    ancestors.delete(value);
  }
}

function arrayCopy(value: readonly unknown[], field: string, problems: Problems, ancestors: Set<object>, depth: number): unknown[] {
  return Array.from({ length: value.length }, (_, i) => {
    const item = value[i];
    if (item === undefined) {
      problems.add(joinPath(field, i), item, 'is undefined (or a hole)', 'remove the item, or give a value.');
      return null;
    }
    return plainCopy(item, joinPath(field, i), problems, ancestors, depth + 1);
  });
}

function checkShape(copy: unknown, field: string, problems: Problems): void {
  if (typeof copy !== 'object' || copy === null || Array.isArray(copy)) {
    if (copy !== undefined) problems.add(field, copy, 'is not an object', 'give a Kubernetes object: apiVersion, kind, metadata.name.');
    return;
  }
  const obj = copy as Record<string, unknown>;
  for (const key of ['apiVersion', 'kind']) {
    if (typeof obj[key] !== 'string' || obj[key] === '') problems.add(`${field}.${key}`, obj[key], 'is not a non-empty string', `give the object's ${key}.`);
  }
  const metadata = obj.metadata as Record<string, unknown> | undefined;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    problems.add(`${field}.metadata`, metadata, 'is not an object', 'give metadata with at least a name.');
    return;
  }
  if (typeof metadata.name !== 'string' || metadata.name === '') {
    problems.add(`${field}.metadata.name`, metadata.name, 'is not a non-empty string', 'give the object a name (kube-harden never generates one).');
  }
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') {
    problems.add(`${field}.metadata.namespace`, metadata.namespace, 'is not a string', 'give the namespace as a string, or leave it out.');
  }
  // cdk8s's metadata copies these as it is given them (a list of labels would become labels named 0, 1, ...)
  for (const key of ['labels', 'annotations']) {
    const map = metadata[key];
    if (map !== undefined && (typeof map !== 'object' || map === null || Array.isArray(map) || Object.values(map).some((v) => typeof v !== 'string'))) {
      problems.add(`${field}.metadata.${key}`, map, 'is not a map of strings', `give ${key} as an object whose values are strings.`);
    }
  }
  const finalizers = metadata.finalizers;
  if (finalizers !== undefined && (!Array.isArray(finalizers) || finalizers.some((f) => typeof f !== 'string'))) {
    problems.add(`${field}.metadata.finalizers`, finalizers, 'is not a list of strings', 'give the finalizers as a list of strings.');
  }
  const owners = metadata.ownerReferences;
  if (owners !== undefined && (!Array.isArray(owners) || owners.some((o) => typeof o !== 'object' || o === null || Array.isArray(o)))) {
    problems.add(`${field}.metadata.ownerReferences`, owners, 'is not a list of objects', 'give the owner references as a list of objects.');
  }
}
