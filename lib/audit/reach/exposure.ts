import { ReachResult } from './engine';
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
  const workloads = result.workloads.filter((w) => !w.assumed && (among === undefined || among.has(w.id)));
  const ids = new Set(workloads.map((w) => w.id));
  const portsOf = new Map(workloads.map((w) => [w.id, portQueries(w).length] as const));
  const open = new Set<string>();
  const openPorts = new Set<string>();
  for (const flow of result.flows) {
    if (!ids.has(flow.to) || !ids.has(flow.from) || flow.from === flow.to) continue;
    open.add(`${flow.from}\u0000${flow.to}`);
    openPorts.add(`${flow.from}\u0000${flow.to}\u0000${flow.port}\u0000${flow.protocol}`);
  }
  const n = workloads.length;
  const pairs = n * (n - 1);
  const totalPorts = workloads.reduce((sum, w) => sum + (n - 1) * portsOf.get(w.id)!, 0);
  return {
    workloads: n,
    pairs,
    reachablePairs: open.size,
    pairShare: pairs === 0 ? 0 : open.size / pairs,
    portPairs: totalPorts,
    reachablePortPairs: openPorts.size,
    portShare: totalPorts === 0 ? 0 : openPorts.size / totalPorts,
  };
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
