import * as fs from 'fs';
import * as path from 'path';
import { auditJson, FIXTURES, runCli, tempDir } from './run-cli';

const fixture = (name: string): string => `${FIXTURES}/${name}`;

describe('kube-harden audit: exit codes', () => {
  test('0: a clean input (the guide Dockerfile)', async () => {
    const result = await runCli(['audit', fixture('guide.Dockerfile')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No findings.');
    expect(result.stdout).toContain('Score: 100/100');
  });

  test('1: an error finding at the default threshold (error)', async () => {
    const result = await runCli(['audit', fixture('manifests/privileged-deployment.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/error\s+KH-POD-003\s+test\/cli\/fixtures\/manifests\/privileged-deployment\.yaml:19\s+Deployment shop\/web/);
  });

  test('--fail-on: warnings fail only at warning; never always passes', async () => {
    const warningsOnly = fixture('warnings-only.Dockerfile');
    expect((await runCli(['audit', warningsOnly])).code).toBe(0);
    expect((await runCli(['audit', '--fail-on', 'warning', warningsOnly])).code).toBe(1);
    expect((await runCli(['audit', '--fail-on', 'never', fixture('manifests/privileged-deployment.yaml')])).code).toBe(0);
  });

  test('--min-score: a score below it exits 1 and says why', async () => {
    const warningsOnly = fixture('warnings-only.Dockerfile');
    const { json } = await auditJson([warningsOnly]);
    expect(json.score).toBeLessThan(100);
    expect((await runCli(['audit', '--min-score', String(json.score), warningsOnly])).code).toBe(0);
    const below = await runCli(['audit', '--min-score', String(json.score + 1), warningsOnly]);
    expect(below.code).toBe(1);
    expect(below.stderr).toContain(`score ${json.score} is below --min-score ${json.score + 1}`);
  });

  test('--ignore removes a rule (repeatable and comma-separated)', async () => {
    const file = fixture('manifests/nested/Dockerfile');
    const { json: all } = await auditJson([file]);
    expect(all.findings.map((f) => f.ruleId)).toEqual(['KH-DKR-001', 'KH-DKR-002']);
    const { result, json } = await auditJson(['--ignore', 'KH-DKR-001', '--ignore', 'KH-DKR-002,KH-POD-001', file]);
    expect(json.findings).toEqual([]);
    expect(result.code).toBe(0);
  });

  test('--allowed-registry (repeatable) makes KH-IMG-004 check images; without it the rule runs no check', async () => {
    // GIVEN a Deployment whose image comes from Docker Hub
    const file = fixture('manifests/privileged-deployment.yaml');
    // WHEN it is audited without and with an allow-list
    const { json: none } = await auditJson([file]);
    const { result, json } = await auditJson(['--allowed-registry', 'registry.example.com', '--allowed-registry', 'ghcr.io/shop', file]);
    // THEN without a list the rule is not applicable (no finding and no passing check); with one it fires
    expect(none.findings.map((f) => f.ruleId)).not.toContain('KH-IMG-004');
    expect(json.inputs.checks).toBe(none.inputs.checks + 1);
    expect(json.findings.filter((f) => f.ruleId === 'KH-IMG-004').map((f) => f.message)).toEqual([
      expect.stringContaining('not in the allow-list (registry.example.com, ghcr.io/shop)'),
    ]);
    expect(result.code).toBe(1);
  });

  test.each([
    ['an unknown rule id in --ignore', ['audit', '--ignore', 'KH-NOPE-999', 'x.yaml'], /unknown rule id 'KH-NOPE-999'/],
    ['a rule id the pack does not run in --ignore', ['audit', '--pack', 'pss-baseline', '--ignore', 'KH-WKL-004', 'x.yaml'], /unknown rule id 'KH-WKL-004' in pack 'pss-baseline'/],
    ['an unknown option', ['audit', '--frobnicate', 'x.yaml'], /unknown option '--frobnicate'/],
    ['a bad --format', ['audit', '--format', 'xml', 'x.yaml'], /Allowed choices are table, json, sarif, markdown/],
    ['a bad --fail-on', ['audit', '--fail-on', 'info', 'x.yaml'], /Allowed choices are error, warning, never/],
    ['a bad --min-score', ['audit', '--min-score', '101', 'x.yaml'], /integer from 0 to 100/],
    ['no path', ['audit'], /missing required argument 'paths'/],
    ['no command', [], /Usage: kube-harden/],
    ['an unknown command', ['scan'], /unknown command 'scan'/],
  ])('2: %s', async (_name, args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  test('2: a missing file is reported, and the other inputs are still audited', async () => {
    const { result, json } = await auditJson(['does-not-exist.yaml', fixture('manifests/nested/Dockerfile')]);
    expect(result.code).toBe(2);
    expect(json.problems).toEqual([{ file: 'does-not-exist.yaml', message: 'no such file or directory' }]);
    expect(json.findings.length).toBeGreaterThan(0);
    expect(result.stderr).toContain('does-not-exist.yaml: no such file or directory');
  });

  test('--help and --version exit 0', async () => {
    const help = await runCli(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--fail-on <severity>');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('kube-harden audit: inputs', () => {
  test('malformed YAML: file and line are reported, the other documents and files are still audited', async () => {
    const { result, json } = await auditJson([fixture('malformed.yaml'), fixture('manifests/privileged-deployment.yaml')]);
    expect(result.code).toBe(2);
    expect(json.problems).toEqual([expect.objectContaining({ file: fixture('malformed.yaml'), line: 10 })]);
    expect(result.stderr).toMatch(/test\/cli\/fixtures\/malformed\.yaml:10: malformed YAML\/JSON document/);
    // The documents before and after the broken one are audited, and so is the other file.
    expect(json.inputs.objects).toBe(3);
    expect(json.findings).toContainEqual(expect.objectContaining({
      ruleId: 'KH-POD-002', object: expect.objectContaining({ kind: 'Pod', name: 'after' }), location: { file: fixture('malformed.yaml'), line: 18, column: 3 },
    }));
    expect(json.findings.some((f) => f.object?.name === 'web')).toBe(true);
  });

  test('binary garbage is an unreadable input (exit 2) named with the first invalid byte, not a crash', async () => {
    const dir = tempDir({ 'garbage.yaml': Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x37, 0x00, 0x80, 0x81, 0x0a, 0x00]) });
    const { result, json } = await auditJson([path.join(dir, 'garbage.yaml')], { cwd: dir });
    expect(result.code).toBe(2);
    expect(json.problems).toEqual([{ file: 'garbage.yaml', line: 1, message: 'invalid UTF-8 at byte offset 1 (0xff): not read (save the file as UTF-8)' }]);
  });

  // One semantics for "nothing to audit", whatever the input looks like: exit 2 by default (a synth that wrote
  // nothing must not pass), exit 0 with --no-fail-if-no-objects; the input is always named in a note.
  test.each([
    ['an empty file', 'in.yaml', { 'in.yaml': '' }],
    ['a file of comments and empty documents', 'in.yaml', { 'in.yaml': '# nothing\n---\n---\n' }],
    ['an empty directory', 'in', {}],
    ['a directory without auditable files', 'in', { 'in/README.md': '# nothing to audit' }],
    ['a directory of non-Kubernetes YAML', 'in', { 'in/tsconfig.json': '{"compilerOptions": {}}', 'in/Chart.yaml': 'name: x\nversion: 1.0.0\n' }],
  ])('%s: nothing audited, exit 2, and exit 0 with --no-fail-if-no-objects', async (_, arg, files: Record<string, string>) => {
    const cwd = tempDir(files);
    if (arg === 'in') fs.mkdirSync(path.join(cwd, 'in'), { recursive: true });
    const { result, json } = await auditJson([arg], { cwd });
    expect(result.code).toBe(2);
    expect(json.problems).toEqual([]);
    expect(json.inputs).toEqual({ objects: 0, dockerfiles: 0, checks: 0 });
    expect((json as unknown as { score: number | null }).score).toBeNull();
    expect(result.stderr).toMatch(/note: in(\.yaml)?: no Kubernetes object and no Dockerfile in it \(empty input\)/);
    expect(result.stderr).toMatch(/nothing was audited: no Kubernetes object or Dockerfile in in/);
    const table = await runCli(['audit', '--no-fail-if-no-objects', arg], { cwd });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Nothing was audited');
    expect(table.stdout).not.toMatch(/No findings\.|Score: \d+\/100/);
  });

  test('a 5 MB file is audited', async () => {
    // GIVEN a 5 MB manifest: a large ConfigMap and a privileged Pod after it
    const blob = Array.from({ length: 62_000 }, (_, i) => `    line ${i} ${'x'.repeat(70)}`).join('\n');
    const big = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: |\n', blob, '\n---\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: tail\nspec:\n  containers:\n    - name: app\n      image: busybox:1.36.1\n      securityContext:\n        privileged: true\n',
    ].join('');
    expect(big.length).toBeGreaterThan(5 * 1024 * 1024);
    const dir = tempDir({ 'big.yaml': big });
    // WHEN it is audited
    const { result, json } = await auditJson(['big.yaml'], { cwd: dir });
    // THEN both objects are read, and the Pod's finding points at its field's line
    expect(json.inputs.objects).toBe(2);
    expect(result.code).toBe(1);
    expect(json.findings).toContainEqual(expect.objectContaining({ ruleId: 'KH-POD-003', location: { file: 'big.yaml', line: 62_017, column: 9 } }));
  });

  test('stdin (-): manifests', async () => {
    const stdin = fs.readFileSync(path.join(__dirname, 'fixtures/manifests/privileged-deployment.yaml'), 'utf8');
    const { result, json } = await auditJson(['-'], { stdin });
    expect(result.code).toBe(1);
    expect(json.findings).toContainEqual(expect.objectContaining({ ruleId: 'KH-POD-003', location: { file: '<stdin>', line: 19, column: 13 } }));
  });

  test('stdin (-): a Dockerfile is recognised by its first instruction', async () => {
    const { json } = await auditJson(['-'], { stdin: '# build\nFROM alpine:latest\n' });
    expect(json.inputs.dockerfiles).toBe(1);
    expect(json.findings).toContainEqual(expect.objectContaining({ ruleId: 'KH-DKR-001', location: { file: '<stdin>', line: 2 } }));
  });

  test('directories are walked recursively in sorted order: YAML, JSON and Dockerfiles by name only', async () => {
    const { json } = await auditJson([fixture('manifests')]);
    expect(json.inputs).toEqual(expect.objectContaining({ objects: 3, dockerfiles: 1 }));
    const files = [...new Set(json.findings.map((f) => f.location?.file))].sort();
    expect(files).toEqual([
      fixture('manifests/nested/Dockerfile'),
      fixture('manifests/nested/list.json'),
      fixture('manifests/privileged-deployment.yaml'),
    ]);
    // Same input, same bytes.
    expect((await runCli(['audit', '--format', 'json', fixture('manifests')])).stdout).toBe(JSON.stringify(json, null, 2) + '\n');
  });

  test('JSON List items are flattened, each located at its own line, findings at their field', async () => {
    const { json } = await auditJson([fixture('manifests/nested/list.json')]);
    expect(json.inputs.objects).toBe(2);
    expect(json.findings).toContainEqual(expect.objectContaining({
      ruleId: 'KH-POD-002', object: expect.objectContaining({ kind: 'Pod', name: 'debug' }), location: { file: fixture('manifests/nested/list.json'), line: 15, column: 17 },
    }));
  });

  test('Helm template output: `# Source:` comments and empty documents are handled', async () => {
    const { result, json } = await auditJson([fixture('helm-output.yaml')]);
    expect(json.problems).toEqual([]);
    expect(json.inputs.objects).toBe(2);
    expect(result.code).toBe(1);
    expect(json.findings).toContainEqual(expect.objectContaining({
      ruleId: 'KH-POD-002', location: { file: fixture('helm-output.yaml'), line: 17, column: 3 },
    }));
  });

  test('a Dockerfile acknowledgement comment keeps the finding visible but not counted', async () => {
    const { result, json } = await auditJson([fixture('acknowledged.Dockerfile')]);
    expect(result.code).toBe(0);
    expect(json.findings).toEqual([expect.objectContaining({
      ruleId: 'KH-DKR-001', acknowledged: { reason: 'distroless nonroot is rebuilt nightly; the tag is the pin' },
    })]);
    expect(json.summary).toEqual(expect.objectContaining({ error: 0, warning: 0, acknowledged: 1 }));
    expect(json.score).toBe(100);
  });

  test('a string where a list belongs is unknown, located at the field, never "No findings" at full coverage', async () => {
    const dir = tempDir({
      'capstr.yaml': [
        'apiVersion: v1', 'kind: Pod', 'metadata: {name: cap}', 'spec:',
        '  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}', '  containers:', '  - name: c', '    image: nginx:1',
        '    securityContext:', '      allowPrivilegeEscalation: false', '      capabilities:', '        add: SYS_ADMIN', '        drop: [ALL]', '',
      ].join('\n'),
    });
    const result = await runCli(['audit', 'capstr.yaml', '--pack', 'pss-baseline'], { cwd: dir });
    expect(result.stdout).not.toContain('No findings.');
    expect(result.stdout).toMatch(/unknown\s+KH-POD-004\s+capstr\.yaml:12\s+Pod cap\s+spec\.containers\[0\]\.securityContext\.capabilities\.add is a string, not a list/);
    expect(result.stdout).toContain('Score: 100/100 (coverage 91%: 1 of 12 checks unknown)');
  });
});
