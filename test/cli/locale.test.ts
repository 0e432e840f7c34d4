import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * Output is the same bytes in every locale. `reach -f mermaid` sorted namespaces with `localeCompare`, which follows
 * the process's locale: under Danish collation `aa` is the letter å and sorts after `z`, so `aa-shop` moved after
 * `billing` and the node ids changed with it (helper-55's reproduction). Every order is now by UTF-16 code units.
 * (`SOURCE_DATE_EPOCH` pins the report's date.)
 */

const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'locale', 'two-namespaces.yaml');

/** Runs the CLI (as `bin/kube-harden` does) in a fresh process under `locale`: its stdout and the locale Intl resolved. */
function runUnder(locale: string, args: readonly string[]): { stdout: string; resolved: string } {
  const script = `const main = require(${JSON.stringify(path.join(ROOT, 'lib', 'cli', 'main.ts'))});`
    + 'process.stderr.write(new Intl.Collator().resolvedOptions().locale);'
    + `main.run(${JSON.stringify(args)});`;
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: locale, LC_ALL: locale, SOURCE_DATE_EPOCH: '1800000000' },
  });
  return { stdout: run.stdout, resolved: run.stderr };
}

describe('output in another locale', () => {
  test.each([
    ['reach -f table', ['reach', FIXTURE, '--format', 'table']],
    ['report -f markdown', ['report', FIXTURE, '--format', 'markdown']],
  ])('%s gives the same bytes under da_DK as under C', (_, args) => {
    const danish = runUnder('da_DK.UTF-8', args);
    // The run is only a test if Node took the locale (official builds carry full ICU).
    expect(danish.resolved).toBe('da-DK');
    expect(danish.stdout).not.toBe('');
    expect(danish.stdout).toBe(runUnder('C', args).stdout);
  });

  test('reach -f mermaid gives the same bytes under da_DK as under C, namespaces in code-unit order', () => {
    const args = ['reach', FIXTURE, '--format', 'mermaid'];
    const danish = runUnder('da_DK.UTF-8', args);
    expect(danish.resolved).toBe('da-DK');
    expect(danish.stdout.indexOf('["aa-shop"]')).toBeGreaterThan(-1);
    expect(danish.stdout.indexOf('["aa-shop"]')).toBeLessThan(danish.stdout.indexOf('["billing"]'));
    expect(danish.stdout).toBe(runUnder('C', args).stdout);
  });
});
