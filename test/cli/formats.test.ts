import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Ajv from 'ajv';
import { FIXTURES, ROOT, runCli } from './run-cli';

/** The part of the SARIF 2.1.0 schema GitHub code scanning relies on, written by hand (no network). */
const SARIF_SUBSET_SCHEMA = {
  type: 'object',
  required: ['$schema', 'version', 'runs'],
  properties: {
    $schema: { type: 'string', pattern: 'sarif-2\\.1\\.0' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'informationUri', 'version', 'rules'],
                properties: {
                  name: { const: 'kube-harden' },
                  informationUri: { type: 'string', pattern: '^https://' },
                  version: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'name', 'shortDescription', 'fullDescription', 'help', 'defaultConfiguration', 'properties'],
                      properties: {
                        id: { type: 'string', pattern: '^KH-[A-Z]+-[0-9]{3}$' },
                        name: { type: 'string', pattern: '^[A-Za-z0-9]+$' },
                        shortDescription: { $ref: '#/$defs/message' },
                        fullDescription: { $ref: '#/$defs/message' },
                        help: { $ref: '#/$defs/message' },
                        defaultConfiguration: {
                          type: 'object', required: ['level'], properties: { level: { $ref: '#/$defs/level' } },
                        },
                        properties: {
                          type: 'object',
                          required: ['tags', 'security-severity'],
                          properties: {
                            'tags': { type: 'array', items: { type: 'string' }, contains: { const: 'security' } },
                            'security-severity': { type: 'string', pattern: '^(10|[0-9])\\.[0-9]$' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'level', 'message', 'locations'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { $ref: '#/$defs/level' },
                message: { $ref: '#/$defs/message' },
                locations: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['physicalLocation'],
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation', 'region'],
                        properties: {
                          artifactLocation: {
                            type: 'object',
                            required: ['uri'],
                            // Relative to the repository: no scheme, no leading slash.
                            properties: { uri: { type: 'string', pattern: '^(?![a-z]+:)(?!/).+' } },
                          },
                          region: {
                            type: 'object', required: ['startLine'], properties: { startLine: { type: 'integer', minimum: 1 } },
                          },
                        },
                      },
                    },
                  },
                },
                suppressions: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['kind', 'justification'],
                    properties: { kind: { enum: ['inSource', 'external'] }, justification: { type: 'string', minLength: 1 } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  $defs: {
    level: { enum: ['none', 'note', 'warning', 'error'] },
    message: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } },
  },
};

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; defaultConfiguration: { level: string } }[] } };
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

const INPUTS = [
  `${FIXTURES}/manifests`, `${FIXTURES}/helm-output.yaml`, `${FIXTURES}/acknowledged.Dockerfile`, `${FIXTURES}/warnings-only.Dockerfile`,
];

describe('--format sarif', () => {
  test('is a SARIF 2.1.0 log with the fields GitHub code scanning requires', async () => {
    const result = await runCli(['audit', '--format', 'sarif', ...INPUTS]);
    const log = JSON.parse(result.stdout) as SarifLog;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(SARIF_SUBSET_SCHEMA);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });

  test('results point at the rule, the file and the line; acknowledged findings are suppressions', async () => {
    const log = JSON.parse((await runCli(['audit', '--format', 'sarif', ...INPUTS])).stdout) as SarifLog;
    const [run] = log.runs;
    for (const r of run.results) {
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    }
    expect(run.results).toContainEqual(expect.objectContaining({
      ruleId: 'KH-POD-002',
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: `${FIXTURES}/helm-output.yaml`, uriBaseId: '%SRCROOT%' }, region: { startLine: 17, startColumn: 3 } } }],
    }));
    expect(run.results).toContainEqual(expect.objectContaining({
      ruleId: 'KH-DKR-001',
      suppressions: [expect.objectContaining({ kind: 'inSource', justification: 'distroless nonroot is rebuilt nightly; the tag is the pin' })],
    }));
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  test('paths under the working directory are relative to %SRCROOT%, which maps to its file URI; others are absolute', async () => {
    // GIVEN the working directory is the manifests fixtures, and one input (with findings) lies outside it
    const cwd = path.join(ROOT, FIXTURES, 'manifests');
    const outside = path.join(ROOT, FIXTURES, 'warnings-only.Dockerfile');
    const result = await runCli(['audit', '--format', 'sarif', 'privileged-deployment.yaml', outside, 'missing.yaml'], { cwd });
    const [run] = (JSON.parse(result.stdout) as SarifLog).runs;
    // THEN the base id names the cwd (a directory URI ends with '/'), and a location uses it only under the cwd
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(cwd).href}/` } });
    const locations = run.results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    expect(locations).toContainEqual({ uri: 'privileged-deployment.yaml', uriBaseId: '%SRCROOT%' });
    expect(locations).toContainEqual({ uri: pathToFileURL(outside).href });
    expect(locations.filter((l) => l.uriBaseId === undefined).every((l) => l.uri === pathToFileURL(outside).href)).toBe(true);
    expect(run.invocations[0].toolExecutionNotifications[0]).toMatchObject({
      locations: [{ physicalLocation: { artifactLocation: { uri: 'missing.yaml', uriBaseId: '%SRCROOT%' } } }],
    });
  });

  test('unreadable inputs become tool execution notifications', async () => {
    const result = await runCli(['audit', '--format', 'sarif', `${FIXTURES}/malformed.yaml`]);
    const log = JSON.parse(result.stdout) as SarifLog;
    expect(result.code).toBe(2);
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/malformed YAML/);
  });
});

describe('--format table, json, markdown', () => {
  test('table: aligned columns, score and summary', async () => {
    const { stdout } = await runCli(['audit', `${FIXTURES}/manifests/nested/Dockerfile`]);
    const lines = stdout.split('\n');
    const header = lines.find((l) => l.startsWith('STATUS'))!;
    const rows = lines.filter((l) => / KH-DKR-00\d /.test(l));
    expect(rows).toHaveLength(2);
    // Every row's columns start where the header's do.
    for (const column of ['RULE', 'LOCATION', 'OBJECT', 'MESSAGE']) {
      const at = header.indexOf(column);
      for (const row of rows) {
        expect(row[at - 1]).toBe(' ');
        expect(row[at]).not.toBe(' ');
      }
    }
    expect(stdout).toMatch(/^Score: \d+\/100 \(coverage 100%\)$/m);
    expect(stdout).toContain('Summary: 2 errors, 0 warnings, 0 info, 0 acknowledged, 0 unknown');
  });

  test('table and markdown: a run with unreadable input says its score is incomplete', async () => {
    // GIVEN a clean Dockerfile and a file that does not exist WHEN audited (exit 2)
    const args = [`${FIXTURES}/guide.Dockerfile`, 'does-not-exist.yaml'];
    const table = await runCli(['audit', ...args]);
    const markdown = await runCli(['audit', '--format', 'markdown', ...args]);
    // THEN the score of what was read is printed, marked incomplete
    expect(table.code).toBe(2);
    expect(table.stdout).toMatch(/^Score: 100\/100 \(coverage 100%; incomplete: 1 input unreadable\)$/m);
    expect(markdown.stdout).toMatch(/^\*\*Score: 100\/100 \(coverage 100%; incomplete: 1 input unreadable\)\*\*/m);
  });

  test('table, markdown and json: when nothing could be read there is no score and nothing reads as a pass', async () => {
    // GIVEN only a path that does not exist, given from a subdirectory as an absolute and a relative path
    const missing = [path.join(os.tmpdir(), 'kube-harden-nonexistent'), '../../../nonexistent'];
    const cwd = path.join(ROOT, 'test', 'cli');
    const table = await runCli(['audit', ...missing], { cwd });
    const markdown = await runCli(['audit', '--format', 'markdown', ...missing], { cwd });
    const json = JSON.parse((await runCli(['audit', '--format', 'json', ...missing], { cwd })).stdout);
    // THEN the run exits 2 and says it could not audit: no 'No findings.', no score
    expect(table.code).toBe(2);
    expect(table.stdout).toContain('Could not audit: 2 inputs unreadable, no score');
    expect(table.stdout).not.toMatch(/No findings|Score: /);
    expect(markdown.stdout).toContain('**Could not audit: 2 inputs unreadable, no score**');
    expect(markdown.stdout).not.toMatch(/No open findings|Score: /);
    expect(json.score).toBeNull();
    // and each path is echoed as it was given, not rewritten relative to the working directory
    expect(table.stderr).toContain(`kube-harden: ${missing[0]}: no such file or directory`);
    expect(table.stderr).toContain('kube-harden: ../../../nonexistent: no such file or directory');
  });

  test('json: stable key order and the same bytes on every run', async () => {
    const first = await runCli(['audit', '--format', 'json', ...INPUTS]);
    const second = await runCli(['audit', '--format', 'json', ...INPUTS]);
    expect(first.stdout).toBe(second.stdout);
    expect(Object.keys(JSON.parse(first.stdout))).toEqual(['tool', 'pack', 'score', 'coverage', 'areas', 'summary', 'inputs', 'problems', 'findings']);
  });

  test('markdown: score, findings table, acknowledged section', async () => {
    const { stdout, code } = await runCli(['audit', '--format', 'markdown', `${FIXTURES}/manifests/nested/Dockerfile`, `${FIXTURES}/acknowledged.Dockerfile`]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^# kube-harden audit$/m);
    expect(stdout).toMatch(/^\*\*Score: \d+\/100 \(coverage 100%\)\*\*/m);
    expect(stdout).toContain(`| error | KH-DKR-001 | ${FIXTURES}/manifests/nested/Dockerfile:1 | - | base image 'alpine:latest' uses the mutable tag 'latest' |`);
    expect(stdout).toContain('## Acknowledged');
    expect(stdout).toContain('distroless nonroot is rebuilt nightly; the tag is the pin |');
  });
});
