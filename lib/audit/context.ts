import { K8sObject } from '../core';
import { AuditContext, AuditSettings } from './rule';

/** Builds the context every rule sees: all objects, indexed by kind and namespace. */
export function createAuditContext(objects: readonly K8sObject[], settings: AuditSettings): AuditContext {
  const byKind = new Map<string, K8sObject[]>();
  for (const object of objects) {
    const kind = String(object?.kind ?? '');
    const list = byKind.get(kind) ?? [];
    list.push(object);
    byKind.set(kind, list);
  }
  return {
    objects,
    settings,
    objectsOfKind: (kind, namespace) => {
      const all = byKind.get(kind) ?? [];
      return namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
    },
    namespace: (name) => (byKind.get('Namespace') ?? []).find((o) => o.metadata?.name === name),
  };
}
