import { AuditReportView } from '../engine';
import { InputProblem } from '../input/parse-manifests';
import { RuleMetadata, Severity } from '../rule';

/** What the output formats print: the report plus what was read. */
export interface AuditRun {
  /** The audit report (an `AuditReport`, or a view of one whose findings are made as they are read). */
  readonly report: AuditReportView;
  /** Unreadable files and malformed documents. */
  readonly problems: readonly InputProblem[];
  /**
   * What was skipped on purpose (excluded paths, non-Kubernetes YAML in a directory, empty inputs, the config file).
   * @default []
   */
  readonly notes?: readonly InputProblem[];
  /** Kubernetes objects audited. */
  readonly objects: number;
  /** Dockerfiles audited. */
  readonly dockerfiles: number;
  /** kube-harden version, for tool metadata. */
  readonly version: string;
  /**
   * Working directory the displayed file paths are relative to (SARIF `%SRCROOT%`).
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/** A rule as the catalog lists it: metadata plus what it applies to. */
export interface CatalogRule extends RuleMetadata {
  /** Kinds (manifest rules) or `Dockerfile`. */
  readonly appliesTo: readonly string[];
}

/** Where users learn about kube-harden (SARIF `informationUri`). */
export const INFORMATION_URI = 'https://www.npmjs.com/package/kube-harden';

/** `file:line`, `file`, or `-` when a finding has no location. */
export function formatLocation(location: { readonly file: string; readonly line?: number } | undefined): string {
  if (!location) {
    return '-';
  }
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}

/** Plural helper: `1 error`, `2 errors`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Whether the run audited nothing: every input was unreadable, or the inputs held no Kubernetes object and no
 * Dockerfile (an empty file and an empty directory alike). Then there is no score to show.
 */
export function auditedNothing(run: AuditRun): boolean {
  return run.objects === 0 && run.dockerfiles === 0;
}

/**
 * `Score: 87/100 (coverage 96%: 4 of 100 checks unknown)`, with `; incomplete: 1 input unreadable` when inputs could
 * not be read (the score covers only the rest). When nothing could be read there is no score:
 * `Could not audit: 1 input unreadable, no score` (or `Nothing to audit: ...` when the inputs were empty).
 */
export function scoreLine(run: AuditRun): string {
  const { report } = run;
  const unreadable = plural(run.problems.length, 'input');
  if (auditedNothing(run)) {
    return run.problems.length > 0 ? `Could not audit: ${unreadable} unreadable, no score` : 'Nothing to audit: no Kubernetes object or Dockerfile, no score';
  }
  const undecided = report.areas.reduce((sum, area) => sum + area.unknownChecks, 0);
  const unknown = undecided > 0 ? `: ${undecided} of ${plural(report.checks, 'check')} unknown` : '';
  const incomplete = run.problems.length > 0 ? `; incomplete: ${unreadable} unreadable` : '';
  return `Score: ${report.score}/100 (coverage ${report.coverage}%${unknown}${incomplete})`;
}

/** One-line summary of a report's counts. */
export function summaryLine(run: AuditRun): string {
  const s = run.report.summary;
  return [
    plural(s.error, 'error'), plural(s.warning, 'warning'), `${s.info} info`,
    `${s.acknowledged} acknowledged`, `${s.unknown} unknown`,
  ].join(', ');
}

/** Severities from worst to mildest, for sorting rule lists. */
export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * The input problems, then the notes, each under its heading when there are any, one line per entry made by `line`
 * (the closing sections of the text formats).
 */
export function* inputSections(
  run: AuditRun,
  headings: { readonly problems: string; readonly notes: string },
  line: (entry: InputProblem) => string,
): Generator<string> {
  for (const [heading, entries] of [[headings.problems, run.problems], [headings.notes, run.notes ?? []]] as const) {
    if (entries.length === 0) continue;
    yield heading;
    for (const entry of entries) yield line(entry);
  }
}
