/**
 * Fresh-process rounds (see `measure.ts`): a command run in a new `node` process, as users run it, with
 * `usage-reporter.ts` preloaded to report the process's own CPU time and peak RSS.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Readable } from 'node:stream';

/** How much of the output's start `runFreshProcess` keeps. */
const HEAD_BYTES = 64 * 1024;

/** What a fresh process did. */
export interface FreshProcessRun {
  /** Bytes it wrote to stdout. */
  readonly outputBytes: number;
  /** The first 64 KiB of its stdout, as UTF-8. */
  readonly head: string;
  /** Its CPU milliseconds (user + system, from its start). */
  readonly processCpuMs: number;
  /** Its peak RSS, MiB. */
  readonly processMaxRssMiB: number;
}

/**
 * Runs `node <args>` in a fresh process, its stdout read through a pipe (as a shell pipeline would), and returns what
 * it wrote and used. Rejects unless it exits 0, with the start of its stderr.
 */
export function runFreshProcess(args: readonly string[]): Promise<FreshProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', path.join(__dirname, 'usage-reporter.js'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let outputBytes = 0;
    let head = '';
    let stderr = '';
    let usage = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      if (outputBytes < HEAD_BYTES) head += chunk.subarray(0, HEAD_BYTES - outputBytes).toString('utf8');
      outputBytes += chunk.length;
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      if (stderr.length < HEAD_BYTES) stderr += text;
    });
    (child.stdio[3] as Readable).setEncoding('utf8').on('data', (text: string) => {
      usage += text;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim()}`));
        return;
      }
      const { cpuMs, maxRssMiB } = JSON.parse(usage) as { cpuMs: number; maxRssMiB: number };
      resolve({ outputBytes, head, processCpuMs: cpuMs, processMaxRssMiB: maxRssMiB });
    });
  });
}
