import { K8sObject } from '../core';
import { AuditContext, AuditSettings } from './rule';

/** Builds the context every rule sees: all objects, indexed by kind and namespace. */
export function createAuditContext(objects: readonly K8sObject[], settings: AuditSettings): AuditContext {
  const byKind = new Map<string, K8sObject[]>();
  const byKindAndNamespace = new Map<string, K8sObject[]>();
  const add = (index: Map<string, K8sObject[]>, key: string, object: K8sObject) => {
    const list = index.get(key);
    if (list) list.push(object);
    else index.set(key, [object]);
  };
  for (const object of objects) {
    const kind = String(object?.kind ?? '');
    add(byKind, kind, object);
    const namespace = object?.metadata?.namespace;
    if (namespace !== undefined) add(byKindAndNamespace, `${kind}\n${namespace}`, object);
  }
  const namespaces = new Map((byKind.get('Namespace') ?? []).map((o) => [o.metadata?.name, o] as const));
  return {
    objects,
    settings,
    objectsOfKind: (kind, namespace) => (namespace === undefined ? byKind.get(kind) : byKindAndNamespace.get(`${kind}\n${namespace}`)) ?? [],
    namespace: (name) => namespaces.get(name),
  };
}
