import { Flow, ReachResult } from './engine';
import { Exposure, ExposureChange, exposureOf } from './exposure';
import { printable } from '../format/escape';
import { jsonChunks, StreamedArray } from '../format/json-stream';
import { alignedLines } from '../format/table';

/** What the `reach` formats print: the result, and the exposure change when a baseline was given. */
export interface ReachReport {
  /** The subject's reachability. */
  readonly result: ReachResult;
  /** Exposure before (baseline) and after. */
  readonly change?: ExposureChange;
}

/** A share as a percentage with one decimal. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** `any`, or `<port>/<protocol>`. */
export function portLabel(flow: Pick<Flow, 'port' | 'protocol'>): string {
  return flow.port === '*' ? 'any' : `${flow.port}/${flow.protocol}`;
}

/**
 * The flows in runs of one source and destination each (contiguous, as `ReachResult.flows` is sorted by source
 * then destination).
 */
export function* flowsByEdge(flows: readonly Flow[]): Generator<readonly Flow[]> {
  let start = 0;
  for (let i = 1; i <= flows.length; i++) {
    if (i === flows.length || flows[i].from !== flows[start].from || flows[i].to !== flows[start].to) {
      yield flows.slice(start, i);
      start = i;
    }
  }
}

/** `<label>: <reachable>/<pairs> workload pairs reachable (<share>), <open>/<all> pair-ports (<share>)`. */
export function exposureLine(label: string, e: Exposure): string {
  return `${label}: ${e.reachablePairs}/${e.pairs} workload pairs reachable (${percent(e.pairShare)}), `
    + `${e.reachablePortPairs}/${e.portPairs} pair-ports (${percent(e.portShare)})`;
}

/** One line per exposure figure. */
export function exposureLines(report: ReachReport): string[] {
  const after = report.change?.after ?? exposureOf(report.result);
  if (report.change === undefined) return [exposureLine('Exposure', after)];
  const scope = report.change.common ? ' (workloads both inputs define)' : '';
  return [
    exposureLine(`Baseline exposure${scope}`, report.change.before),
    exposureLine(`Exposure${scope}`, after),
    `Reduction: ${percent(report.change.pairReduction)} of reachable pairs, ${percent(report.change.portReduction)} of reachable pair-ports`,
  ];
}

/** The table's rows: names come from the input, so each cell shows control and invisible characters as escapes (`printable`). */
function* tableRows(flows: readonly Flow[]): Generator<readonly string[]> {
  yield ['FROM', 'TO', 'PORT', 'ALLOWED BY'];
  for (const f of flows) {
    yield [f.from, f.except ? `${f.to} except ${f.except.join(',')}` : f.to, portLabel(f), `${f.allowedBy.join(', ')}${f.l7 ? ' (some requests: L7 rules)' : ''}`]
      .map(printable);
  }
}

/** `formatReachTable` in pieces, line by line: a table of any number of flows is never one string. */
export function* formatReachTableChunks(report: ReachReport): Generator<string> {
  yield* alignedLines(() => tableRows(report.result.flows));
  yield `\nCNI: ${report.result.cni}\n${exposureLines(report).join('\n')}\n`;
}

/** The flows as an aligned table, then the exposure. */
export function formatReachTable(report: ReachReport): string {
  return [...formatReachTableChunks(report)].join('');
}

/** The JSON document: `cni`, `workloads`, `flows`, `dns` and `exposure` (`current`, and `baseline` with reductions). */
export function reachJson(report: ReachReport): Record<string, unknown> {
  return reachDocument(report, (items) => items);
}

/** `reachJson`, with `list` applied to the workloads and the flows (e.g. to stream them). */
function reachDocument(report: ReachReport, list: (items: readonly unknown[]) => unknown): Record<string, unknown> {
  const { result, change } = report;
  return {
    cni: result.cni,
    workloads: list(result.workloads.map((w) => ({
      id: w.id,
      kind: w.kind,
      serviceAccount: w.serviceAccount,
      mesh: w.mesh,
      ports: w.ports.map((p) => `${p.port}/${p.protocol}`),
      ...(w.waypoint ? { waypoint: w.waypoint } : {}),
      ...(w.assumed ? { assumed: true } : {}),
    }))),
    flows: list(result.flows),
    dns: Object.fromEntries([...result.dns].map(([id, d]) => [id, d])),
    exposure: change === undefined
      ? { current: exposureOf(result) }
      : {
        current: change.after,
        baseline: change.before,
        pairReduction: change.pairReduction,
        portReduction: change.portReduction,
        commonWorkloads: change.common,
      },
  };
}

/** `formatReachJson` in pieces, workload by workload and flow by flow. */
export function* formatReachJsonChunks(report: ReachReport): Generator<string> {
  yield* jsonChunks(reachDocument(report, (items) => new StreamedArray(items)));
  yield '\n';
}

/** `reachJson` as indented JSON text. */
export function formatReachJson(report: ReachReport): string {
  return [...formatReachJsonChunks(report)].join('');
}
