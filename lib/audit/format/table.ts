import { describeObject, Finding, findingStatus } from '../finding';
import { AuditRun, auditedNothing, formatLocation, inputSections, plural, scoreLine, summaryLine } from './audit-run';
import { printable } from './escape';

/**
 * Rows as left-aligned columns separated by two spaces (the last column is not padded), one line each with its
 * `\n`. `rows` is called twice, for the widths and then for the lines, so a table of any length is never held
 * whole: neither its rows nor its text.
 */
export function* alignedLines(rows: () => Iterable<readonly string[]>): Generator<string> {
  const widths: number[] = [];
  for (const row of rows()) {
    for (let i = 0; i < row.length; i++) {
      widths[i] = Math.max(widths[i] ?? 0, row[i].length);
    }
  }
  for (const row of rows()) {
    yield `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()}\n`;
  }
}

/** Renders rows as left-aligned columns separated by two spaces (the last column is not padded). */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  return [...alignedLines(() => rows)].join('').slice(0, -1);
}

function message(finding: Finding): string {
  const suffix = finding.acknowledged ? ` [acknowledged: ${finding.acknowledged.reason}]` : '';
  return `${finding.message}${suffix}`;
}

function* findingRows(findings: Iterable<Finding>): Generator<readonly string[]> {
  yield ['STATUS', 'RULE', 'LOCATION', 'OBJECT', 'MESSAGE'];
  for (const f of findings) {
    yield [findingStatus(f), f.ruleId, formatLocation(f.location), f.object ? describeObject(f.object) : '-', message(f)].map(printable);
  }
}

/**
 * The audit as an aligned plain-text table, then the scores and the summary, in pieces that concatenate to
 * `formatTable(run)`: a table of any number of findings is written without ever being one string.
 */
export function* formatTableChunks(run: AuditRun): Generator<string> {
  const { report } = run;
  yield `kube-harden audit: ${plural(run.objects, 'object')}, ${plural(run.dockerfiles, 'Dockerfile')}, ${plural(report.checks, 'check')} (pack ${report.pack})\n\n`;
  if (auditedNothing(run)) {
    yield run.problems.length > 0 ? 'Nothing was audited: no input could be read.\n' : 'Nothing was audited: no Kubernetes object or Dockerfile in the input.\n';
  } else if (report.findings.length === 0) {
    yield 'No findings.\n';
  } else {
    yield* alignedLines(() => findingRows(report.findings));
  }
  yield* inputSections(run, { problems: '\nInput problems (not audited):\n', notes: '\nNotes (skipped on purpose):\n' },
    (entry) => `  ${printable(formatLocation(entry))}: ${printable(entry.message)}\n`);
  yield `\n${scoreLine(run)}\n`;
  if (auditedNothing(run)) {
    return;
  }
  if (report.areas.length > 0) {
    yield* alignedLines(() => [
      ['AREA', 'SCORE', 'CHECKS', 'FAILED', 'UNKNOWN'],
      ...report.areas.map((a) => [a.area, String(a.score), String(a.checks), String(a.failedChecks), String(a.unknownChecks)]),
    ]);
  }
  yield `Summary: ${summaryLine(run)}\n`;
}

/**
 * The audit as an aligned plain-text table, then the scores and the summary. Deterministic. Every value from the
 * input (object names, messages, file names, reasons) is shown with its control characters escaped, so no input can
 * start a line of its own.
 */
export function formatTable(run: AuditRun): string {
  return [...formatTableChunks(run)].join('');
}
