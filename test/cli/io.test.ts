import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { LARGE_INPUT_CHARACTERS, processIo } from '../../lib/cli/io';

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
