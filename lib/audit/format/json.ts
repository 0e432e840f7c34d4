import { AuditRun, auditedNothing } from './audit-run';
import { jsonChunks, StreamedArray } from './json-stream';

/**
 * The audit as stable JSON, in pieces (see `formatJson`); written one after another they never make one large
 * string, so memory stays bounded by the largest finding.
 */
export function* formatJsonChunks(run: AuditRun): Generator<string> {
  const { report } = run;
  yield* jsonChunks({
    tool: { name: 'kube-harden', version: run.version },
    pack: report.pack,
    score: auditedNothing(run) ? null : report.score,
    coverage: report.coverage,
    areas: report.areas,
    summary: report.summary,
    inputs: { objects: run.objects, dockerfiles: run.dockerfiles, checks: report.checks },
    problems: new StreamedArray(run.problems),
    findings: new StreamedArray(report.findings),
  });
  yield '\n';
}

/**
 * The audit as stable JSON (fixed key order, findings in canonical order, two-space indent): for ticketing
 * and scripts. `problems` lists the inputs that could not be audited. A finding's `location` is the field it
 * judges (file, line, column), or its object's first line.
 */
export function formatJson(run: AuditRun): string {
  return [...formatJsonChunks(run)].join('');
}
