import { BreakingFindingList } from './breaking-findings';
import { BreakingFinding, ComplianceReportView, ControlResultView, ControlStatus } from './compliance';
import { complianceScoreLine, noteLines, scoreDelta, STATUS_MARK } from './format-report';
import { printable } from '../format/escape';

/**
 * The compliance report as one self-contained HTML page for a security lead to forward: when and by which version
 * it was made, what it read, a summary per area with inline SVG charts, the top risks with their fixes, the changes
 * since the baseline, and every control with its evidence (what satisfies it, what breaks it, what could not be
 * judged and why, and what would satisfy it). No scripts, no external resources: it renders offline.
 */

/** Where the report came from, shown in its header (the CLI fills it in). */
export interface ReportContext {
  /** When the report was made, ISO 8601 (the CLI honours `SOURCE_DATE_EPOCH` for reproducible output). */
  readonly generatedAt: string;
  /** kube-harden version. */
  readonly version: string;
  /** The paths read, as given. */
  readonly inputs: readonly string[];
  /**
   * The baseline paths, as given.
   * @default []
   */
  readonly baselineInputs?: readonly string[];
  /**
   * What was read but not mapped (Dockerfiles, non-Kubernetes YAML, unreadable files), with why.
   * @default []
   */
  readonly notRead?: readonly { readonly file: string; readonly line?: number; readonly message: string }[];
}

/** Colours of the statuses, shared by the charts and the table. */
export const STATUS_COLORS: Readonly<Record<ControlStatus, string>> = {
  satisfied: '#1e8449', broken: '#c0392b', unknown: '#7d3c98', missing: '#b9770e', manual: '#5d6d7e',
};
const STATUS_ORDER: readonly ControlStatus[] = ['satisfied', 'broken', 'unknown', 'missing', 'manual'];

/**
 * Escapes text for HTML element content and double-quoted attributes: control and invisible formatting characters
 * (a newline, ESC, a right-to-left override) as visible escapes (`printable`), then `&<>"'` as entities.
 */
export function escapeHtml(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An inline SVG bar chart of the baseline and current scores. */
export function scoreChartSvg(report: ComplianceReportView): string {
  const bars = [...(report.baseline ? [{ label: 'Baseline', score: report.baseline.score, color: '#c0392b' }] : []),
    { label: report.baseline ? 'Hardened' : 'Score', score: report.current.score, color: '#27ae60' }];
  const width = 420;
  const rows = bars.map((b, i) => {
    const y = 30 + i * 40;
    const w = Math.round((b.score / 100) * 300);
    return `<text x="0" y="${y + 17}" font-size="13">${b.label}</text>`
      + `<rect x="80" y="${y}" width="300" height="24" fill="#eee"/><rect x="80" y="${y}" width="${w}" height="24" fill="${b.color}"/>`
      + (w >= 40
        ? `<text x="${80 + w - 4}" y="${y + 17}" font-size="13" text-anchor="end" fill="#fff">${b.score}%</text>`
        : `<text x="${80 + w + 4}" y="${y + 17}" font-size="13" fill="#222">${b.score}%</text>`);
  }).join('');
  const height = 40 + bars.length * 40;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="compliance score" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`
    + `<text x="0" y="16" font-size="14" font-weight="bold">Controls satisfied</text>${rows}</svg>`;
}

/** An inline SVG stacked bar of the controls by status (baseline and current), with a legend. */
export function statusChartSvg(report: ComplianceReportView): string {
  const count = (pick: (c: ControlResultView) => ControlStatus | undefined) =>
    STATUS_ORDER.map((status) => ({ status, n: report.controls.filter((c) => pick(c) === status).length }));
  const bars = [
    ...(report.baseline ? [{ label: 'Baseline', counts: count((c) => c.baselineStatus) }] : []),
    { label: report.baseline ? 'Hardened' : 'Controls', counts: count((c) => c.status) },
  ];
  const total = Math.max(report.controls.length, 1);
  const barWidth = 400;
  const rows = bars.map((bar, i) => {
    const y = 30 + i * 36;
    let x = 90;
    const segments = bar.counts.filter((s) => s.n > 0).map((s) => {
      const w = Math.max(Math.round((s.n / total) * barWidth), 1);
      const rect = `<rect class="status-${s.status}" x="${x}" y="${y}" width="${w}" height="24" fill="${STATUS_COLORS[s.status]}"><title>${s.status}: ${s.n}</title></rect>`
        + (w >= 22 ? `<text x="${x + w / 2}" y="${y + 17}" font-size="12" text-anchor="middle" fill="#fff">${s.n}</text>` : '');
      x += w;
      return rect;
    }).join('');
    return `<text x="0" y="${y + 17}" font-size="13">${bar.label}</text>${segments}`;
  }).join('');
  const legendY = 30 + bars.length * 36 + 8;
  const legend = STATUS_ORDER.map((status, i) => `<rect x="${i * 100}" y="${legendY}" width="12" height="12" fill="${STATUS_COLORS[status]}"/>`
    + `<text x="${i * 100 + 16}" y="${legendY + 11}" font-size="12">${status}</text>`).join('');
  const height = legendY + 24;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="controls by status" width="500" height="${height}" viewBox="0 0 500 ${height}">`
    + `<text x="0" y="16" font-size="14" font-weight="bold">Controls by status (${report.controls.length})</text>${rows}${legend}</svg>`;
}

/** An inline SVG bar chart of the audit score per area, with the baseline's score as a tick when given. */
export function areaChartSvg(report: ComplianceReportView): string {
  const areas = report.current.areas;
  const baseline = new Map((report.baseline?.areas ?? []).map((a) => [a.area as string, a.score]));
  const rows = areas.map((a, i) => {
    const y = 30 + i * 28;
    const w = Math.round((a.score / 100) * 300);
    const before = baseline.get(a.area);
    const color = a.score >= 90 ? '#1e8449' : a.score >= 70 ? '#b9770e' : '#c0392b';
    return `<text x="0" y="${y + 15}" font-size="13">${escapeHtml(a.area)}</text>`
      + `<rect x="90" y="${y}" width="300" height="20" fill="#eee"/>`
      + `<rect class="area-bar" x="90" y="${y}" width="${Math.max(w, 1)}" height="20" fill="${color}"><title>${escapeHtml(a.area)}: ${a.score}/100, ${a.failedChecks} of ${a.checks} checks failed</title></rect>`
      + (before === undefined ? '' : `<rect x="${90 + Math.round((before / 100) * 300) - 1}" y="${y - 3}" width="3" height="26" fill="#222"><title>baseline ${before}</title></rect>`)
      + `<text x="398" y="${y + 15}" font-size="12">${a.score}${before === undefined ? '' : ` (was ${before})`}</text>`;
  }).join('');
  const height = 40 + Math.max(areas.length, 1) * 28;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="audit score per area" width="500" height="${height}" viewBox="0 0 500 ${height}">`
    + `<text x="0" y="16" font-size="14" font-weight="bold">Audit score per area${report.baseline ? ' (tick: baseline)' : ''}</text>`
    + `${areas.length === 0 ? '<text x="0" y="46" font-size="13">no checks ran</text>' : rows}</svg>`;
}

/**
 * A list of each item's `text`, the first `shown` visible and the rest folded in a `<details>`, in pieces, one per
 * item: a list of any length is never one string.
 */
function* foldedChunks<T>(items: Iterable<T> & { readonly length: number }, shown: number, text: (item: T) => string): Generator<string> {
  if (items.length === 0) {
    yield '<span class="none">none</span>';
    return;
  }
  yield '<ul>';
  let i = 0;
  for (const item of items) {
    if (i === shown) yield `</ul><details><summary>${items.length - shown} more</summary><ul>`;
    yield `<li>${escapeHtml(text(item))}</li>`;
    i++;
  }
  yield items.length > shown ? '</ul></details>' : '</ul>';
}

function statusBadge(status: ControlStatus): string {
  return `<span class="badge" style="background:${STATUS_COLORS[status]}">${STATUS_MARK[status]}</span>`;
}

/** `Rule Kind ns/name: message`. */
function findingLine(f: BreakingFinding): string {
  return `${f.ruleId} ${f.object}: ${f.message}`;
}

/** A control's table row, in pieces (its evidence lists item by item). */
function* controlRowChunks(c: ControlResultView, withBaseline: boolean): Generator<string> {
  const before = withBaseline ? `<td>${statusBadge(c.baselineStatus ?? 'missing')}</td>` : '';
  yield `<tr class="control ${c.status}"><td>${escapeHtml(c.id)}</td><td>${escapeHtml(c.title)}</td>${before}<td>${statusBadge(c.status)}</td><td>`;
  if (c.status === 'manual') yield `<p>Manual: ${escapeHtml(c.manual ?? '')}</p>`;
  if (c.satisfiedBy.length > 0) {
    yield `<p>Satisfied by ${c.satisfiedBy.length} object${c.satisfiedBy.length === 1 ? '' : 's'}:</p>`;
    yield* foldedChunks(c.satisfiedBy, 3, String);
  }
  const lists: ReadonlyArray<readonly [string, BreakingFindingList]> = [
    ['Broken by:', c.brokenBy], ['Acknowledged:', c.acknowledged], ['Could not be judged (unknown) because:', c.undecided],
  ];
  for (const [heading, findings] of lists) {
    if (findings.length === 0) continue;
    yield `<p>${heading}</p>`;
    yield* foldedChunks(findings, 3, findingLine);
  }
  if (c.status === 'missing' || c.status === 'unknown') {
    yield '<p>Would be satisfied by:</p>';
    yield* foldedChunks(c.wouldSatisfy, 4, String);
  }
  yield '</td></tr>';
}

/** `items` escaped and separated by commas, in pieces of at most `per` items. */
function* commaSeparatedChunks(items: readonly string[], per = 1000): Generator<string> {
  for (let i = 0; i < items.length; i += per) {
    yield `${i > 0 ? ', ' : ''}${items.slice(i, i + per).map(escapeHtml).join(', ')}`;
  }
}

/** The inputs and scope section in pieces (namespaces and unread files can number in the hundreds of thousands). */
function* scopeSectionChunks(report: ComplianceReportView, context: ReportContext | undefined): Generator<string> {
  const kinds = Object.entries(report.scope.kinds).map(([kind, n]) => `${kind} ${n}`).join(', ');
  const notRecorded = ['<span class="none">not recorded</span>'];
  const notRead = (context?.notRead ?? []).map((n) => `${n.file}${n.line !== undefined ? `:${n.line}` : ''}: ${n.message}`);
  const rows: [string, Iterable<string>][] = [
    ['Standard', [escapeHtml(report.title)]],
    ['Inputs', context ? foldedChunks(context.inputs, 10, String) : notRecorded],
    ...(report.baseline ? [['Baseline', context ? foldedChunks(context.baselineInputs ?? [], 10, String) : notRecorded] as [string, Iterable<string>]] : []),
    ['Objects', [`${report.current.objects}${kinds ? ` (${escapeHtml(kinds)})` : ''}`]],
    ['Namespaces', report.scope.namespaces.length > 0 ? commaSeparatedChunks(report.scope.namespaces) : ['<span class="none">none (cluster-scoped objects only)</span>']],
    ['Not mapped', foldedChunks(notRead, 5, String)],
  ];
  yield '<section id="scope"><h2>Inputs and scope</h2><dl>';
  for (const [key, value] of rows) {
    yield `<dt>${key}</dt><dd>`;
    yield* value;
    yield '</dd>';
  }
  yield '</dl></section>';
}

/** The top risks section, each risk's objects item by item. */
function* risksSectionChunks(report: ComplianceReportView): Generator<string> {
  if (report.topRisks.length === 0) {
    yield '<section id="risks"><h2>Top risks</h2><p>No counted findings.</p></section>';
    return;
  }
  yield '<section id="risks"><h2>Top risks</h2><table><thead><tr><th>severity</th><th>rule</th><th>risk</th><th>objects</th><th>remediation</th><th>controls</th></tr></thead>'
    + '<tbody>';
  for (const r of report.topRisks) {
    yield `<tr class="risk ${r.severity}"><td>${escapeHtml(r.severity)}</td><td>${escapeHtml(r.ruleId)}</td>`
      + `<td>${escapeHtml(r.title)}</td><td>${r.objects.length}`;
    yield* foldedChunks(r.objects, 3, String);
    yield `</td><td>${escapeHtml(r.remediation)}</td><td>${escapeHtml(r.controls.join(', ') || '-')}</td></tr>`;
  }
  yield '</tbody></table></section>';
}

function changesSection(report: ComplianceReportView): string {
  if (!report.baseline) return '';
  const changed = report.controls.filter((c) => c.baselineStatus !== c.status);
  const rows = changed.map((c) => `<tr><td>${escapeHtml(c.id)}</td><td>${escapeHtml(c.title)}</td><td>${statusBadge(c.baselineStatus ?? 'missing')} &rarr; ${statusBadge(c.status)}</td></tr>`).join('');
  const baselineAreas = new Map(report.baseline.areas.map((a) => [a.area as string, a.score]));
  const current = new Map(report.current.areas.map((a) => [a.area as string, a.score]));
  const areaNames = [...new Set([...baselineAreas.keys(), ...current.keys()])].sort();
  const areaRows = areaNames.map((name) => {
    const before = baselineAreas.get(name);
    const after = current.get(name);
    const delta = before !== undefined && after !== undefined ? after - before : undefined;
    return `<tr><td>${escapeHtml(name)}</td><td>${before ?? '-'}</td><td>${after ?? '-'}</td><td>${delta === undefined ? '-' : `${delta >= 0 ? '+' : ''}${delta}`}</td></tr>`;
  }).join('');
  return `<section id="changes"><h2>Changes since the baseline</h2><p>${escapeHtml(scoreDelta(report) ?? '')}</p>`
    + (changed.length === 0 ? '<p>No control changed status.</p>'
      : `<table><thead><tr><th>control</th><th>title</th><th>baseline &rarr; now</th></tr></thead><tbody>${rows}</tbody></table>`)
    + `<h3>Audit score per area</h3><table><thead><tr><th>area</th><th>baseline</th><th>now</th><th>change</th></tr></thead><tbody>${areaRows}</tbody></table></section>`;
}

const STYLE = [
  'body{font-family:system-ui,sans-serif;margin:2em auto;max-width:75em;color:#222;line-height:1.4}',
  'table{border-collapse:collapse;width:100%;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}',
  'th{background:#f4f6f7}ul{margin:0;padding-left:1.2em}p{margin:0.2em 0}dt{font-weight:bold;float:left;clear:left;width:9em}dd{margin:0 0 0.4em 10em}',
  '.badge{color:#fff;border-radius:3px;padding:1px 6px;font-size:0.85em;white-space:nowrap}.none{color:#777}',
  '.charts{display:flex;flex-wrap:wrap;gap:2em;margin:1em 0}.meta{color:#555}summary{cursor:pointer;color:#2e4053}',
  'tr.risk.error td:first-child{color:#c0392b;font-weight:bold}',
  '@media print{details{display:block}body{margin:0}}',
].join('');

/**
 * The report as one self-contained HTML page (inline CSS and SVG, no scripts, no external resources). `context`
 * adds the date, version and inputs to the header; without it they read "not recorded".
 */
export function formatComplianceHtml(report: ComplianceReportView, context?: ReportContext): string {
  return [...formatComplianceHtmlChunks(report, context)].join('');
}

/**
 * `formatComplianceHtml` in pieces (control rows and their evidence, each top risk's objects and the unread files item by
 * item, the namespaces a thousand at a time): a page of any size is never one string.
 */
export function* formatComplianceHtmlChunks(report: ComplianceReportView, context?: ReportContext): Generator<string> {
  const withBaseline = report.baseline !== undefined;
  const delta = scoreDelta(report);
  const scores = [...(report.baseline ? [complianceScoreLine('Baseline', report.baseline)] : []), complianceScoreLine(withBaseline ? 'Hardened' : 'Score', report.current),
    ...(delta ? [`Change: ${delta}`] : [])];
  const counts = STATUS_ORDER.map((s) => `${report.controls.filter((c) => c.status === s).length} ${s}`).join(', ');
  const title = `Compliance report: ${report.title}`;
  const meta = context
    ? `Generated <time datetime="${escapeHtml(context.generatedAt)}">${escapeHtml(context.generatedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}</time> by kube-harden ${escapeHtml(context.version)}`
    : 'Date and inputs not recorded';
  const notes = noteLines(report);
  yield [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">${meta}</p></header>`,
    '',
  ].join('\n');
  yield* scopeSectionChunks(report, context);
  yield [
    '',
    '<section id="summary"><h2>Summary</h2>',
    `<ul>${scores.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}<li>${escapeHtml(`Controls: ${counts}`)}</li></ul>`,
    `<div class="charts">${scoreChartSvg(report)}${statusChartSvg(report)}${areaChartSvg(report)}</div>`,
    '<p class="meta">unknown: the input could not show the control either way (e.g. the Namespace object or a policy is not in the input); it never counts as satisfied.</p>',
    '</section>',
    '',
  ].join('\n');
  yield* risksSectionChunks(report);
  yield [
    '',
    changesSection(report),
    `<section id="controls"><h2>Controls</h2><table><thead><tr><th>control</th><th>title</th>${withBaseline ? '<th>baseline</th>' : ''}<th>status</th><th>evidence</th></tr></thead><tbody>`,
    '',
  ].join('\n');
  for (const c of report.controls) {
    yield* controlRowChunks(c, withBaseline);
    yield '\n';
  }
  yield [
    '</tbody></table></section>',
    ...(notes.length > 0 ? [`<section id="notes"><h2>Notes</h2><ul>${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>`] : []),
    '</body></html>',
    '',
  ].join('\n');
}
