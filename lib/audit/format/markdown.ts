import { describeObject, Finding, findingStatus } from '../finding';
import { AuditRun, auditedNothing, formatLocation, plural, scoreLine, summaryLine } from './audit-run';

/** Escapes text for a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(markdownCell).join(' | ')} |`;
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
    lines.push('Nothing was audited: no input could be read.');
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
    lines.push('', '## Input problems', '', ...run.problems.map((p) => `- \`${formatLocation(p)}\`: ${p.message}`));
  }
  return `${lines.join('\n')}\n`;
}
