/**
 * The fast-parse reference of the audit (see `measure.ts`): js-yaml parsing the file `params.file` (read + `loadAll`).
 * Loads js-yaml alone. Each round returns the number of documents.
 */
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import type { Subject } from './measure';

/** Prepares the parse of `params.file` (`name` is `parse`). */
export function prepare(name: string, params: { file?: string }): Subject {
  if (name !== 'parse') throw new Error(`unknown parse subject '${name}'`);
  const file = String(params.file);
  return () => ({ objects: loadAll(readFileSync(file, 'utf8')).length });
}
