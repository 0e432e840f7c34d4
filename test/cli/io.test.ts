import { spawn, spawnSync } from 'child_process';
import { EventEmitter } from 'events';
import { openSync, readFileSync } from 'fs';
import * as path from 'path';
import { tempDir } from './run-cli';
import { CommandContext } from '../../lib/cli/command';
import { closableOutput, LARGE_INPUT_CHARACTERS, OutputError, processIo } from '../../lib/cli/io';
import { run as runCli } from '../../lib/cli/main';
import { emitChunks } from '../../lib/cli/settings';

describe('the process CLI bounds the heap of large inputs', () => {
  test('processIo totals what a run reads, over every input, for the heap bound', () => {
    const told: number[] = [];
    const io = processIo((total) => told.push(total));
    io.reading!(10);
    io.reading!(LARGE_INPUT_CHARACTERS);
    expect(told).toEqual([10, 10 + LARGE_INPUT_CHARACTERS]);
    // a second run starts from nothing
    processIo((total) => told.push(total)).reading!(5);
    expect(told[2]).toBe(5);
  });

  test('the V8 flag is known to this Node: setting it writes nothing to stderr', () => {
    // A V8 without `--heap-growing-percent` prints `Error: unrecognized flag` on every large audit; CI runs this suite
    // on each Node version users run (24 and 22).
    const io = path.join(__dirname, '..', '..', 'lib', 'cli', 'io.ts');
    const script = `require(${JSON.stringify(io)}).boundHeapGrowth(${LARGE_INPUT_CHARACTERS}); console.log('set')`;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: 'set\n', stderr: '' });
  });

  test("the README's memory paragraph gives the threshold the code uses", () => {
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(`From ${LARGE_INPUT_CHARACTERS / (1024 * 1024)} MiB of input on`);
  });
});

/** A stream that needs draining after every write, and takes errors from the test. */
class FakeOutput extends EventEmitter {
  public readonly written: string[] = [];
  public writableNeedDrain = false;
  write(text: string): boolean {
    this.written.push(text);
    this.writableNeedDrain = true;
    return false;
  }
}

/** An output that wrote 'a' and waits to drain when its stream emits a write error with `code`. */
function failedWrite(code: string) {
  const stream = new FakeOutput();
  const output = closableOutput(stream);
  output.write('a');
  const waiting = output.drain();
  stream.emit('error', Object.assign(new Error(`write ${code}`), { code }));
  return { stream, output, waiting };
}

describe('a reader may close standard output early (kube-harden audit . | head)', () => {
  test('after EPIPE, writes are dropped and drain says the output is closed', async () => {
    const { stream, output, waiting } = failedWrite('EPIPE');
    await expect(waiting).resolves.toBe(false);
    output.write('b');
    expect(stream.written).toEqual(['a']);
    // writes a destroyed stream refuses afterwards are the same closed pipe
    stream.emit('error', Object.assign(new Error('write after end'), { code: 'ERR_STREAM_DESTROYED' }));
    await expect(output.drain()).resolves.toBe(false);
  });

  test('any other write error fails the run', async () => {
    const { stream, output, waiting } = failedWrite('ENOSPC');
    await expect(waiting).rejects.toThrow('ENOSPC');
    stream.emit('drain');
    await expect(output.drain()).rejects.toThrow('ENOSPC');
  });

  test('drain resolves to true once the stream has drained, and leaves no listener behind', async () => {
    const stream = new FakeOutput();
    const output = closableOutput(stream);
    const listeners = () => ['drain', 'error', 'close'].map((event) => stream.listenerCount(event));
    const before = listeners();
    output.write('a');
    const waiting = output.drain();
    stream.writableNeedDrain = false;
    stream.emit('drain');
    await expect(waiting).resolves.toBe(true);
    expect(listeners()).toEqual(before);
  });

  test('a write error after the last drain still fails the run: finish rejects with it', async () => {
    const stream = new FakeOutput();
    stream.write = (text: string, callback?: (error?: Error | null) => void) => {
      stream.written.push(text);
      // as a full disk answers: the write's callback gets the error, then the stream emits it
      if (callback) callback(Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }));
      return true;
    };
    const output = closableOutput(stream);
    output.write('the whole report, one block');
    await expect(output.finish()).rejects.toThrow('cannot write standard output: ENOSPC');
  });

  test('emitChunks stops making the output once the reader has closed it', async () => {
    let made = 0;
    function* chunks(): Generator<string> {
      for (let i = 0; i < 10_000; i++) {
        made++;
        yield 'x'.repeat(1024);
      }
    }
    const written: string[] = [];
    const context = {
      io: { cwd: '/', stdout: (text: string) => written.push(text), stderr: () => undefined, readStdin: async () => '', drain: async () => false },
      version: 'test',
      exit: () => undefined,
    } as unknown as CommandContext;
    await emitChunks(chunks(), undefined, context);
    expect(written.length).toBe(1);
    // one block of about 64 KiB was made, not the 10 MiB of the whole output
    expect(made).toBeLessThan(100);
  });

  test('a write error a command meets is said once, with or without finish', async () => {
    const full = new OutputError(Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }));
    const dir = tempDir({ 'pod.yaml': JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }) });
    for (const finish of [undefined, () => Promise.reject(full)]) {
      const stderr: string[] = [];
      const io = { cwd: dir, stdout: () => undefined, stderr: (text: string) => stderr.push(text), readStdin: async () => '', drain: () => Promise.reject(full), finish };
      // the audit's report goes through drain, which meets the full disk
      expect(await runCli(['audit', 'pod.yaml'], io)).toBe(2);
      expect(stderr).toEqual(['kube-harden: cannot write standard output: ENOSPC\n']);
    }
  });

  test('a full disk on standard output fails the command with one message, however short its output', () => {
    // `rules` writes one block: the error arrives after the last write (it exited 0, its output lost)
    const main = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.ts');
    const script = `require(${JSON.stringify(main)}).run(['rules']).then((code) => { process.exitCode = code; })`;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
      stdio: ['ignore', openSync('/dev/full', 'w'), 'pipe'], encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: 'kube-harden: cannot write standard output: ENOSPC\n' });
  });

  test('the command ends quietly, with the exit code of its findings, when its reader stops reading', async () => {
    // 400 root-capable Pods: a JSON report of megabytes, far more than a pipe holds
    const pods = Array.from({ length: 400 }, (_, i) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}` }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }));
    const dir = tempDir({ 'pods.yaml': pods.join('\n---\n') });
    const main = path.join(__dirname, '..', '..', 'lib', 'cli', 'main.ts');
    const args = JSON.stringify(['audit', path.join(dir, 'pods.yaml'), '-f', 'json']);
    const script = `require(${JSON.stringify(main)}).run(${args}).then((code) => { process.exitCode = code; })`;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => { stderr += data.toString(); });
    let first = '';
    child.stdout.once('data', (data: Buffer) => {
      first = data.toString();
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first.startsWith('{')).toBe(true);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
  }, 60_000);
});
