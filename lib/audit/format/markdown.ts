import { describeObject, Finding, findingStatus } from '../finding';
import { AuditRun, auditedNothing, formatLocation, inputSections, plural, scoreLine, summaryLine } from './audit-run';
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

/**
 * The audit as Markdown, in pieces that concatenate to `formatMarkdown(run)`: a report of any number of findings is
 * written without ever being one string.
 */
export function* formatMarkdownChunks(run: AuditRun): Generator<string> {
  const { report } = run;
  yield '# kube-harden audit\n\n';
  yield `**${scoreLine(run)}** (pack \`${report.pack}\`; ${plural(run.objects, 'object')}, ${plural(run.dockerfiles, 'Dockerfile')}, ${plural(report.checks, 'check')})\n\n`;
  yield `${summaryLine(run)}.\n`;
  if (report.areas.length > 0) {
    yield '\n| Area | Score | Checks | Failed | Unknown |\n| --- | ---: | ---: | ---: | ---: |\n';
    for (const a of report.areas) {
      yield `${row([a.area, String(a.score), String(a.checks), String(a.failedChecks), String(a.unknownChecks)])}\n`;
    }
  }
  yield '\n## Findings\n\n';
  if (auditedNothing(run)) {
    yield run.problems.length > 0 ? 'Nothing was audited: no input could be read.\n' : 'Nothing was audited: no Kubernetes object or Dockerfile in the input.\n';
  } else {
    let open = 0;
    for (const f of report.findings) {
      if (f.acknowledged) continue;
      if (open++ === 0) yield '| Status | Rule | Location | Object | Message |\n| --- | --- | --- | --- | --- |\n';
      yield `${findingRow(f)}\n`;
    }
    if (open === 0) yield 'No open findings.\n';
  }
  let acknowledged = 0;
  for (const f of report.findings) {
    if (!f.acknowledged) continue;
    if (acknowledged++ === 0) yield '\n## Acknowledged\n\n| Rule | Location | Object | Reason |\n| --- | --- | --- | --- |\n';
    yield `${row([f.ruleId, formatLocation(f.location), f.object ? describeObject(f.object) : '-', f.acknowledged.reason])}\n`;
  }
  yield* inputSections(run, { problems: '\n## Input problems\n\n', notes: '\n## Skipped on purpose\n\n' },
    (entry) => `- ${markdownText(formatLocation(entry))}: ${markdownText(entry.message)}\n`);
}

/** The audit as Markdown (for pull-request comments and tickets). */
export function formatMarkdown(run: AuditRun): string {
  return [...formatMarkdownChunks(run)].join('');
}
