import { isDeepStrictEqual } from 'node:util';
import { InputProblem, LocatedObject } from './parse-manifests';
import { isClusterScoped } from '../../core/manifest';

/** What `appliedObjects` keeps of the objects read, and what it found. */
export interface AppliedObjects {
  /** The objects as the cluster would hold them: of each key, the copy read last (at its place in the input order). */
  readonly objects: readonly LocatedObject[];
  /** One per copy replaced by a later one with other content, at the later copy, naming the earlier one. */
  readonly problems: readonly InputProblem[];
  /** One per copy replaced by an identical later one, at the later copy (judged once; no problem). */
  readonly identical: readonly InputProblem[];
}

/**
 * The key under which the API server stores `located`'s object: API group (not version: `apps/v1` and
 * `apps/v1beta1` are one resource), kind, namespace (none for a cluster-scoped kind) and name; `undefined` for an
 * object without a string name (`kubectl apply` refuses one).
 */
function storageKey(located: LocatedObject): string | undefined {
  const { apiVersion, kind, metadata } = located.object;
  const name: unknown = metadata.name;
  if (typeof name !== 'string' || name === '') return undefined;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const namespace: unknown = isClusterScoped(kind) ? undefined : metadata.namespace;
  return JSON.stringify([group, kind, typeof namespace === 'string' ? namespace : '', name]);
}

/** `Kind namespace/name (group)` of `located`'s object, for messages. */
function describe(located: LocatedObject): string {
  const { apiVersion, kind, metadata } = located.object;
  const namespace = isClusterScoped(kind) || typeof metadata.namespace !== 'string' ? '' : `${metadata.namespace}/`;
  const slash = apiVersion.indexOf('/');
  return `${kind} ${namespace}${String(metadata.name)} (${slash < 0 ? 'core' : apiVersion.slice(0, slash)} API group)`;
}

/** `file:line` of `located`. */
function where(located: LocatedObject): string {
  return `${located.location.file}:${located.location.line}`;
}

/**
 * The objects read (in input order: arguments as given, directories in sorted order, documents in file order) as
 * `kubectl apply -f` leaves them: it applies the documents in that order, one at a time (kubernetes/kubernetes
 * staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go `StreamVisitor.Visit`; kubectl/pkg/cmd/apply/apply.go `Run`),
 * and applying an object of a key already applied patches it to the later copy. So of each key only the copy read
 * last is kept, and audited: a copy with other content before it is an input problem (the input says two things of
 * one object; the earlier is never what the cluster runs), an identical one is only noted.
 */
export function appliedObjects(objects: readonly LocatedObject[]): AppliedObjects {
  const lastOf = new Map<string, number>();
  const replacedBy = new Map<number, number>();
  objects.forEach((located, i) => {
    const key = storageKey(located);
    if (key === undefined) return;
    const previous = lastOf.get(key);
    if (previous !== undefined) replacedBy.set(previous, i);
    lastOf.set(key, i);
  });
  if (replacedBy.size === 0) return { objects, problems: [], identical: [] };
  const problems: InputProblem[] = [];
  const identical: InputProblem[] = [];
  for (const [earlier, later] of [...replacedBy].sort((a, b) => a[1] - b[1])) {
    const [before, after] = [objects[earlier], objects[later]];
    const at = { file: after.location.file, line: after.location.line };
    if (isDeepStrictEqual(before.object, after.object)) {
      identical.push({ ...at, message: `${describe(after)} is given again, identical to ${where(before)}: judged once` });
    } else {
      problems.push({
        ...at,
        message: `${describe(after)} is given again, with other content than at ${where(before)}: kubectl apply applies both in `
          + 'order and keeps this one, so only this one is audited. Remove one of them, or give it another name',
      });
    }
  }
  return { objects: objects.filter((_, i) => !replacedBy.has(i)), problems, identical };
}
