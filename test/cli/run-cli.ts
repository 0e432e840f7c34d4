import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../lib/cli/main';

/** Repository root: CLI paths in tests are relative to it. */
export const ROOT = path.resolve(__dirname, '..', '..');
/** The CLI fixtures, relative to the root. */
export const FIXTURES = 'test/cli/fixtures';

/** What one in-process CLI run produced. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kube-harden <args>` in-process with captured streams (cwd = repository root unless given). */
export async function runCli(args: readonly string[], options: { stdin?: string; cwd?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    cwd: options.cwd ?? ROOT,
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    readStdin: async () => options.stdin ?? '',
  });
  return { code, stdout, stderr };
}

/** A fresh temporary directory with `files` (name -> content) written into it. */
export function tempDir(files: Readonly<Record<string, string | Buffer>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-harden-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** JSON output of `audit --format json`, typed loosely for assertions. */
export interface JsonAudit {
  readonly score: number;
  readonly summary: Record<string, number>;
  readonly inputs: { objects: number; dockerfiles: number; checks: number };
  readonly problems: { file: string; line?: number; message: string }[];
  readonly findings: {
    ruleId: string;
    severity: string;
    message: string;
    location?: { file: string; line?: number };
    object?: { kind: string; name: string; namespace?: string };
    acknowledged?: { reason: string };
  }[];
}

/** Runs `audit --format json <args>` and parses stdout. */
export async function auditJson(
  args: readonly string[],
  options: { stdin?: string; cwd?: string } = {},
): Promise<{ result: CliResult; json: JsonAudit }> {
  const result = await runCli(['audit', '--format', 'json', ...args], options);
  return { result, json: JSON.parse(result.stdout) as JsonAudit };
}
