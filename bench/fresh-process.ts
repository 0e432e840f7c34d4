/**
 * Fresh-process rounds (see `measure.ts`): a command run in a new `node` process, as users run it, with
 * `usage-reporter.ts` preloaded to report the process's own CPU time and peak RSS.
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
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
  /** The start of its stderr (what arrived before it passed 64 Ki characters). */
  readonly stderr: string;
  /** Its exit code. */
  readonly exitCode: number;
  /** Its CPU milliseconds (user + system, from its start). */
  readonly processCpuMs: number;
  /** Its peak RSS, MiB. */
  readonly processMaxRssMiB: number;
}

/**
 * Runs `node <args>` in a fresh process, in the temporary directory (so no `.kube-harden.yaml` of the caller's tree
 * applies), its stdout read through a pipe (as a shell pipeline would), and returns what it wrote and used. Rejects
 * unless it exits with one of `exitCodes`, with the start of its stderr.
 */
export function runFreshProcess(args: readonly string[], exitCodes: readonly number[] = [0]): Promise<FreshProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', path.join(__dirname, 'usage-reporter.js'), ...args], {
      cwd: os.tmpdir(),
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
    child.on('close', (code, signal) => {
      if (code === null || !exitCodes.includes(code)) {
        reject(new Error(`node ${args.join(' ')} ${signal === null ? `exited with ${code}` : `was killed by ${signal}`}: ${stderr.trim()}`));
        return;
      }
      try {
        const { cpuMs, maxRssMiB } = JSON.parse(usage) as { cpuMs: number; maxRssMiB: number };
        resolve({ outputBytes, head, stderr, exitCode: code, processCpuMs: cpuMs, processMaxRssMiB: maxRssMiB });
      } catch {
        reject(new Error(`node ${args.join(' ')} reported no usage on exit (got '${usage}')`));
      }
    });
  });
}
