import * as fs from 'fs';
import * as path from 'path';
import { ROOT, runCli } from './run-cli';
import { DOCKERFILE_RULES, formatRulesMarkdown, MANIFEST_RULES, ruleCatalog } from '../../lib/audit';

describe('kube-harden rules', () => {
  test('lists every manifest and Dockerfile rule, sorted by id', async () => {
    const result = await runCli(['rules', '--format', 'json']);
    expect(result.code).toBe(0);
    const ids = (JSON.parse(result.stdout) as { id: string }[]).map((r) => r.id);
    const expected = [...MANIFEST_RULES, ...DOCKERFILE_RULES].map((r) => r.id).sort();
    expect(ids).toEqual(expected);
    expect(ids).toContain('KH-DKR-007');
  });

  test('the table has one row per rule', async () => {
    const { stdout } = await runCli(['rules']);
    expect(stdout.trim().split('\n')).toHaveLength(ruleCatalog().length + 1);
    expect(stdout).toMatch(/^KH-DKR-002\s+error\s+dockerfile\s+Final stage runs as a non-root USER$/m);
  });

  test('--format markdown prints RULES.md, and the committed RULES.md is up to date', async () => {
    const { stdout } = await runCli(['rules', '--format', 'markdown']);
    expect(stdout).toBe(formatRulesMarkdown(ruleCatalog()));
    const committed = fs.readFileSync(path.join(ROOT, 'RULES.md'), 'utf8');
    if (committed !== stdout) {
      throw new Error("RULES.md is stale: run 'npx projen docgen:rules' and commit it");
    }
  });
});
