import { describeObject, Finding, findingStatus } from '../finding';
import { AuditRun, auditedNothing, formatLocation, plural, scoreLine, summaryLine } from './audit-run';
import { markdownText } from './escape';

/** Escapes trusted Markdown (kube-harden's own rule titles, which may use `code`) for a table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A table row of untrusted values: each cell literal text, no HTML, no links, no line breaks (see `markdownText`). */
function row(cells: readonly string[]): string {
  return `| ${cells.map(markdownText).join(' | ')} |`;
}

function findingRow(f: Finding): string {
  return row([
    findingStatus(f),
    f.ruleId,
    formatLocation(f.location),
    f.object ? describeObject(f.object) : '-',
    f.message,
  ]);
}

/** The audit as Markdown (for pull-request comments and tickets). */
export function formatMarkdown(run: AuditRun): string {
  const { report } = run;
  const open = report.findings.filter((f) => !f.acknowledged);
  const acknowledged = report.findings.filter((f) => f.acknowledged);
  const lines = [
    '# kube-harden audit',
    '',
    `**${scoreLine(run)}** (pack \`${report.pack}\`; ${plural(run.objects, 'object')}, ${plural(run.dockerfiles, 'Dockerfile')}, ${plural(report.checks, 'check')})`,
    '',
    `${summaryLine(run)}.`,
  ];
  if (report.areas.length > 0) {
    lines.push('', '| Area | Score | Checks | Failed | Unknown |', '| --- | ---: | ---: | ---: | ---: |');
    lines.push(...report.areas.map((a) => row([a.area, String(a.score), String(a.checks), String(a.failedChecks), String(a.unknownChecks)])));
  }
  lines.push('', '## Findings', '');
  if (auditedNothing(run)) {
    lines.push(run.problems.length > 0 ? 'Nothing was audited: no input could be read.' : 'Nothing was audited: no Kubernetes object or Dockerfile in the input.');
  } else if (open.length === 0) {
    lines.push('No open findings.');
  } else {
    lines.push('| Status | Rule | Location | Object | Message |', '| --- | --- | --- | --- | --- |', ...open.map(findingRow));
  }
  if (acknowledged.length > 0) {
    lines.push('', '## Acknowledged', '', '| Rule | Location | Object | Reason |', '| --- | --- | --- | --- |');
    lines.push(...acknowledged.map((f) => row([
      f.ruleId, formatLocation(f.location), f.object ? describeObject(f.object) : '-', f.acknowledged!.reason,
    ])));
  }
  if (run.problems.length > 0) {
    lines.push('', '## Input problems', '', ...run.problems.map((p) => `- ${markdownText(formatLocation(p))}: ${markdownText(p.message)}`));
  }
  if ((run.notes ?? []).length > 0) {
    lines.push('', '## Skipped on purpose', '', ...(run.notes ?? []).map((n) => `- ${markdownText(formatLocation(n))}: ${markdownText(n.message)}`));
  }
  return `${lines.join('\n')}\n`;
}
