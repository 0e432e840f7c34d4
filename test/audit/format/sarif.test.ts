import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as sarif from 'sarif';
import { AuditRun, formatRulesMarkdown, formatSarif, formatSarifChunks, ruleCatalog, ruleHelpUri, FINGERPRINT_KEY } from '../../../lib/audit/format';
import { auditSources } from '../../../lib/audit/input/audit-sources';
import { InputProblem, parseManifests } from '../../../lib/audit/input/parse-manifests';
import { readInput } from '../../../lib/cli/read-input';
import { FIXTURES, ROOT } from '../../cli/run-cli';

/**
 * The official SARIF 2.1.0 JSON schema (OASIS, final `2.1.0-rtm.5`, a draft-04 schema) as Microsoft's SARIF SDK ships
 * it in the npm package @microsoft/sarif-matcher-utils (lib/schemas/sarif-2.1.0-rtm.5.json): read from disk, never
 * fetched.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SARIF_SCHEMA = require('@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json') as object;

function validator(): (log: unknown) => readonly unknown[] {
  // The schema's `language` pattern has a stray `]`, an error only in unicode mode: compile patterns without it.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(SARIF_SCHEMA);
  return (log) => (validate(log) ? [] : validate.errors ?? ['invalid']);
}

async function fixtureRun(): Promise<AuditRun> {
  const input = await readInput([
    `${FIXTURES}/manifests`, `${FIXTURES}/helm-output.yaml`, `${FIXTURES}/malformed.yaml`,
    `${FIXTURES}/acknowledged.Dockerfile`, `${FIXTURES}/warnings-only.Dockerfile`,
  ], { cwd: ROOT, readStdin: async () => '' });
  return runOf(input.manifests, input.problems, input.dockerfiles);
}

function runOf(
  manifests: Parameters<typeof auditSources>[0]['manifests'],
  problems: readonly InputProblem[] = [],
  dockerfiles: Parameters<typeof auditSources>[0]['dockerfiles'] = [],
): AuditRun {
  const report = auditSources({ manifests, dockerfiles });
  return { report, problems, objects: manifests.length, dockerfiles: dockerfiles.length, version: '1.2.3', cwd: ROOT };
}

function resultsOf(run: AuditRun): sarif.Result[] {
  return (JSON.parse(formatSarif(run)) as sarif.Log).runs[0].results ?? [];
}

describe('SARIF output', () => {
  test('validates against the official SARIF 2.1.0 schema (findings, suppressions, unknowns, notifications)', async () => {
    const fixtures = await fixtureRun();
    // every kind of result the formatter writes: problems, acknowledged findings, and an unknown and a failed rule
    const [first] = fixtures.report.findings;
    const findings = [...fixtures.report.findings, { ...first, unknown: true, severity: 'info' as const }, { ...first, ruleError: true }];
    const run: AuditRun = { ...fixtures, report: { ...fixtures.report, findings } };
    expect(run.problems.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.acknowledged)).toBe(true);
    const log = JSON.parse(formatSarif(run)) as sarif.Log;
    expect(validator()(log)).toEqual([]);
    // and the validator does reject what the schema forbids
    const broken = { ...log, runs: [{ ...log.runs[0], results: [{ ruleId: 'X', message: {}, level: 'fatal' }] }] };
    expect(validator()(broken).length).toBeGreaterThan(0);
  });

  test('every result has a partialFingerprint, unique in the run; helpUri points at the rule in RULES.md', async () => {
    const run = await fixtureRun();
    const log = JSON.parse(formatSarif(run)) as sarif.Log;
    const results = log.runs[0].results ?? [];
    const prints = results.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
    expect(prints.every((p) => typeof p === 'string' && /^[0-9a-f]{32}$/.test(p))).toBe(true);
    expect(new Set(prints).size).toBe(results.length);
    const rulesMarkdown = formatRulesMarkdown(ruleCatalog());
    for (const rule of log.runs[0].tool.driver.rules ?? []) {
      expect(rule.helpUri).toBe(ruleHelpUri(rule.id, '1.2.3'));
      // the anchor is the one RULES.md's heading `## <id>` gets (and its own table links to)
      const anchor = rule.helpUri!.split('#')[1];
      expect(anchor).toBe(rule.id.toLowerCase());
      expect(rulesMarkdown).toContain(`\n## ${rule.id}\n`);
      expect(rulesMarkdown).toContain(`](#${anchor})`);
    }
  });

  test('fingerprints do not change when lines move, and the region follows the field', () => {
    const pod = (name: string): string => [
      'apiVersion: v1', 'kind: Pod', `metadata: { name: ${name}, namespace: shop }`, 'spec:', '  hostPID: true',
      '  containers:', '    - name: app', '      image: busybox:1.36.1', '      securityContext: { privileged: true }',
    ].join('\n');
    const before = resultsOf(runOf(parseManifests(`${pod('a')}\n`, 'pods.yaml').objects));
    const after = resultsOf(runOf(parseManifests(`# moved down\n\n\n---\n${pod('a')}\n`, 'pods.yaml').objects));
    const key = (r: sarif.Result): string => `${r.ruleId}:${r.partialFingerprints?.[FINGERPRINT_KEY]}`;
    expect(after.map(key)).toEqual(before.map(key));
    const line = (results: sarif.Result[], ruleId: string): sarif.Region | undefined =>
      results.find((r) => r.ruleId === ruleId)?.locations?.[0].physicalLocation?.region;
    expect(line(before, 'KH-POD-002')).toEqual({ startLine: 5, startColumn: 3 });
    expect(line(after, 'KH-POD-002')).toEqual({ startLine: 9, startColumn: 3 });
    expect(line(after, 'KH-POD-003')).toEqual({ startLine: 13, startColumn: 26 });
    // the same object in another file is another finding
    const elsewhere = resultsOf(runOf(parseManifests(`${pod('a')}\n`, 'other.yaml').objects));
    expect(elsewhere.map(key).some((k) => after.map(key).includes(k))).toBe(false);
  });

  test('the streamed pieces are the same bytes as the whole log, and none holds more than one result', async () => {
    const run = await fixtureRun();
    const chunks = [...formatSarifChunks(run)];
    expect(chunks.join('')).toBe(formatSarif(run));
    expect(chunks.join('')).toBe(`${JSON.stringify(JSON.parse(formatSarif(run)), null, 2)}\n`);
    expect(chunks.filter((c) => c.includes('"partialFingerprints"')).every((c) => c.split('"partialFingerprints"').length === 2)).toBe(true);
  });
});
