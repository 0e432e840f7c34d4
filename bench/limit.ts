/**
 * The physical limit of a synth (see `measure.ts`), no framework: core render of the objects `synth.ts`'s `ours`
 * emits for `params.count` services, js-yaml dump, write to the file `params.out`. Each round returns the YAML's size
 * and the number of objects.
 */
import { writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import type { Subject } from './measure';
import { renderCore } from './objects';

/** Prepares the limit for `params.count` services (`name` is `limit`). */
export function prepare(name: string, params: { count?: number; out?: string }): Subject {
  if (name !== 'limit') throw new Error(`unknown limit subject '${name}'`);
  const count = Number(params.count ?? 1000);
  return () => {
    const objects = renderCore(count);
    const yaml = objects.map((obj) => dump(obj, { noRefs: true })).join('---\n');
    writeFileSync(String(params.out), yaml);
    return { bytes: Buffer.byteLength(yaml), objects: objects.length };
  };
}
