import { PodSpecChange } from '../../lib/core';

/** Applies the hardener's changes as JSON Patch `add` operations (RFC 6902), the way an adapter does, to a copy of `doc`. */
export function applyChanges(doc: unknown, changes: readonly PodSpecChange[]): unknown {
  const out = structuredClone(doc) as Record<string, unknown>;
  for (const { path, to } of changes) {
    const keys = path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    const parent = keys.reduce<any>((node, key) => node[key], out);
    if (Array.isArray(parent)) parent.splice(Number(last), 0, structuredClone(to));
    else parent[last] = structuredClone(to);
  }
  return out;
}
