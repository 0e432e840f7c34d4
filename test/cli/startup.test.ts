import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * Issue 15: every `kube-harden` command is a fresh process, and what it loads before it reads any input counts on
 * every run (`audit_cli_vs_fast_parse`). The audit rules imported their constants from the core's index, which
 * loaded every construct's renderer and, with them, a JSON schema validator (ajv); the config file's reader loaded
 * ajv and a second YAML library. Starting took about 200 ms of CPU, of a 1.4 s audit of 10,000 objects. What only
 * some runs need is loaded when they need it: the config reader when there is a config file, the CI gate's renderer
 * by `ci-gate`, the Dockerfile parser (dockerfile-ast, about 25 ms) by the first Dockerfile.
 */

const ROOT = path.join(__dirname, '..', '..');

/** The modules that requiring the CLI (as `bin/kube-harden` does) loads, as paths relative to the repository. */
function loadedAtStartup(): string[] {
  const script = `require(${JSON.stringify(path.join(ROOT, 'lib', 'cli', 'main.ts'))});`
    + 'console.log(JSON.stringify(Object.keys(require.cache)))';
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { encoding: 'utf8', cwd: ROOT });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as string[]).map((file) => path.relative(ROOT, file).split(path.sep).join('/'));
}

describe('kube-harden startup', () => {
  test('loads no schema validator, no second YAML library, no Dockerfile parser and no construct renderer', () => {
    const loaded = loadedAtStartup();
    expect(loaded).toContain('lib/cli/commands/audit.ts');
    expect(loaded).toContain('lib/audit/dockerfile/parse-dockerfile.ts');
    const heavy = loaded.filter((file) => /^node_modules\/(ajv|yaml|dockerfile-ast)\//.test(file)
      || /^lib\/core\/(index|boundary|secure-deployment|payment-service|runtime-threat-detection|ci-gate)\.ts$/.test(file));
    expect(heavy).toEqual([]);
  });
});
