import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES_DIR, loadYaml } from './helpers';
import {
  audit, buildReport, DOCKERFILE_RULES, exceedsThreshold, Finding, formatRulesMarkdown, isCounted, MANIFEST_RULES, ruleCatalog, runDockerfileRules,
} from '../../lib/audit';

/**
 * One severity vocabulary: the severity RULES.md documents for a rule is the severity its findings are reported at.
 * RULES.md is `formatRulesMarkdown(ruleCatalog())` (what `kube-harden rules --format markdown` prints); this test reads
 * the severities back from that text, not from the registry, and compares them with what the engine reports for
 * every fail fixture of every rule (manifest and Dockerfile).
 */
const OPTIONS = { allowedRegistries: ['registry.example.com'] };
const DOCKERFILE_FIXTURES = path.join(__dirname, 'dockerfile');

function documentedSeverities(): Map<string, string> {
  const rows = formatRulesMarkdown(ruleCatalog()).split('\n').map((line) => /^\| \[(KH-[A-Z]+-\d+)\]\([^)]*\) \| (\w+) \|/.exec(line));
  return new Map(rows.filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1], m[2]]));
}

function fixtures(dir: string, suffix: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('fail') && f.endsWith(suffix)).sort();
}

function reportedSeverities(findings: readonly Finding[], id: string): string[] {
  return [...new Set(findings.filter((f) => f.ruleId === id && isCounted(f)).map((f) => f.severity))];
}

const documented = documentedSeverities();

describe('documented severity = reported severity |', () => {
  test('RULES.md documents a severity for every rule of the registry', () => {
    expect([...documented.keys()].sort()).toEqual(ruleCatalog().map((r) => r.id));
  });

  describe.each(MANIFEST_RULES.map((r) => [r.id] as const))('%s', (id) => {
    test.each(fixtures(path.join(FIXTURES_DIR, id), '.yaml'))('%s is reported at the documented severity', (file) => {
      const report = audit(loadYaml(path.join(FIXTURES_DIR, id, file)), OPTIONS);
      expect(reportedSeverities(report.findings, id)).toEqual([documented.get(id)]);
    });
  });

  describe.each(DOCKERFILE_RULES.map((r) => [r.id] as const))('%s', (id) => {
    test.each(fixtures(path.join(DOCKERFILE_FIXTURES, id), '.Dockerfile'))('%s is reported at the documented severity', (file) => {
      const text = fs.readFileSync(path.join(DOCKERFILE_FIXTURES, id, file), 'utf8');
      const outcomes = runDockerfileRules([{ file, text }], { pack: 'kube-harden' });
      expect(reportedSeverities(outcomes.flatMap((o) => o.findings), id)).toEqual([documented.get(id)]);
    });
  });

  test("'FROM node:20' is an error, as RULES.md says KH-DKR-001 is, so --fail-on error fails it", () => {
    // GIVEN a Dockerfile whose base image has a tag but no digest
    const report = buildReport(runDockerfileRules([{ file: 'Dockerfile', text: 'FROM node:20\nUSER 10001\n' }]));
    // THEN KH-DKR-001 reports it at its documented severity, and the error threshold is exceeded
    expect(report.findings.filter((f) => f.ruleId === 'KH-DKR-001').map((f) => f.severity)).toEqual([documented.get('KH-DKR-001')]);
    expect(documented.get('KH-DKR-001')).toBe('error');
    expect(exceedsThreshold(report, 'error')).toBe(true);
  });
});
