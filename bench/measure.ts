/**
 * Measuring in process CPU time, alternating rounds, with peak RSS beside each figure.
 *
 * Every subject runs in its own long-lived worker process (`worker.ts`), so its peak RSS is its own. Workers run the
 * bench and the library compiled to JavaScript (`compiledBench`), as users run the package, without ts-node, and
 * load little beyond their subject's modules; a subject marked `typescript` runs the sources under ts-node instead.
 * The driver runs one warm-up round of each subject, then one round of each in turn, in alternating order (A B C,
 * C B A, ...), so that the machine's load (shared with others) falls on every subject alike; each round is timed in the worker's CPU time (user + system, garbage collection threads included),
 * after a full GC, and the figure is the median of the rounds. A subject that runs a command in a fresh process
 * (the CLI) reports that process's CPU time and peak RSS instead (`processCpuMs`, `processMaxRssMiB`).
 */
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';

/** One measured subject. */
export interface Measurement {
  /** Median CPU milliseconds of one round. */
  readonly cpuMs: number;
  /** Every round's CPU milliseconds, in order. */
  readonly roundsCpuMs: readonly number[];
  /**
   * Peak RSS of the subject's process (MiB) over its whole life: loading its modules, preparing (e.g. the floor's
   * pre-rendered objects) and every round, warm-up included; for a subject run in fresh processes, the highest peak of
   * those processes.
   */
  readonly peakRssMiB: number;
  /** RSS of the subject's process once prepared, before its first round (MiB): what the peak includes besides the subject. */
  readonly readyRssMiB: number;
  /** What the subject's last round returned (e.g. the bytes it wrote). */
  readonly result: SubjectResult;
}

/**
 * What a subject's round returns: figures the driver needs besides time (sizes, counts). A round that ran its work
 * in a fresh process returns that process's CPU milliseconds and peak RSS as `processCpuMs` and `processMaxRssMiB`,
 * which are then the round's figures.
 */
export type SubjectResult = Readonly<Record<string, number>>;

/** A subject: prepared once in its worker (outside the measurement), then run once per round. */
export type Subject = () => SubjectResult | Promise<SubjectResult>;

/** A module of subjects: `prepare(name, params)` returns the subject `name`. */
export interface SubjectModule {
  prepare(name: string, params: Readonly<Record<string, unknown>>): Subject | Promise<Subject>;
}

/** A subject to measure: the module that prepares it (a file in bench/), its name and its parameters. */
export interface SubjectSpec {
  readonly module: string;
  readonly name: string;
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * Runs the TypeScript sources under ts-node with source maps, as `pulumi up` runs a TypeScript program (Pulumi then
   * records each resource's stack through the source maps), instead of the compiled JavaScript.
   * @default false
   */
  readonly typescript?: boolean;
}

interface Reply {
  readonly rssMiB?: number;
  readonly cpuMs?: number;
  readonly maxRssMiB?: number;
  readonly result?: SubjectResult;
  readonly error?: string;
}

class Worker {
  private readonly child: ChildProcess;
  private pending?: { resolve: (reply: Reply) => void; reject: (error: Error) => void };

  constructor(spec: SubjectSpec) {
    const args = (bench: string, extension: string) => [
      path.join(bench, `worker${extension}`), path.join(bench, spec.module.replace(/\.ts$/, extension)), spec.name, JSON.stringify(spec.params ?? {}),
    ];
    const [worker, ...workerArgs] = spec.typescript ? args(__dirname, '.ts') : args(path.join(compiledBench(), 'bench'), '.js');
    this.child = fork(worker, workerArgs, {
      execArgv: spec.typescript ? ['--expose-gc', '-r', 'ts-node/register'] : ['--expose-gc'],
      env: spec.typescript
        ? { ...process.env, TS_NODE_PROJECT: path.join(__dirname, '..', 'test', 'tsconfig.json'), TS_NODE_TRANSPILE_ONLY: 'true' }
        : process.env,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child.on('message', (reply: Reply) => this.settle(reply));
    this.child.on('exit', (code) => this.settle({ error: `worker ${spec.module}:${spec.name} exited with code ${code}` }));
  }

  private settle(reply: Reply): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return;
    if (reply.error !== undefined) pending.reject(new Error(reply.error));
    else pending.resolve(reply);
  }

  /** Waits for the next reply (after `ready`, or after a `round` request). */
  next(request?: string): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      if (request !== undefined) this.child.send(request);
    });
  }

  stop(): void {
    this.child.kill();
  }
}

let compiled: string | undefined;

/**
 * The bench and the library compiled to JavaScript (once per run, with the project's compiler settings) under
 * `node_modules/.cache/kube-harden-bench`, where their dependencies resolve; returns that directory. Also builds the
 * package (`dist/`, which `bin/kube-harden` runs).
 */
export function compiledBench(): string {
  if (compiled === undefined) {
    const root = path.resolve(__dirname, '..');
    const outDir = path.join(root, 'node_modules', '.cache', 'kube-harden-bench');
    const tsc = require.resolve('typescript/bin/tsc');
    // emptied first: a module renamed or removed since the last run must not stay loadable
    rmSync(outDir, { recursive: true, force: true });
    execFileSync(process.execPath, [tsc, '--build', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
    execFileSync(process.execPath, [
      tsc, '-p', path.join(root, 'bench', 'tsconfig.json'),
      '--noEmit', 'false', '--outDir', outDir, '--declaration', 'false', '--sourceMap', 'false',
    ], { stdio: 'inherit' });
    compiled = outDir;
  }
  return compiled;
}

/** How `measureAlternating` runs its rounds. */
export interface MeasureOptions {
  /**
   * Whether every subject first runs one unmeasured round (JIT compilation, caches); a call whose subjects all start
   * a fresh process per round needs none.
   * @default true
   */
  readonly warmUp?: boolean;
}

/**
 * Measures `subjects` in alternating rounds (one warm-up round each first, unless `options.warmUp` is false) and
 * returns their measurements, by the subjects' keys. Each subject runs in its own worker process; workers are
 * stopped at the end.
 */
export async function measureAlternating<K extends string>(
  rounds: number,
  subjects: Readonly<Record<K, SubjectSpec>>,
  options: MeasureOptions = {},
): Promise<Record<K, Measurement>> {
  const keys = Object.keys(subjects) as K[];
  const workers = new Map<K, Worker>();
  const ready = new Map<K, number>();
  const cpu = new Map<K, number[]>(keys.map((k) => [k, []]));
  const peak = new Map<K, number>();
  const results = new Map<K, SubjectResult>();
  try {
    for (const key of keys) {
      const worker = new Worker(subjects[key]);
      workers.set(key, worker);
      ready.set(key, (await worker.next()).rssMiB ?? 0);
    }
    for (let round = (options.warmUp ?? true) ? -1 : 0; round < rounds; round++) {
      const order = round % 2 === 0 ? keys : [...keys].reverse();
      for (const key of order) {
        const reply = await workers.get(key)!.next('round');
        if (round >= 0) cpu.get(key)!.push(reply.cpuMs ?? NaN);
        peak.set(key, Math.max(peak.get(key) ?? 0, reply.maxRssMiB ?? 0));
        results.set(key, reply.result ?? {});
      }
    }
  } finally {
    workers.forEach((worker) => worker.stop());
  }
  return Object.fromEntries(keys.map((key) => [key, {
    cpuMs: median(cpu.get(key)!),
    roundsCpuMs: cpu.get(key)!,
    peakRssMiB: peak.get(key)!,
    readyRssMiB: ready.get(key)!,
    result: results.get(key)!,
  }])) as unknown as Record<K, Measurement>;
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
