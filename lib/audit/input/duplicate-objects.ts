import { isDeepStrictEqual } from 'node:util';
import { InputProblem, LocatedObject } from './parse-manifests';
import { isClusterScoped, K8sObject } from '../../core/manifest';

/** What `duplicateObjects` keeps of the objects read, and what it found. */
export interface DuplicateObjects {
  /** The objects read, in input order, without the copies identical to a later one (each object is judged once). */
  readonly objects: readonly LocatedObject[];
  /**
   * One per object given again, in input order, at the later copy and naming the earlier: identical (the earlier is
   * left out), or with other content (both are judged; applied together, the later replaces the earlier).
   */
  readonly notes: readonly InputProblem[];
}

/**
 * The key under which the API server stores `object`: API group (not version: `apps/v1` and `apps/v1beta1` are one
 * resource), kind, namespace (none for a cluster-scoped kind) and name; `undefined` for an object without a string
 * name (`kubectl apply` refuses one).
 */
export function storageKey(object: K8sObject): string | undefined {
  const { apiVersion, kind, metadata } = object;
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
 * Objects of one key (API group, kind, namespace, name) in the objects read (in input order: arguments as given,
 * directories in sorted order, documents in file order). `kubectl apply -f` of them all applies the documents in
 * that order, one at a time (kubernetes/kubernetes staging/src/k8s.io/cli-runtime/pkg/resource/visitor.go
 * `StreamVisitor.Visit`; kubectl/pkg/cmd/apply/apply.go `Run`), and applying an object of a key already applied
 * patches it to the later copy: the cluster runs only the last. But one input often holds several sets that are
 * applied apart (an overlay per environment, a fixture per case), so every copy with other content is still judged,
 * a weakened one too, and the pair is noted; a copy identical to a later one is dropped, so that it is judged once.
 */
export function duplicateObjects(objects: readonly LocatedObject[]): DuplicateObjects {
  const lastOf = new Map<string, number>();
  const replacedBy = new Map<number, number>();
  objects.forEach((located, i) => {
    const key = storageKey(located.object);
    if (key === undefined) return;
    const previous = lastOf.get(key);
    if (previous !== undefined) replacedBy.set(previous, i);
    lastOf.set(key, i);
  });
  if (replacedBy.size === 0) return { objects, notes: [] };
  const notes: InputProblem[] = [];
  const dropped = new Set<number>();
  for (const [earlier, later] of [...replacedBy].sort((a, b) => a[1] - b[1])) {
    const [before, after] = [objects[earlier], objects[later]];
    const at = { file: after.location.file, line: after.location.line };
    if (isDeepStrictEqual(before.object, after.object)) {
      dropped.add(earlier);
      notes.push({ ...at, message: `${describe(after)} is given again, identical to ${where(before)}: judged once` });
    } else {
      notes.push({
        ...at,
        message: `${describe(after)} is given again, with other content than at ${where(before)}: both are judged, but kubectl apply of `
          + 'both keeps only this one. Audit each set you apply on its own, or give one of them another name',
      });
    }
  }
  return { objects: dropped.size === 0 ? objects : objects.filter((_, i) => !dropped.has(i)), notes };
}
