import * as fs from 'fs';
import * as path from 'path';
import { auditJson, runCli, tempDir } from './run-cli';
import { packById } from '../../lib/audit/packs/registry';

/**
 * Issue 13: the conventions of kube-linter (`.kube-linter.yaml`, `--config`, `--fail-if-no-objects-found`) and Polaris
 * (config file, exemptions): `.kube-harden.yaml` found from the working directory upward, `--config`, `--exclude`,
 * `--output`.
 */

const pod = (name: string, image = 'busybox:1.36.1'): string => [
  'apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, '  namespace: shop', 'spec:', '  containers:',
  '    - name: app', `      image: ${image}`, '      securityContext:', '        privileged: true', '',
].join('\n');

describe('.kube-harden.yaml', () => {
  const config = [
    'failOn: never',
    'allowedRegistries: [registry.example.com]',
    'ignore:',
    '  - rule: KH-IMG-003',
    '    reason: images are pinned by the release pipeline',
    '',
  ].join('\n');

  test('is found from the working directory upward; its settings and ignores (with reasons, noted) apply', async () => {
    const root = tempDir({ '.kube-harden.yaml': config, 'app/k8s/pod.yaml': pod('web'), 'app/vendor/x.yaml': pod('vendored') });
    const cwd = path.join(root, 'app');
    const { result, json } = await auditJson(['.'], { cwd });
    // failOn: never -> exit 0 despite errors
    expect(result.code).toBe(0);
    expect(json.inputs.objects).toBe(2);
    expect(json.findings.some((f) => f.ruleId === 'KH-IMG-003')).toBe(false);
    // allowedRegistries makes KH-IMG-004 run
    expect(json.findings.some((f) => f.ruleId === 'KH-IMG-004')).toBe(true);
    expect(result.stderr).toContain('kube-harden: note: ../.kube-harden.yaml: ignores KH-IMG-003: images are pinned by the release pipeline');
  });

  test('exclude globs are relative to the config file directory', async () => {
    const root = tempDir({ '.kube-harden.yml': 'exclude: ["app/vendor/**"]\n', 'app/k8s/pod.yaml': pod('web'), 'app/vendor/x.yaml': pod('vendored') });
    const { result, json } = await auditJson(['.'], { cwd: path.join(root, 'app') });
    expect(json.inputs.objects).toBe(1);
    expect(result.stderr).toContain('1 path excluded by --exclude or the config file');
  });

  test('command-line options win over the config; --ignore adds to its ignores', async () => {
    const root = tempDir({ '.kube-harden.yaml': config, 'pod.yaml': pod('web') });
    const { result, json } = await auditJson(['--fail-on', 'error', '--ignore', 'KH-IMG-005', 'pod.yaml'], { cwd: root });
    expect(result.code).toBe(1);
    expect(json.findings.map((f) => f.ruleId)).not.toEqual(expect.arrayContaining(['KH-IMG-003']));
    expect(json.findings.map((f) => f.ruleId)).not.toEqual(expect.arrayContaining(['KH-IMG-005']));
  });

  test('minScore and pack from the config', async () => {
    const root = tempDir({ '.kube-harden.yaml': 'pack: pss-baseline\nminScore: 100\nfailOn: never\n', 'pod.yaml': pod('web') });
    const { result, json } = await auditJson(['pod.yaml'], { cwd: root });
    const baseline = new Set<string>(packById('pss-baseline')!.rules);
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.filter((f) => !baseline.has(f.ruleId))).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/score \d+ is below --min-score 100/);
  });

  test.each([
    ['an unknown key, at its line', 'failOn: error\nfailon: warning\n', /^kube-harden: \.kube-harden\.yaml:2: failon: unknown setting \(known: pack, failOn, minScore/m],
    ['a wrong enum value', 'failOn: sometimes\n', /\.kube-harden\.yaml:1: failOn: must be one of error, warning, never/],
    ['a blank reason', 'ignore:\n  - rule: KH-IMG-003\n    reason: "  "\n', /\.kube-harden\.yaml:3: ignore\[0\]\.reason: a reason must not be blank/],
    ['a missing reason', 'ignore:\n  - rule: KH-IMG-003\n', /\.kube-harden\.yaml:2: ignore\[0\]: must have required property 'reason'/],
    ['a string where a list belongs', 'exclude: vendor/**\n', /\.kube-harden\.yaml:1: exclude: must be array/],
    ['a score out of range', 'minScore: 101\n', /\.kube-harden\.yaml:1: minScore: must be <= 100/],
    ['malformed YAML', 'failOn: [\n', /\.kube-harden\.yaml:\d+: /],
    ['a duplicate key', 'failOn: error\nfailOn: never\n', /\.kube-harden\.yaml:2: Map keys must be unique/],
    ['an unknown rule id', 'ignore:\n  - rule: KH-NOPE-001\n    reason: typo\n', /\.kube-harden\.yaml:2: ignore\[0\]\.rule: unknown rule id 'KH-NOPE-001'/],
    ['an unknown pack', 'pack: strictest\n', /\.kube-harden\.yaml:1: pack: unknown rule pack 'strictest'/],
  ])('is validated with a schema: %s is a usage error with file:line (exit 2)', async (_, text, expected) => {
    const root = tempDir({ '.kube-harden.yaml': text, 'pod.yaml': pod('web') });
    const result = await runCli(['audit', 'pod.yaml'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(expected);
  });

  test('every problem of the file at once', async () => {
    const root = tempDir({ '.kube-harden.yaml': 'failOn: sometimes\nminScore: -1\nextra: 1\n', 'pod.yaml': pod('web') });
    const result = await runCli(['audit', 'pod.yaml'], { cwd: root });
    expect(result.stderr.match(/\.kube-harden\.yaml:\d+:/g)).toHaveLength(3);
  });

  test('an alias bomb is a problem of the file (exit 2, no internal error)', async () => {
    const levels = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) levels.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    const root = tempDir({ '.kube-harden.yaml': `${levels.join('\n')}\n`, 'pod.yaml': pod('web') });
    const result = await runCli(['audit', 'pod.yaml'], { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('kube-harden: .kube-harden.yaml: Excessive alias count indicates a resource exhaustion attack (at most 100 aliases are expanded)\n');
  });

  test('a file that cannot be read is a problem of the file (exit 2, no internal error)', async () => {
    const root = tempDir({ '.kube-harden.yaml': 'failOn: never\n', 'pod.yaml': pod('web') });
    const refused = path.join(root, '.kube-harden.yaml');
    // root (as in CI) reads any file, so the refusal is simulated; on the module itself, as this file's `fs` is a
    // namespace object whose properties cannot be replaced
    const nodeFs = jest.requireActual<typeof fs>('fs');
    const readFileSync = nodeFs.readFileSync;
    const spy = jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
      if (file === refused) throw Object.assign(new Error(`EACCES: permission denied, open '${refused}'`), { code: 'EACCES' });
      return readFileSync(file, options as BufferEncoding);
    }) as typeof fs.readFileSync);
    try {
      const result = await runCli(['audit', 'pod.yaml'], { cwd: root });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('kube-harden: .kube-harden.yaml: cannot read the config file: EACCES\n');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('--config, --exclude, --output', () => {
  test('--config names the file (found files are then not used); a missing one is exit 2', async () => {
    const root = tempDir({ '.kube-harden.yaml': 'failOn: never\n', 'ci/strict.yaml': 'failOn: warning\n', 'pod.yaml': pod('web') });
    expect((await runCli(['audit', 'pod.yaml'], { cwd: root })).code).toBe(0);
    expect((await runCli(['audit', '--config', 'ci/strict.yaml', 'pod.yaml'], { cwd: root })).code).toBe(1);
    const missing = await runCli(['audit', '--config', 'nope.yaml', 'pod.yaml'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--config: nope.yaml: no such file');
  });

  test('--config on a file that cannot be looked at says why, not "no such file" (exit 2)', async () => {
    // GIVEN a config file under a directory without search (x) permission: stat fails with EACCES. Root (as in CI)
    // bypasses file permissions, so the refusal is simulated, on the module itself (this file's `fs` is a namespace
    // object whose properties cannot be replaced)
    const root = tempDir({ 'locked/strict.yaml': 'failOn: warning\n', 'pod.yaml': pod('web') });
    const refused = path.join(root, 'locked', 'strict.yaml');
    const nodeFs = jest.requireActual<typeof fs>('fs');
    const statSync = nodeFs.statSync;
    const spy = jest.spyOn(nodeFs, 'statSync').mockImplementation(((file: fs.PathLike, options?: fs.StatSyncOptions) => {
      if (String(file) === refused) throw Object.assign(new Error(`EACCES: permission denied, stat '${refused}'`), { code: 'EACCES' });
      return statSync(file, options);
    }) as typeof fs.statSync);
    try {
      // WHEN it is given with --config
      const result = await runCli(['audit', '--config', 'locked/strict.yaml', 'pod.yaml'], { cwd: root });
      // THEN the run stops with the reason, naming the file as given
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('kube-harden: --config: locked/strict.yaml: cannot read the config file: EACCES\n');
    } finally {
      spy.mockRestore();
    }
    // a path through a regular file (ENOTDIR) is not there, as a missing one
    const through = await runCli(['audit', '--config', 'pod.yaml/strict.yaml', 'pod.yaml'], { cwd: root });
    expect([through.code, through.stderr]).toEqual([2, 'kube-harden: --config: pod.yaml/strict.yaml: no such file\n']);
  });

  test('--exclude (repeatable) skips matching files and directories, and says how many', async () => {
    const root = tempDir({ 'a/pod.yaml': pod('a'), 'b/pod.yaml': pod('b'), 'c/skip.generated.yaml': pod('c') });
    const { result, json } = await auditJson(['--exclude', 'b', '--exclude', '*.generated.yaml', '.'], { cwd: root });
    expect(json.findings.map((f) => f.object?.name)).not.toContain('b');
    expect(json.inputs.objects).toBe(1);
    expect(result.stderr).toContain('2 paths excluded by --exclude or the config file');
  });

  test('--output writes the report to a file and nothing to stdout', async () => {
    const root = tempDir({ 'pod.yaml': pod('web') });
    const result = await runCli(['audit', '--format', 'sarif', '--output', 'out.sarif', 'pod.yaml'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(path.join(root, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    const unwritable = await runCli(['audit', '--output', 'no/such/dir/out.txt', 'pod.yaml'], { cwd: root });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('--output: cannot write no/such/dir/out.txt: ENOENT');
  });

  test('notes are in the table output (once); with JSON or --output they go to stderr', async () => {
    const root = tempDir({ 'in/pod.yaml': pod('web'), 'in/tsconfig.json': '{}' });
    const table = await runCli(['audit', 'in'], { cwd: root });
    expect(table.stdout).toContain('Notes (skipped on purpose):\n  in/tsconfig.json: not Kubernetes YAML/JSON');
    expect(table.stderr).not.toContain('note:');
    const written = await runCli(['audit', '--output', 'out.txt', 'in'], { cwd: root });
    expect(written.stderr).toContain('kube-harden: note: in/tsconfig.json: not Kubernetes YAML/JSON');
  });

  test('the examples directory audits with its non-Kubernetes YAML skipped (not 7 input problems)', async () => {
    const root = path.resolve(__dirname, '..', '..');
    const result = await runCli(['audit', '--format', 'json', 'examples/'], { cwd: root });
    expect(JSON.parse(result.stdout).problems).toEqual([]);
    expect(result.stderr).toContain('kube-harden: note: examples/cdk8s-payment-platform/cdk8s.yaml: not Kubernetes YAML/JSON');
  });
});
