/** Finding objects in a rendered or synthesized manifest list by kind and name (never by index). */

/** A manifest as tests see it: loosely typed so tests can reach into any field. */
export interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [field: string]: any };
  readonly [field: string]: any;
}

/** The one object of `kind` named `name` (optionally in `namespace`); throws when there is not exactly one. */
export function findObject(objects: readonly any[], kind: string, name: string, namespace?: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name
    && (namespace === undefined || o.metadata?.namespace === namespace));
  if (found.length !== 1) {
    const names = objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ');
    throw new Error(`expected one ${kind} '${name}', found ${found.length} among: ${names}`);
  }
  return found[0];
}

/** `Kind/namespace/name` (or `Kind/name` when cluster-scoped) of every object, in order. */
export function objectNames(objects: readonly any[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`);
}

/** The container named `name` (by default the workload's own name) of a workload's pod template. */
export function containerOf(workload: Manifest, name: string = workload.metadata.name): any {
  const containers = workload.spec.template.spec.containers as any[];
  const container = containers.find((c) => c.name === name);
  if (container === undefined) {
    throw new Error(`no container '${name}' in ${workload.kind} '${workload.metadata.name}'`);
  }
  return container;
}
