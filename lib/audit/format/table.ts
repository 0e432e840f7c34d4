import { describeObject, Finding, findingStatus } from '../finding';
import { AuditRun, auditedNothing, formatLocation, plural, scoreLine, summaryLine } from './audit-run';
import { printable } from './escape';

/** Renders rows as left-aligned columns separated by two spaces (the last column is not padded). */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i].length))) ?? [];
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

function message(finding: Finding): string {
  const suffix = finding.acknowledged ? ` [acknowledged: ${finding.acknowledged.reason}]` : '';
  return `${finding.message}${suffix}`;
}

/**
 * The audit as an aligned plain-text table, then the scores and the summary. Deterministic. Every value from the
 * input (object names, messages, file names, reasons) is shown with its control characters escaped, so no input can
 * start a line of its own.
 */
export function formatTable(run: AuditRun): string {
  const { report } = run;
  const lines: string[] = [
    `kube-harden audit: ${plural(run.objects, 'object')}, ${plural(run.dockerfiles, 'Dockerfile')}, ${plural(report.checks, 'check')} (pack ${report.pack})`,
    '',
  ];
  if (auditedNothing(run)) {
    lines.push(run.problems.length > 0 ? 'Nothing was audited: no input could be read.' : 'Nothing was audited: no Kubernetes object or Dockerfile in the input.');
  } else if (report.findings.length === 0) {
    lines.push('No findings.');
  } else {
    lines.push(alignColumns([
      ['STATUS', 'RULE', 'LOCATION', 'OBJECT', 'MESSAGE'],
      ...report.findings.map((f) => [
        findingStatus(f), f.ruleId, formatLocation(f.location), f.object ? describeObject(f.object) : '-', message(f),
      ].map(printable)),
    ]));
  }
  if (run.problems.length > 0) {
    lines.push('', 'Input problems (not audited):');
    lines.push(...run.problems.map((p) => `  ${printable(formatLocation(p))}: ${printable(p.message)}`));
  }
  if ((run.notes ?? []).length > 0) {
    lines.push('', 'Notes (skipped on purpose):');
    lines.push(...(run.notes ?? []).map((n) => `  ${printable(formatLocation(n))}: ${printable(n.message)}`));
  }
  lines.push('', scoreLine(run));
  if (auditedNothing(run)) {
    return `${lines.join('\n')}\n`;
  }
  if (report.areas.length > 0) {
    lines.push(alignColumns([
      ['AREA', 'SCORE', 'CHECKS', 'FAILED', 'UNKNOWN'],
      ...report.areas.map((a) => [a.area, String(a.score), String(a.checks), String(a.failedChecks), String(a.unknownChecks)]),
    ]));
  }
  lines.push(`Summary: ${summaryLine(run)}`);
  return `${lines.join('\n')}\n`;
}
