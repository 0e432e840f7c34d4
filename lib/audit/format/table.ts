import { describeObject, Finding } from '../finding';
import { AuditRun, formatLocation, nothingAudited, plural, scoreLine, summaryLine } from './audit-run';
import { printable } from './escape';

/** Renders rows as left-aligned columns separated by two spaces (the last column is not padded). */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i].length))) ?? [];
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}

/** Status shown in the first column: severity, `ack` when acknowledged. */
function status(finding: Finding): string {
  return finding.acknowledged ? 'ack' : finding.severity;
}

function message(finding: Finding): string {
  const prefix = finding.unknown ? 'unknown: ' : '';
  const suffix = finding.acknowledged ? ` [acknowledged: ${finding.acknowledged.reason}]` : '';
  return `${prefix}${finding.message}${suffix}`;
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
  if (nothingAudited(run)) {
    lines.push('Nothing was audited: no Kubernetes object or Dockerfile could be read.');
  } else if (report.findings.length === 0) {
    lines.push('No findings.');
  } else {
    lines.push(alignColumns([
      ['SEVERITY', 'RULE', 'LOCATION', 'OBJECT', 'MESSAGE'],
      ...report.findings.map((f) => [
        status(f), f.ruleId, formatLocation(f.location), f.object ? describeObject(f.object) : '-', message(f),
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
  if (report.areas.length > 0 && !nothingAudited(run)) {
    lines.push(alignColumns([
      ['AREA', 'SCORE', 'CHECKS', 'FAILED'],
      ...report.areas.map((a) => [a.area, String(a.score), String(a.checks), String(a.failedChecks)]),
    ]));
  }
  lines.push(`Summary: ${summaryLine(run)}`);
  return `${lines.join('\n')}\n`;
}
