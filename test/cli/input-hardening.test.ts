import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Readable } from 'stream';
import * as fc from 'fast-check';
import { auditJson, JsonAudit, runCli, tempDir } from './run-cli';
import { AuditRun, formatMarkdown, formatTable } from '../../lib/audit/format';
import { auditSources } from '../../lib/audit/input/audit-sources';
import { readBoundedStream } from '../../lib/cli/io';
import { invalidUtf8, readInput } from '../../lib/cli/read-input';

/** Issue 12 (CLI): hostile files and names. Nothing hangs, nothing is read unbounded, nothing is dropped silently. */

const pod = (name: string, privileged = false): string => [
  'apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, '  namespace: shop', 'spec:', '  containers:',
  '    - name: app', '      image: busybox:1.36.1', '      securityContext:', `        privileged: ${privileged}`, '',
].join('\n');
const noStdin = async (): Promise<string> => '';

describe('non-regular files: exit 2, the path named as given, never read', () => {
  test('a FIFO given on the command line or found in a directory is refused without blocking', async () => {
    const cwd = tempDir({ 'dir/ok.yaml': pod('ok') });
    execFileSync('mkfifo', [path.join(cwd, 'pipe.yaml'), path.join(cwd, 'dir', 'inner.yaml')]);
    const direct = await runCli(['audit', 'pipe.yaml'], { cwd });
    expect(direct.code).toBe(2);
    expect(direct.stderr).toContain('kube-harden: pipe.yaml: is a FIFO (named pipe): only regular files and directories are read');
    const walked = await auditJson(['dir'], { cwd });
    expect(walked.result.code).toBe(2);
    expect(walked.json.problems).toEqual([{ file: 'dir/inner.yaml', message: 'is a FIFO (named pipe): only regular files and directories are read' }]);
    expect(walked.json.inputs.objects).toBe(1);
  });

  test('/dev/zero and a socket are refused (character device, socket)', async () => {
    const cwd = tempDir({});
    const zero = await runCli(['audit', '/dev/zero'], { cwd });
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('kube-harden: /dev/zero: is a character device: only regular files and directories are read');
    const socketPath = path.join(cwd, 'sock.yaml');
    const server = net.createServer().listen(socketPath);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const socket = await runCli(['audit', 'sock.yaml'], { cwd });
      expect(socket.code).toBe(2);
      expect(socket.stderr).toContain('kube-harden: sock.yaml: is a socket');
    } finally {
      server.close();
    }
  });

  test('a missing path is echoed exactly as given, and the output never reads as a pass', async () => {
    const cwd = tempDir({});
    const result = await runCli(['audit', '../../../nonexistent'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('kube-harden: ../../../nonexistent: no such file or directory');
    expect(result.stdout).toContain('  ../../../nonexistent: no such file or directory');
    expect(result.stdout).not.toMatch(/No findings\.|Score: \d+\/100/);
    expect(result.stdout).toContain('Could not audit: 1 input unreadable, no score');
  });
});

describe('symbolic links inside directories', () => {
  test('a link to a file and a link to a directory are followed; a file reached twice is read once (noted)', async () => {
    const cwd = tempDir({ 'real/app.yaml': pod('app', true), 'elsewhere/more/db.yaml': pod('db', true) });
    fs.mkdirSync(path.join(cwd, 'in'));
    fs.symlinkSync(path.join(cwd, 'real', 'app.yaml'), path.join(cwd, 'in', 'app.yaml'));
    fs.symlinkSync(path.join(cwd, 'elsewhere', 'more'), path.join(cwd, 'in', 'more'));
    const input = await readInput(['in', 'real'], { cwd, readStdin: noStdin });
    expect(input.manifests.map((m) => `${m.location.file}#${m.object.metadata.name}`)).toEqual(['in/app.yaml#app', 'in/more/db.yaml#db']);
    expect(input.notes).toContainEqual({ file: 'real/app.yaml', message: 'same file as in/app.yaml (through a symbolic link): read once' });
    expect(input.problems).toEqual([]);
  });

  test('a link loop is noted and skipped, a broken link to a manifest is a problem', async () => {
    const cwd = tempDir({ 'in/sub/app.yaml': pod('app') });
    fs.symlinkSync('..', path.join(cwd, 'in', 'sub', 'up'));
    fs.symlinkSync('self', path.join(cwd, 'in', 'self'));
    fs.symlinkSync('gone.yaml', path.join(cwd, 'in', 'broken.yaml'));
    const input = await readInput(['in'], { cwd, readStdin: noStdin });
    expect(input.manifests).toHaveLength(1);
    expect(input.notes).toEqual(expect.arrayContaining([
      { file: 'in/sub/up', message: 'symbolic link to a directory that contains it (a loop): skipped' },
      { file: 'in/self', message: 'symbolic link loop: skipped' },
    ]));
    expect(input.problems).toEqual([{ file: 'in/broken.yaml', message: 'broken symbolic link (ENOENT)' }]);
  });
});

describe('entries that cannot be looked at', () => {
  test('a directory that can be listed but not searched (mode r--): each entry is a problem, the rest is read', async () => {
    // GIVEN a readable directory and one whose entries cannot be stat'ed, as when it has no search (x) permission;
    // the refusal is simulated, since root (as in CI) bypasses file permissions
    const cwd = tempDir({ 'ok/app.yaml': pod('app', true), 'locked/db.yaml': pod('db'), 'locked/deeper/x.yaml': pod('x'), 'locked/README.md': '# notes' });
    const locked = path.join(cwd, 'locked') + path.sep;
    // the module itself (this file's `fs` is a namespace object whose properties cannot be replaced)
    const nodeFs = jest.requireActual<typeof fs>('fs');
    const statSync = nodeFs.statSync;
    const spy = jest.spyOn(nodeFs, 'statSync').mockImplementation(((file: fs.PathLike, options?: fs.StatSyncOptions) => {
      if (String(file).startsWith(locked)) throw Object.assign(new Error(`EACCES: permission denied, stat '${String(file)}'`), { code: 'EACCES' });
      return statSync(file, options);
    }) as typeof fs.statSync);
    try {
      // WHEN both are audited
      const { result, json } = await auditJson(['ok', 'locked'], { cwd });
      // THEN each entry that would be read is a problem (exit 2), the README is not looked at, and the rest is audited
      expect(result.stderr).not.toContain('internal error');
      expect(json.problems).toEqual([
        { file: 'locked/db.yaml', message: 'cannot read: EACCES' },
        { file: 'locked/deeper', message: 'cannot read directory: EACCES' },
      ]);
      expect(json.findings.filter((f) => f.ruleId === 'KH-POD-003').map((f) => f.object?.name)).toEqual(['app']);
      expect(result.code).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('invalid UTF-8', () => {
  test('is a problem with the file, the line and the byte offset; nothing is replaced silently', async () => {
    const text = Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const cwd = tempDir({ 'latin1.yaml': text });
    const { result, json } = await auditJson(['latin1.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(json.problems).toEqual([{ file: 'latin1.yaml', line: 4, message: 'invalid UTF-8 at byte offset 52 (0xe9): not read (save the file as UTF-8)' }]);
    // standard input too
    const stdin = await readInput(['-'], { cwd, readStdin: async () => text });
    expect(stdin.problems).toEqual([expect.objectContaining({ file: '<stdin>', line: 4 })]);
  });

  test.each([
    ['valid multibyte text', Buffer.from('名前: ü ✓ 🚀'), undefined],
    ['a lone continuation byte', Buffer.from([0x61, 0x80]), { offset: 1, line: 1 }],
    ['a truncated 3-byte sequence', Buffer.from([0x0a, 0x0a, 0xe2, 0x9c]), { offset: 2, line: 3 }],
    ['an overlong encoding of /', Buffer.from([0x61, 0xc0, 0xaf]), { offset: 1, line: 1 }],
    ['an encoded surrogate', Buffer.from([0xed, 0xa0, 0x80]), { offset: 0, line: 1 }],
    ['a lone continuation byte after a valid sequence', Buffer.from([0xc3, 0xa9, 0x80]), { offset: 2, line: 1 }],
    ['a truncated sequence whose lead is that of U+FFFD', Buffer.from([0x61, 0xef, 0xbf]), { offset: 1, line: 1 }],
    ['a code point above U+10FFFF', Buffer.from([0x0a, 0xf4, 0x90, 0x80, 0x80]), { offset: 1, line: 2 }],
    // lines end as YAML ends them, and as a finding's line counts them: at LF, CRLF (one) and a lone CR
    ['a byte after CRLF and after a lone CR', Buffer.from([0x0d, 0x0a, 0x61, 0x0d, 0x80]), { offset: 4, line: 3 }],
  ])('invalidUtf8: %s', (_, bytes, expected) => {
    expect(invalidUtf8(bytes)).toEqual(expected);
  });
});

describe('deep nesting', () => {
  // JSON.parse nests as deep as the text does, and reading a value recurses once per level (`String` of an array,
  // js-yaml for its positions): 5000 levels overflowed the stack and ended the whole run with an internal error
  const deepArrays = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  const deepLabels = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"d","labels":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`;

  test.each([
    ['audit', '--format', 'json'], ['report', '--format', 'json'], ['reach', '--format', 'json'],
  ])('%s: a JSON file nested deeper than 1000 levels is a problem at its line; the other files are read', async (...command) => {
    const cwd = tempDir({ 'base.yaml': pod('base', true), 'arrays.json': deepArrays, 'labels.json': deepLabels });
    const result = await runCli([...command, 'arrays.json', 'base.yaml', 'labels.json'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('internal error');
    for (const file of ['arrays.json', 'labels.json']) {
      expect(result.stderr).toContain(`kube-harden: ${file}:1: malformed YAML/JSON document: nested deeper than 1000 levels`);
    }
    if (command[0] === 'audit') {
      const json = JSON.parse(result.stdout) as JsonAudit;
      expect(json.inputs.objects).toBe(1);
      const privileged = json.findings.find((f) => f.ruleId === 'KH-POD-003' && f.object?.name === 'base');
      expect(privileged?.location).toEqual({ file: 'base.yaml', line: 11, column: 9 });
    }
  });
});

describe('escaping what the input names', () => {
  // A name with a newline must not forge a line of the report (here: a fake clean score).
  const forged = [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: "x\\n\\nScore: 100/100\\nSummary: 0 errors\\u001b[2J"', 'spec:', '  containers:',
    '    - name: app', '      image: busybox:1.36.1', '      securityContext:', '        privileged: true', '',
  ].join('\n');

  test('table: control characters in object names are escaped; no forged line', async () => {
    const cwd = tempDir({ 'forged.yaml': forged });
    const result = await runCli(['audit', 'forged.yaml'], { cwd });
    const lines = result.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('Score:'))).toHaveLength(1);
    expect(lines.find((l) => l.startsWith('Score:'))).not.toBe('Score: 100/100');
    expect(result.stdout).toContain('x\\n\\nScore: 100/100\\nSummary: 0 errors\\u001b[2J');
    expect(result.stdout).not.toContain('\u001b');
  });

  test('markdown: HTML, links and table syntax in names are literal text', async () => {
    const name = '<img src=x onerror=alert(1)>[click](https://evil.example)|`code`';
    const cwd = tempDir({ 'html.yaml': pod(JSON.stringify(name), true) });
    const result = await runCli(['audit', '--format', 'markdown', 'html.yaml'], { cwd });
    expect(result.stdout).not.toContain('<img');
    expect(result.stdout).not.toMatch(/(?<!\\)\]\(https/);
    expect(result.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;\\[click\\](https://evil.example)\\|\\`code\\`');
    // every table row still has the header's number of cells
    const rows = result.stdout.split('\n').filter((l) => l.startsWith('| ') && l.includes('KH-'));
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe('| Severity | Rule | Location | Object | Message |'.split('|').length);
  });

  test('property: whatever the name, the table has the same lines and the markdown no raw HTML', () => {
    const runFor = (name: string): AuditRun => {
      const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36.1', securityContext: { privileged: true } }] } };
      const report = auditSources({ manifests: [{ object, location: { file: 'p.yaml', line: 1 } }], dockerfiles: [] });
      return { report, problems: [], objects: 1, dockerfiles: 0, version: 'test' };
    };
    const plainLines = formatTable(runFor('plain')).split('\n').length;
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
      const table = formatTable(runFor(name));
      expect(table.split('\n')).toHaveLength(plainLines);
      expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      const markdown = formatMarkdown(runFor(name));
      expect(markdown).not.toMatch(/[<>]/);
    }), { numRuns: 200 });
  });

  test('a file name with a newline is escaped in the table and on stderr', async () => {
    const cwd = tempDir({ 'in/a\nScore: 100\u0007.yaml': 'kind: [' });
    const result = await runCli(['audit', 'in'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('kube-harden: in/a\\nScore: 100\\u0007.yaml:1: malformed YAML/JSON document');
    expect(result.stdout.split('\n').some((l) => l.startsWith('Score: 100'))).toBe(false);
  });
});

describe('report says what it skips', () => {
  test('Dockerfiles and non-Kubernetes YAML are named in a note, not dropped silently', async () => {
    const cwd = tempDir({ 'in/app.yaml': pod('app'), 'in/Dockerfile': 'FROM scratch\n', 'in/tsconfig.json': '{}' });
    const result = await runCli(['report', 'in', '--format', 'json'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('kube-harden: note: in/Dockerfile: Dockerfile not mapped by the compliance report (audit it with kube-harden audit): skipped');
    expect(result.stderr).toContain('kube-harden: note: in/tsconfig.json: not Kubernetes YAML/JSON');
  });
});

describe('standard input is bounded', () => {
  test('an endless stream is cut off after the limit and the stream destroyed, not buffered whole', async () => {
    let destroyed = false;
    let sent = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        sent += 1024;
        yield Buffer.alloc(1024);
      }
    }
    const stream = Object.assign(endless(), { destroy: () => { destroyed = true; } });
    await expect(readBoundedStream(stream, 10_000)).rejects.toThrow('standard input is larger than 10000 bytes');
    expect(destroyed).toBe(true);
    expect(sent).toBeLessThanOrEqual(11 * 1024);
    await expect(readBoundedStream(Readable.from([Buffer.from('a: 1\n'), 'b: 2\n']), 100)).resolves.toEqual(Buffer.from('a: 1\nb: 2\n'));
  });

  test('a rejected stdin read is an input problem (exit 2), not a crash', async () => {
    const input = await readInput(['-'], { cwd: '/', readStdin: async () => { throw new Error('standard input is larger than 10 bytes'); } });
    expect(input.problems).toEqual([{ file: '<stdin>', message: 'cannot read: standard input is larger than 10 bytes' }]);
  });

  test('a directory on stdin (`audit - < dir`) is an input problem naming stdin, not empty input', () => {
    // GIVEN the process's standard input is a directory (Node makes it an empty stream, not a read error)
    const cwd = tempDir({ 'dir/pod.yaml': pod('web', true) });
    const main = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.ts');
    const script = `require(${JSON.stringify(main)}).run(['audit', '-', '--no-fail-if-no-objects', '-f', 'json']).then((code) => { process.exitCode = code; })`;
    const stdin = fs.openSync(path.join(cwd, 'dir'), 'r');
    try {
      // WHEN `kube-harden audit -` runs
      const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { stdio: [stdin, 'pipe', 'pipe'], encoding: 'utf8' });
      // THEN it cannot read stdin, as reading a directory fails (EISDIR): exit 2, whatever --no-fail-if-no-objects says
      expect(run.stderr).toBe('kube-harden: <stdin>: cannot read: EISDIR\n');
      expect((JSON.parse(run.stdout) as JsonAudit).problems).toEqual([{ file: '<stdin>', message: 'cannot read: EISDIR' }]);
      expect(run.status).toBe(2);
    } finally {
      fs.closeSync(stdin);
    }
  }, 60_000);
});
