import { BreakingFindingList } from './breaking-findings';
import { ComplianceReportView, ComplianceScore, ControlStatus } from './compliance';
import type { ReportContext } from './format-html';
import { markdownText } from '../format/escape';
import { jsonChunks, StreamedArray } from '../format/json-stream';

/** Markdown and JSON renderings of a compliance report (HTML: `format-html.ts`). */

/** How each status is shown. */
export const STATUS_MARK: Readonly<Record<ControlStatus, string>> = {
  satisfied: 'satisfied', broken: 'BROKEN', unknown: 'unknown', missing: 'missing', manual: 'manual',
};

/** `Score: 71% of controls satisfied (10/14; audit check score 80; 12 objects)`. */
export function complianceScoreLine(label: string, s: ComplianceScore): string {
  return `${label}: ${s.score}% of controls satisfied (${s.satisfied}/${s.scored}; audit check score ${s.auditScore}; ${s.objects} objects)`;
}

/** The before/after sentence, e.g. `+57 points (19% -> 76%)`. */
export function scoreDelta(report: ComplianceReportView): string | undefined {
  if (!report.baseline) return undefined;
  const delta = report.current.score - report.baseline.score;
  return `${delta >= 0 ? '+' : ''}${delta} points (${report.baseline.score}% -> ${report.current.score}%)`;
}

/** Untrusted items as one Markdown cell: each escaped (`markdownText`), joined with `<br>`, at most `max`. */
function list(items: readonly string[], max = 8): string {
  return cell(items.slice(0, max), items.length, max);
}

/** The first `max` of `shown` (already cut to at most `max` items) in a cell of `total` items. */
function cell(shown: readonly string[], total: number, max: number): string {
  if (total === 0) return '-';
  const text = shown.map(markdownText).join('<br>');
  return total > max ? `${text}<br>... ${total - max} more` : text;
}

/** A control's findings as one cell: counted and acknowledged, then undecided ones; only the first `max` are read. */
function findingsCell(lists: ReadonlyArray<readonly [prefix: string, findings: BreakingFindingList]>, max = 8): string {
  const shown: string[] = [];
  for (const [prefix, findings] of lists) {
    // a list is read from the store's first row on: one with nothing to show is not read at all
    if (shown.length === max || findings.length === 0) continue;
    for (const f of findings) {
      shown.push(`${prefix}${f.ruleId} ${f.object}: ${f.message}`);
      if (shown.length === max) break;
    }
  }
  return cell(shown, lists.reduce((sum, [, findings]) => sum + findings.length, 0), max);
}

/** Every control's notes, prefixed with the control id. */
export function noteLines(report: ComplianceReportView): string[] {
  return report.controls.flatMap((c) => (c.notes ?? []).map((n) => `${c.id} ${c.title}: ${n}`));
}

/** The report as Markdown (who made it and from what, when `context` is given; one table row per control; the notes). */
export function formatComplianceMarkdown(report: ComplianceReportView, context?: ReportContext): string {
  const lines = [`# Compliance report: ${report.title}`, ''];
  if (context) {
    lines.push(`Generated ${markdownText(context.generatedAt)} by kube-harden ${markdownText(context.version)} from ${context.inputs.map(markdownText).join(', ')}`
      + `${(context.baselineInputs ?? []).length > 0 ? ` (baseline: ${(context.baselineInputs ?? []).map(markdownText).join(', ')})` : ''}.`, '');
  }
  if (report.baseline) lines.push(`- ${complianceScoreLine('Baseline', report.baseline)}`);
  lines.push(`- ${complianceScoreLine(report.baseline ? 'Hardened' : 'Score', report.current)}`);
  const delta = scoreDelta(report);
  if (delta) lines.push(`- Change: ${delta}`);
  lines.push('', `| control | title | status |${report.baseline ? ' baseline |' : ''} satisfied by | broken by (and acknowledged) |`,
    `| --- | --- | --- |${report.baseline ? ' --- |' : ''} --- | --- |`);
  for (const c of report.controls) {
    const broken = findingsCell([['', c.brokenBy], ['', c.acknowledged], ['could not judge: ', c.undecided]]);
    const satisfied = c.status === 'manual' ? [`manual: ${c.manual}`] : c.satisfiedBy;
    lines.push(`| ${c.id} | ${markdownText(c.title)} | ${STATUS_MARK[c.status]} |${report.baseline ? ` ${STATUS_MARK[c.baselineStatus ?? 'missing']} |` : ''}`
      + ` ${list(satisfied)} | ${broken} |`);
  }
  const notes = noteLines(report);
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes.map((n) => `- ${markdownText(n)}`));
  return `${lines.join('\n')}\n`;
}

/** The report as JSON. */
export function formatComplianceJson(report: ComplianceReportView): string {
  return [...formatComplianceJsonChunks(report)].join('');
}

/**
 * `formatComplianceJson` in pieces (each control's lists, each top risk's objects and the namespaces item by item): a
 * report of any size is never one string.
 */
export function* formatComplianceJsonChunks(report: ComplianceReportView): Generator<string> {
  const controls = report.controls.map((c) => ({
    ...c,
    satisfiedBy: new StreamedArray(c.satisfiedBy),
    brokenBy: new StreamedArray(c.brokenBy),
    acknowledged: new StreamedArray(c.acknowledged),
    undecided: new StreamedArray(c.undecided),
  }));
  const topRisks = report.topRisks.map((r) => ({ ...r, objects: new StreamedArray(r.objects) }));
  const scope = { ...report.scope, namespaces: new StreamedArray(report.scope.namespaces) };
  yield* jsonChunks({ ...report, controls, topRisks, scope });
  yield '\n';
}

