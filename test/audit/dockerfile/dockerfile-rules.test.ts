import * as fs from 'fs';
import * as path from 'path';
import { checkDockerfile, DOCKERFILE_RULES, DockerfileRule } from '../../../lib/audit/dockerfile';
import { CONTROLS } from '../../../lib/core';

const FIXTURES = __dirname;
const MARKER = '# expect-finding';

/** Lines (1-based) that follow a `# expect-finding` comment. */
function expectedLines(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (line.trim() === MARKER ? [i + 2] : []));
}

function fixtures(rule: DockerfileRule, prefix: 'pass' | 'fail' | 'unknown'): string[] {
  const dir = path.join(FIXTURES, rule.id);
  return fs.readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith('.Dockerfile')).sort();
}

function linesFoundBy(rule: DockerfileRule, text: string): number[] {
  return [...new Set(checkDockerfile(text, [rule]).map((finding) => finding.line))].sort((a, b) => a - b);
}

describe.each(DOCKERFILE_RULES.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
  test('has pass and fail fixtures', () => {
    expect(fixtures(rule, 'pass').length).toBeGreaterThan(0);
    expect(fixtures(rule, 'fail').length).toBeGreaterThan(0);
  });

  test.each(fixtures(rule, 'pass'))('passes %s', (file) => {
    // GIVEN a compliant Dockerfile
    const text = fs.readFileSync(path.join(FIXTURES, rule.id, file), 'utf8');
    // THEN the rule finds nothing
    expect(checkDockerfile(text, [rule])).toEqual([]);
  });

  test.each(fixtures(rule, 'fail'))('fails %s at the marked lines', (file) => {
    // GIVEN a Dockerfile whose offending instructions follow a `# expect-finding` comment
    const text = fs.readFileSync(path.join(FIXTURES, rule.id, file), 'utf8');
    // THEN the rule reports exactly those lines
    expect(expectedLines(text).length).toBeGreaterThan(0);
    expect(linesFoundBy(rule, text)).toEqual(expectedLines(text));
    // and every one of them is a decided finding, not an unknown
    expect(checkDockerfile(text, [rule]).filter((f) => f.unknown === true)).toEqual([]);
  });

  const unknownFixtures = fixtures(rule, 'unknown');
  if (unknownFixtures.length > 0) {
    test.each(unknownFixtures)('cannot judge %s: unknown at the marked lines, nothing decided', (file) => {
      // GIVEN a Dockerfile whose marked instruction depends on a build ARG without a default
      const text = fs.readFileSync(path.join(FIXTURES, rule.id, file), 'utf8');
      // THEN the rule reports those lines as unknown (they count neither as a pass nor as a failure)
      const findings = checkDockerfile(text, [rule]);
      expect(findings.map((f) => f.line)).toEqual(expectedLines(text));
      expect(findings.every((f) => f.unknown === true)).toBe(true);
    });
  }
});

describe('Dockerfile rule registry', () => {
  test('covers every KH-DKR control exactly once, in id order, with matching metadata', () => {
    const controlIds = Object.keys(CONTROLS).filter((id) => id.startsWith('KH-DKR-'));
    expect(DOCKERFILE_RULES.map((rule) => rule.id)).toEqual(controlIds);
    for (const rule of DOCKERFILE_RULES) {
      expect(rule.title).toBe(CONTROLS[rule.id].title);
      expect(rule.area).toBe('dockerfile');
      expect(rule.remediation).toMatch(/\.$/);
    }
  });
});

describe('checkDockerfile', () => {
  test("the guide's example (multi-stage, FROM scratch, numeric non-root USER) has no finding", () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'guide-example.Dockerfile'), 'utf8');
    expect(checkDockerfile(text)).toEqual([]);
  });

  test('a naive single-stage Dockerfile is reported by several rules, sorted by line', () => {
    // GIVEN the classic copy-paste Dockerfile
    const text = [
      'FROM golang',
      'ENV API_TOKEN=s3cr3t',
      'ADD https://example.com/x.tgz /x',
      'RUN apt-get update && apt-get install -y git',
      'COPY . /src',
      'RUN go build -o /app /src',
      'CMD ["/app"]',
    ].join('\n');
    // WHEN it is audited
    const findings = checkDockerfile(text);
    // THEN each problem is named at its line
    expect(findings.map((f) => [f.rule.id, f.line])).toEqual([
      ['KH-DKR-001', 1],
      ['KH-DKR-002', 1],
      ['KH-DKR-007', 1],
      ['KH-DKR-006', 2],
      ['KH-DKR-005', 3],
      ['KH-DKR-004', 4],
      ['KH-DKR-004', 4],
    ]);
  });

  test.each([
    ['binary garbage', '\u0000\u0001\u0002\uFFFD\nFROM\n\u0007RUN'],
    ['an empty file', ''],
    ['only comments', '# nothing here\n'],
    ['an unterminated heredoc', 'FROM scratch\nRUN <<EOF\necho'],
  ])('never throws on %s', (_name, text) => {
    expect(() => checkDockerfile(text)).not.toThrow();
  });

  test('a rule that throws is itself a finding (fail closed)', () => {
    const broken: DockerfileRule = { ...DOCKERFILE_RULES[0], check: () => { throw new Error('boom'); } };
    expect(checkDockerfile('FROM scratch', [broken])).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('boom') }),
    ]);
  });
});
