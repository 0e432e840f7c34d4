import { spawn, spawnSync } from 'child_process';
import { EventEmitter } from 'events';
import { readFileSync } from 'fs';
import * as path from 'path';
import { tempDir } from './run-cli';
import { closableOutput, LARGE_INPUT_CHARACTERS, processIo } from '../../lib/cli/io';

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

describe('a reader may close standard output early (kube-harden audit . | head)', () => {
  test('after EPIPE, writes are dropped and drain says the output is closed', async () => {
    const stream = new FakeOutput();
    const output = closableOutput(stream);
    output.write('a');
    const waiting = output.drain();
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    await expect(waiting).resolves.toBe(false);
    output.write('b');
    expect(stream.written).toEqual(['a']);
    // writes a destroyed stream refuses afterwards are the same closed pipe
    stream.emit('error', Object.assign(new Error('write after end'), { code: 'ERR_STREAM_DESTROYED' }));
    await expect(output.drain()).resolves.toBe(false);
  });

  test('any other write error fails the run', async () => {
    const stream = new FakeOutput();
    const output = closableOutput(stream);
    output.write('a');
    const waiting = output.drain();
    stream.emit('error', Object.assign(new Error('write ENOSPC'), { code: 'ENOSPC' }));
    await expect(waiting).rejects.toThrow('ENOSPC');
    stream.emit('drain');
    await expect(output.drain()).rejects.toThrow('ENOSPC');
  });

  test('drain resolves to true once the stream has drained', async () => {
    const stream = new FakeOutput();
    const output = closableOutput(stream);
    output.write('a');
    const waiting = output.drain();
    stream.writableNeedDrain = false;
    stream.emit('drain');
    await expect(waiting).resolves.toBe(true);
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
