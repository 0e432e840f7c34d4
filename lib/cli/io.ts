import { once } from 'events';
import * as fs from 'fs';
import * as path from 'path';

/** How the CLI reaches the outside world (replaced in tests). */
export interface CliIo {
  /** Working directory: inputs are resolved against it and paths are displayed relative to it. */
  readonly cwd: string;
  /** Writes to standard output. */
  stdout(text: string): void;
  /**
   * Resolves when standard output has taken what was written (call between large writes to bound memory).
   * @default - resolves at once
   */
  drain?(): Promise<void>;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads all of standard input. */
  readStdin(): Promise<string>;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    drain: () => (process.stdout.writableNeedDrain ? once(process.stdout, 'drain').then(() => undefined) : Promise.resolve()),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** The package version (from package.json next to `lib/` or `dist/`), `0.0.0` when unreadable. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
