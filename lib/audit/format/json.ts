import { AuditRun, auditedNothing } from './audit-run';

/**
 * The audit as stable JSON (fixed key order, findings in canonical order, two-space indent): for ticketing
 * and scripts. `problems` lists the inputs that could not be audited.
 */
export function formatJson(run: AuditRun): string {
  const { report } = run;
  const document = {
    tool: { name: 'kube-harden', version: run.version },
    pack: report.pack,
    score: auditedNothing(run) ? null : report.score,
    coverage: report.coverage,
    areas: report.areas,
    summary: report.summary,
    inputs: { objects: run.objects, dockerfiles: run.dockerfiles, checks: report.checks },
    problems: run.problems,
    findings: report.findings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
