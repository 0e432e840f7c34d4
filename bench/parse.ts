/**
 * The fast-parse references of the audit (see `measure.ts`): js-yaml parsing the file `params.file` (read + `loadAll`),
 * - `parse`: in this warm process (the reference of the in-memory audit);
 * - `parseProcess`: in a fresh process per round (`parse-file.ts`), the reference of the CLI, which starts one too.
 * Loads js-yaml alone.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadAll } from 'js-yaml';
import { runFreshProcess } from './fresh-process';
import type { Subject } from './measure';

/** Prepares the parse subject `name` of `params.file`. */
export function prepare(name: string, params: { file?: string }): Subject {
  const file = String(params.file);
  switch (name) {
    case 'parse':
      return () => ({ objects: loadAll(readFileSync(file, 'utf8')).length });
    case 'parseProcess':
      return async () => {
        const { processCpuMs, processMaxRssMiB } = await runFreshProcess([path.join(__dirname, 'parse-file.js'), file]);
        return { processCpuMs, processMaxRssMiB };
      };
    default:
      throw new Error(`unknown parse subject '${name}'`);
  }
}
