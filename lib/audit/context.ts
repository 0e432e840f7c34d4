import { auditedKind } from './kinds';
import { checkReadableObjects } from './readable-input';
import { AuditContext, AuditSettings } from './rule';
import { K8sObject } from '../core/manifest';

/**
 * Builds the context every rule sees: all objects, indexed by the kind the audit reads each as (`auditedKind`: an
 * object of another API group than the kind's, such as a Calico NetworkPolicy, is not among `objectsOfKind` of the
 * name) and namespace. Objects that are not a list, or whose identity fields cannot be read (a revoked Proxy, a getter
 * that throws), are a `KubeHardenValidationError` naming each.
 */
export function createAuditContext(objects: readonly K8sObject[], settings: AuditSettings): AuditContext {
  checkReadableObjects(objects, 'objects', 'audit context');
  const byKind = new Map<string, K8sObject[]>();
  const byKindAndNamespace = new Map<string, K8sObject[]>();
  const add = (index: Map<string, K8sObject[]>, key: string, object: K8sObject) => {
    const list = index.get(key);
    if (list) list.push(object);
    else index.set(key, [object]);
  };
  const kinds: string[] = [];
  for (let i = 0; i < objects.length; i++) {
    const object = objects[i];
    const kind = auditedKind(String(object?.kind ?? ''), object?.apiVersion);
    kinds.push(kind);
    add(byKind, kind, object);
    const namespace = object?.metadata?.namespace;
    if (namespace !== undefined) add(byKindAndNamespace, `${kind}\n${namespace}`, object);
  }
  const namespaces = new Map((byKind.get('Namespace') ?? []).map((o) => [o.metadata?.name, o] as const));
  const context: AuditContext = {
    objects,
    settings,
    objectsOfKind: (kind, namespace) => (namespace === undefined ? byKind.get(kind) : byKindAndNamespace.get(`${kind}\n${namespace}`)) ?? [],
    namespace: (name) => namespaces.get(name),
  };
  indexedKinds.set(context, kinds);
  return context;
}

/** The kind the audit reads each object of a context `createAuditContext` built as, by index. */
const indexedKinds = new WeakMap<AuditContext, readonly string[]>();

/**
 * The kind the audit reads each of `context.objects` as (`auditedKind`), by index: as `createAuditContext` identified
 * them when it indexed the objects (the engine dispatches each object to the rules of that kind without identifying it
 * again).
 */
export function auditedKinds(context: AuditContext): readonly string[] {
  return indexedKinds.get(context) ?? context.objects.map((object) => auditedKind(String(object?.kind ?? ''), object?.apiVersion));
}

/**
 * `compute` remembered per audit context: the returned function computes `compute(context)` once per context (the
 * objects of an audit do not change while it runs). For indexes and facts that rules would otherwise recompute per
 * object.
 */
export function perAudit<T>(compute: (context: AuditContext) => T): (context: AuditContext) => T {
  const cache = new WeakMap<AuditContext, { readonly value: T }>();
  return (context) => {
    let known = cache.get(context);
    if (!known) {
      known = { value: compute(context) };
      cache.set(context, known);
    }
    return known.value;
  };
}

/** Per audit, kind and namespace: the first object of each name, or `null` when an object has no metadata. */
const namedIndexes = perAudit(() => new Map<string, Map<string | undefined, ReadonlyMap<unknown, K8sObject> | null>>());

/**
 * The first object of `objectsOfKind(kind, namespace)` whose `metadata.name` is `name`, as `find` would return it,
 * looked up in an index built once per audit, kind and namespace (a lookup costs the same however many objects
 * the namespace holds). When one of the objects has no metadata, `find` itself runs (and throws as it would).
 */
export function objectNamed(context: AuditContext, kind: string, namespace: string | undefined, name: string): K8sObject | undefined {
  const objects = context.objectsOfKind(kind, namespace);
  const byKind = namedIndexes(context);
  let byNamespace = byKind.get(kind);
  if (!byNamespace) {
    byNamespace = new Map();
    byKind.set(kind, byNamespace);
  }
  let index = byNamespace.get(namespace);
  if (index === undefined) {
    index = objects.some((o) => o.metadata === undefined || o.metadata === null) ? null : firstOfEachName(objects);
    byNamespace.set(namespace, index);
  }
  return index === null ? objects.find((o) => o.metadata.name === name) : index.get(name);
}

function firstOfEachName(objects: readonly K8sObject[]): ReadonlyMap<unknown, K8sObject> {
  const index = new Map<unknown, K8sObject>();
  for (const object of objects) {
    if (!index.has(object.metadata.name)) {
      index.set(object.metadata.name, object);
    }
  }
  return index;
}
