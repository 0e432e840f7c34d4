/** Timing and memory helpers shared by the benchmark comparisons. */
import { performance } from 'node:perf_hooks';

/** One measured subject: median wall time over rounds and the largest heap growth seen in a round. */
export interface Measurement {
  /** Median milliseconds of one round. */
  readonly medianMs: number;
  /** Every round's milliseconds, in order. */
  readonly roundsMs: readonly number[];
  /** Largest heap growth during a round, in MiB (the subject's peak working set). */
  readonly peakHeapMiB: number;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `subject` `rounds` times after one warm-up round, and returns its median time and peak heap growth.
 * Heap is sampled before and after each round (after a forced GC when `--expose-gc` is on).
 */
export async function measure(rounds: number, subject: () => unknown | Promise<unknown>): Promise<Measurement> {
  await subject();
  const roundsMs: number[] = [];
  let peakHeap = 0;
  for (let i = 0; i < rounds; i++) {
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    const result = await subject();
    roundsMs.push(performance.now() - start);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed - heapBefore);
    keepAlive(result);
  }
  return { medianMs: median(roundsMs), roundsMs, peakHeapMiB: peakHeap / (1024 * 1024) };
}

let sink: unknown;
function keepAlive(value: unknown): void {
  sink = value;
}

/** Prints the result of one comparison as JSON on the last line, for the driver to read. */
export function report(result: Record<string, unknown>): void {
  keepAlive(undefined);
  process.stdout.write(`${JSON.stringify({ ...result, sinkDefined: sink !== undefined, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}
