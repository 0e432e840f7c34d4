import { readFileSync } from 'fs';
import { join } from 'path';
import { PROFILE_NOTES, RESTRICTED_PROFILE, renderDefaultsTable } from '../../lib/core';

const committed = join(__dirname, '..', '..', 'docs', 'defaults.md');

/** Dotted paths of every leaf (scalar or array) of `value`. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

function rowOf(markdown: string, field: string): string[] {
  const row = markdown.split('\n').find((line) => line.startsWith(`| \`${field}\` |`));
  expect(row).toBeDefined();
  return row!.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, ''));
}

describe('renderDefaultsTable', () => {
  test('docs/defaults.md is up to date with the profile (regenerate with `npx projen docgen`)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(renderDefaultsTable());
  });

  test('every leaf of the profile has one row; tier leaves have one row with a column per tier', () => {
    const markdown = renderDefaultsTable();
    const expected = new Set(leafPaths(RESTRICTED_PROFILE).map((p) => p.replace(/^tiers\.[a-z]+\./, 'tiers.*.')));
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split('`')[1]);
    expect(rows.sort()).toEqual([...expected].sort());
    expect(rowOf(markdown, 'tiers.*.runtime').slice(1, 5)).toEqual(['`runc`', '`gvisor`', '`kata`', '`kata`']);
  });

  test('a row gives the value, why, override and the acknowledging control with its title', () => {
    expect(rowOf(renderDefaultsTable(), 'podSecurity.readOnlyRootFilesystem')).toEqual([
      '`podSecurity.readOnlyRootFilesystem`', '`true`', PROFILE_NOTES['podSecurity.readOnlyRootFilesystem'].why,
      PROFILE_NOTES['podSecurity.readOnlyRootFilesystem'].override, '`KH-POD-019` Read-only root filesystem',
    ]);
  });

  test('a leaf without a note fails generation, naming the leaf', () => {
    const { ['podSecurity.fsGroup']: _removed, ...notes } = PROFILE_NOTES;
    expect(() => renderDefaultsTable(RESTRICTED_PROFILE, notes)).toThrow("profile leaf 'podSecurity.fsGroup' has no note");
  });
});
