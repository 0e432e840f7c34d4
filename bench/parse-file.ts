/** `node parse-file.js <file>`: js-yaml parses the file (read + `loadAll`), the fast-parse reference run as a command. */
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';

loadAll(readFileSync(process.argv[2], 'utf8'));
