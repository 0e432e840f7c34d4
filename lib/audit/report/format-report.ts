import { ComplianceReport, ComplianceScore, ControlResult, ControlStatus } from './compliance';

/** Markdown, JSON and self-contained HTML renderings of a compliance report. */

const STATUS_MARK: Readonly<Record<ControlStatus, string>> = { satisfied: 'satisfied', broken: 'BROKEN', missing: 'missing', manual: 'manual' };

function scoreLine(label: string, s: ComplianceScore): string {
  return `${label}: ${s.score}% of controls satisfied (${s.satisfied}/${s.scored}; audit check score ${s.auditScore}; ${s.objects} objects)`;
}

/** The before/after sentence, e.g. `+57 points (19% -> 76%)`. */
export function scoreDelta(report: ComplianceReport): string | undefined {
  if (!report.baseline) return undefined;
  const delta = report.current.score - report.baseline.score;
  return `${delta >= 0 ? '+' : ''}${delta} points (${report.baseline.score}% -> ${report.current.score}%)`;
}

function list(items: readonly string[], max = 8): string {
  if (items.length === 0) return '-';
  const shown = items.slice(0, max).join('<br>');
  return items.length > max ? `${shown}<br>... ${items.length - max} more` : shown;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Every control's notes, prefixed with the control id. */
function noteLines(report: ComplianceReport): string[] {
  return report.controls.flatMap((c) => (c.notes ?? []).map((n) => `${c.id} ${c.title}: ${n}`));
}

/** The report as Markdown (one table row per control, then the controls' notes). */
export function formatComplianceMarkdown(report: ComplianceReport): string {
  const lines = [`# Compliance report: ${report.title}`, ''];
  if (report.baseline) lines.push(`- ${scoreLine('Baseline', report.baseline)}`);
  lines.push(`- ${scoreLine(report.baseline ? 'Hardened' : 'Score', report.current)}`);
  const delta = scoreDelta(report);
  if (delta) lines.push(`- Change: ${delta}`);
  lines.push('', `| control | title | status |${report.baseline ? ' baseline |' : ''} satisfied by | broken by (and acknowledged) |`,
    `| --- | --- | --- |${report.baseline ? ' --- |' : ''} --- | --- |`);
  for (const c of report.controls) {
    const broken = [...c.brokenBy, ...c.acknowledged].map((f) => `${f.ruleId} ${f.object}: ${f.message}`);
    const satisfied = c.status === 'manual' ? [`manual: ${c.manual}`] : c.satisfiedBy;
    lines.push(`| ${c.id} | ${cell(c.title)} | ${STATUS_MARK[c.status]} |${report.baseline ? ` ${STATUS_MARK[c.baselineStatus ?? 'missing']} |` : ''}`
      + ` ${cell(list(satisfied))} | ${cell(list(broken))} |`);
  }
  const notes = noteLines(report);
  if (notes.length > 0) lines.push('', '## Notes', '', ...notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The report as JSON. */
export function formatComplianceJson(report: ComplianceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An inline SVG bar chart of the baseline and current scores, and of the controls by status. */
export function scoreChartSvg(report: ComplianceReport): string {
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

function htmlRow(c: ControlResult, withBaseline: boolean): string {
  const items = (xs: readonly string[]) => (xs.length === 0 ? '-' : `<ul>${xs.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`);
  const satisfied = c.status === 'manual' ? [`manual: ${c.manual}`] : c.satisfiedBy;
  return `<tr class="${c.status}"><td>${escapeHtml(c.id)}</td><td>${escapeHtml(c.title)}</td><td>${STATUS_MARK[c.status]}</td>`
    + `${withBaseline ? `<td>${STATUS_MARK[c.baselineStatus ?? 'missing']}</td>` : ''}`
    + `<td>${items(satisfied)}</td><td>${items([...c.brokenBy, ...c.acknowledged].map((f) => `${f.ruleId} ${f.object}: ${f.message}`))}</td></tr>`;
}

/** The report as one self-contained HTML page (inline CSS and SVG, no scripts, no external resources). */
export function formatComplianceHtml(report: ComplianceReport): string {
  const withBaseline = report.baseline !== undefined;
  const delta = scoreDelta(report);
  const scores = [...(report.baseline ? [scoreLine('Baseline', report.baseline)] : []), scoreLine(withBaseline ? 'Hardened' : 'Score', report.current),
    ...(delta ? [`Change: ${delta}`] : [])];
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(`Compliance report: ${report.title}`)}</title>`,
    '<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}'
      + 'td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}ul{margin:0;padding-left:1.2em}'
      + 'tr.broken td:nth-child(3){color:#c0392b;font-weight:bold}tr.satisfied td:nth-child(3){color:#27ae60}tr.missing td:nth-child(3){color:#d68910}</style>',
    '</head><body>',
    `<h1>${escapeHtml(`Compliance report: ${report.title}`)}</h1>`,
    scoreChartSvg(report),
    `<ul>${scores.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
    `<table><thead><tr><th>control</th><th>title</th><th>status</th>${withBaseline ? '<th>baseline</th>' : ''}<th>satisfied by</th><th>broken by (and acknowledged)</th></tr></thead><tbody>`,
    ...report.controls.map((c) => htmlRow(c, withBaseline)),
    '</tbody></table>',
    ...(noteLines(report).length > 0 ? ['<h2>Notes</h2>', `<ul>${noteLines(report).map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`] : []),
    '</body></html>',
    '',
  ].join('\n');
}
