import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES_DIR, findingsOf, loadYaml } from './helpers';
import { audit, findingStatus, isCounted, MANIFEST_RULES } from '../../lib/audit';

/**
 * Polaris-style fixtures: every rule has `test/audit/rules/<ID>/pass*.yaml` (no finding of the rule),
 * `fail*.yaml` (at least one counted finding) and optionally `unknown*.yaml` (only unknown findings).
 * The audit runs with `allowedRegistries: ['registry.example.com']` so KH-IMG-004 has a list to check.
 */
const OPTIONS = { allowedRegistries: ['registry.example.com'] };

const fixtureDirs = fs.readdirSync(FIXTURES_DIR).filter((d) => fs.statSync(path.join(FIXTURES_DIR, d)).isDirectory()).sort();

function filesOf(id: string, prefix: string): string[] {
  const dir = path.join(FIXTURES_DIR, id);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.yaml')).sort() : [];
}

describe('rule fixtures |', () => {
  test('every fixture directory belongs to a registered rule, and every rule has pass and fail fixtures', () => {
    const ids = MANIFEST_RULES.map((r) => r.id).sort();
    expect(fixtureDirs).toEqual(ids);
    for (const id of ids) {
      expect({ id, pass: filesOf(id, 'pass').length > 0, fail: filesOf(id, 'fail').length > 0 }).toEqual({ id, pass: true, fail: true });
    }
  });

  describe.each(MANIFEST_RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    test.each(filesOf(id, 'pass'))('%s: no finding', (file) => {
      const report = audit(loadYaml(path.join(FIXTURES_DIR, id, file)), OPTIONS);
      expect(findingsOf(report, id)).toEqual([]);
    });

    test.each(filesOf(id, 'fail'))('%s: a counted finding', (file) => {
      const report = audit(loadYaml(path.join(FIXTURES_DIR, id, file)), OPTIONS);
      const findings = findingsOf(report, id);
      expect(findings.filter(isCounted).length).toBeGreaterThan(0);
      expect(findings.every((f) => f.ruleError === undefined)).toBe(true);
    });

    const unknown = filesOf(id, 'unknown');
    if (unknown.length > 0) {
      test.each(unknown)('%s: only unknown findings, shown and counted as unknown', (file) => {
        const report = audit(loadYaml(path.join(FIXTURES_DIR, id, file)), OPTIONS);
        const findings = findingsOf(report, id);
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.map(findingStatus)).toEqual(findings.map(() => 'unknown'));
        // they keep the rule's severity (what a failure would weigh) but are never counted under it
        expect(findings.every((f) => f.severity === rule.severity && !isCounted(f))).toBe(true);
      });
    }
  });
});
