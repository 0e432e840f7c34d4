import type { Flow, ReachResult } from './engine';
import { Workload } from './model';
import { portQueries } from './ports';

/**
 * Lateral-movement exposure: among the input's workloads (assumed infrastructure excluded), the share of ordered
 * pairs where the first can open a connection to the second on some port, and the share of (pair, destination port)
 * combinations that are open. 0 is full isolation, 1 a flat network.
 */
export interface Exposure {
  /** Workloads counted. */
  readonly workloads: number;
  /** Ordered pairs of distinct workloads. */
  readonly pairs: number;
  /** Pairs with at least one open port. */
  readonly reachablePairs: number;
  /** `reachablePairs / pairs` (0 when there are no pairs). */
  readonly pairShare: number;
  /** Pairs times the destination's ports (a destination without declared ports counts once). */
  readonly portPairs: number;
  /** Of those, the open ones. */
  readonly reachablePortPairs: number;
  /** `reachablePortPairs / portPairs` (0 when there are none). */
  readonly portShare: number;
}

/** The exposure of a reach result, over its input workloads or only those `among` the given ids. */
export function exposureOf(result: ReachResult, among?: ReadonlySet<string>): Exposure {
  return exposureOfFlows(result.workloads.filter((w) => !w.assumed && (among === undefined || among.has(w.id))), result.flows);
}

/**
 * The exposure among `workloads` of `flows` given in the order of `ReachResult.flows` (by source, destination, port
 * and protocol, each once): counted while they go by, so they need not be held.
 */
export function exposureOfFlows(workloads: readonly Workload[], flows: Iterable<Flow>): Exposure {
  const counter = new ExposureCounter(workloads);
  counter.countFlows(flows);
  return counter.exposure();
}

/**
 * Counts the reachable pairs and port pairs among `workloads`: from flows as they go by (each pair's flows together),
 * or in bulk for pairs whose reach is known without their flows.
 */
export class ExposureCounter {
  private readonly ids: ReadonlySet<string>;
  private reachablePairs = 0;
  private reachablePortPairs = 0;
  private last: Flow | undefined;

  constructor(private readonly workloads: readonly Workload[]) {
    this.ids = new Set(workloads.map((w) => w.id));
  }

  /**
   * Counts `flows`: each pair's flows next to each other, as `ReachResult.flows` orders them, and no pair counted
   * before (pairs may come in any order).
   */
  public countFlows(flows: Iterable<Flow>): void {
    for (const flow of flows) {
      if (!this.ids.has(flow.to) || !this.ids.has(flow.from) || flow.from === flow.to) continue;
      const last = this.last;
      const samePair = last !== undefined && last.from === flow.from && last.to === flow.to;
      if (!samePair) this.reachablePairs++;
      if (!samePair || last.port !== flow.port || last.protocol !== flow.protocol) this.reachablePortPairs++;
      this.last = flow;
    }
  }

  /** Counts `pairs` reachable pairs with `portPairs` open ports between them, none of them counted from flows. */
  public countPairs(pairs: number, portPairs: number): void {
    this.reachablePairs += pairs;
    this.reachablePortPairs += portPairs;
  }

  /** The exposure counted. */
  public exposure(): Exposure {
    const n = this.workloads.length;
    const pairs = n * (n - 1);
    const totalPorts = this.workloads.reduce((sum, w) => sum + (n - 1) * portQueries(w).length, 0);
    return {
      workloads: n,
      pairs,
      reachablePairs: this.reachablePairs,
      pairShare: pairs === 0 ? 0 : this.reachablePairs / pairs,
      portPairs: totalPorts,
      reachablePortPairs: this.reachablePortPairs,
      portShare: totalPorts === 0 ? 0 : this.reachablePortPairs / totalPorts,
    };
  }
}

/** Exposure before (baseline) and after, with the relative reduction of each share. */
export interface ExposureChange {
  /** The baseline's exposure. */
  readonly before: Exposure;
  /** The subject's exposure. */
  readonly after: Exposure;
  /** `1 - after.pairShare / before.pairShare` (0 when the baseline has no exposure). */
  readonly pairReduction: number;
  /** `1 - after.portShare / before.portShare` (0 when the baseline has no exposure). */
  readonly portReduction: number;
  /** Whether both figures count only the workloads both inputs define. */
  readonly common: boolean;
}

/**
 * Compares a subject's exposure with a baseline's, over the workloads both define (by `<namespace>/<name>`) when they
 * share at least two, so that workloads only one side adds (probes, jobs) do not dilute the figure; over each side's
 * own workloads otherwise.
 */
export function compareExposure(baseline: ReachResult, subject: ReachResult): ExposureChange {
  const ids = (r: ReachResult) => new Set(r.workloads.filter((w) => !w.assumed).map((w) => w.id));
  const subjectIds = ids(subject);
  const common = new Set([...ids(baseline)].filter((id) => subjectIds.has(id)));
  const among = common.size >= 2 ? common : undefined;
  return exposureChange(exposureOf(baseline, among), exposureOf(subject, among), among !== undefined);
}

/** The change between two exposures (`common`: whether both count the same workloads). */
export function exposureChange(before: Exposure, after: Exposure, common = false): ExposureChange {
  const reduction = (b: number, a: number): number => (b === 0 ? 0 : 1 - a / b);
  return {
    before,
    after,
    common,
    pairReduction: reduction(before.pairShare, after.pairShare),
    portReduction: reduction(before.portShare, after.portShare),
  };
}
