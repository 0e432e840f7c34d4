import { Flow } from './engine';
import { exposureOf } from './exposure';
import { ReachReport, exposureLines, flowsByEdge, percent, portLabel } from './format';
import { cmp } from '../finding-order';
import { printable } from '../format/escape';
import { escapeHtml } from '../report/format-html';

/**
 * `text` inside a quoted Mermaid label: control and invisible characters as escapes (`printable`), then `"<>`, backtick,
 * `&` and `#` as entity codes. Mermaid reads `#60;` in a label as the entity code of `<`, and shows the label as HTML
 * (where `&amp;` is `&`): so `#` and `&` of the text are codes too (`#35;`, `#38;`), or a name `#60;` would show as `<`.
 */
function mermaidText(text: string): string {
  return printable(text).replace(/["<>`&#]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** `formatReachMermaid` in pieces, line by line. */
export function* formatReachMermaidChunks(report: ReachReport): Generator<string> {
  const { result } = report;
  yield 'flowchart LR\n';
  const nodeIds = new Map<string, string>();
  const mermaidId = (key: string): string => {
    if (!nodeIds.has(key)) nodeIds.set(key, `n${nodeIds.size}`);
    return nodeIds.get(key)!;
  };
  const byNamespace = new Map<string, string[]>();
  for (const w of result.workloads) {
    const ids = byNamespace.get(w.namespace);
    if (ids === undefined) byNamespace.set(w.namespace, [w.id]);
    else ids.push(w.id);
  }
  const external = new Set<string>();
  for (const f of result.flows) {
    if (!f.to.includes('/') || f.to.includes(':')) external.add(f.to);
  }
  for (const [ns, ids] of [...byNamespace].sort(([a], [b]) => cmp(a, b))) {
    yield `  subgraph ${mermaidId(`namespace\u0000${ns}`)}["${mermaidText(ns)}"]\n`;
    for (const id of ids) yield `    ${mermaidId(id)}["${mermaidText(id.slice(ns.length + 1))}"]\n`;
    yield '  end\n';
  }
  for (const to of external) yield `  ${mermaidId(to)}(["${mermaidText(to)}"])\n`;
  for (const edge of flowsByEdge(result.flows)) {
    yield `  ${mermaidId(edge[0].from)} -->|"${mermaidText(edge.map(portLabel).join(', '))}"| ${mermaidId(edge[0].to)}\n`;
  }
}

/** A Mermaid flowchart: workloads grouped by namespace, one edge per source and destination, labelled with the ports. */
export function formatReachMermaid(report: ReachReport): string {
  return [...formatReachMermaidChunks(report)].join('');
}

/** The flows of each source, as the range of `flows` (sorted by source) they take. */
function rangesBySource(flows: readonly Flow[]): Map<string, { start: number; end: number }> {
  const ranges = new Map<string, { start: number; end: number }>();
  for (let i = 0; i < flows.length; i++) {
    const range = ranges.get(flows[i].from);
    if (range === undefined) ranges.set(flows[i].from, { start: i, end: i + 1 });
    else range.end = i + 1;
  }
  return ranges;
}

/** `formatReachHtml` in pieces: the page up to the table, then one matrix row at a time. */
export function* formatReachHtmlChunks(report: ReachReport): Generator<string> {
  const { result } = report;
  const sources = result.workloads.filter((w) => !w.assumed).map((w) => w.id);
  const external = new Set<string>();
  for (const f of result.flows) {
    if (f.to.includes(':')) external.add(f.to);
  }
  const destinations = [...result.workloads.map((w) => w.id), ...[...external].sort()];
  const ranges = rangesBySource(result.flows);
  const assumed = new Set(result.workloads.filter((w) => w.assumed).map((w) => w.id));
  const exposure = report.change?.after ?? exposureOf(result);
  const bar = (label: string, share: number, colour: string): string => `<div class="bar"><span class="label">${escapeHtml(label)}</span>`
    + `<span class="track"><span class="fill" style="width:${(share * 100).toFixed(1)}%;background:${colour}"></span></span><span>${percent(share)}</span></div>`;
  const bars = [
    ...(report.change ? [bar('baseline: workload pairs reachable', report.change.before.pairShare, '#c0392b')] : []),
    bar('workload pairs reachable', exposure.pairShare, '#2471a3'),
    ...(report.change ? [bar('baseline: pair-ports open', report.change.before.portShare, '#c0392b')] : []),
    bar('pair-ports open', exposure.portShare, '#2471a3'),
  ];
  const head = destinations.map((d) => `<th class="${assumed.has(d) ? 'assumed' : d.includes(':') ? 'external' : ''}"><span>${escapeHtml(d)}</span></th>`).join('');
  const row = (s: string): string => {
    const range = ranges.get(s);
    const cells = new Map<string, readonly Flow[]>();
    for (const edge of range === undefined ? [] : flowsByEdge(result.flows.slice(range.start, range.end))) cells.set(edge[0].to, edge);
    return `<tr><th>${escapeHtml(s)}</th>${destinations.map((d) => {
      if (d === s) return '<td class="self"></td>';
      const edge = cells.get(d);
      return edge === undefined
        ? '<td class="closed"></td>'
        : `<td class="open" title="${edge.map((f) => escapeHtml(`${portLabel(f)}: ${f.allowedBy.join(', ')}`)).join('\n')}">${escapeHtml(edge.map(portLabel).join(' '))}</td>`;
    }).join('')}</tr>`;
  };
  const lines = (texts: readonly string[]): string => texts.map((t) => `${t}\n`).join('');
  yield lines([
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>kube-harden reach</title>',
    '<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}'
      + 'th,td{border:1px solid #ccc;padding:4px 6px;font-size:13px}thead th{vertical-align:bottom;height:10em}'
      + 'thead th span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}tbody th{text-align:right;white-space:nowrap}'
      + 'td.open{background:#f5b7b1;text-align:center}td.closed{background:#eafaf1}td.self{background:#eee}'
      + 'th.assumed,th.external{color:#777;font-style:italic}.bar{display:flex;gap:8px;align-items:center;margin:4px 0}'
      + '.label{width:18em}.track{display:inline-block;width:300px;height:14px;background:#eee}.fill{display:block;height:14px}</style>',
    '</head><body>',
    '<h1>Who can reach whom</h1>',
    `<p>Policy engine: ${escapeHtml(result.cni)}. Rows are sources, columns destinations; a red cell lists the open ports `
      + '(hover for the objects that allow them). Italic columns are outside the input: assumed cluster services and external destinations.</p>',
    ...bars,
    `<table><thead><tr><th></th>${head}</tr></thead><tbody>`,
  ]);
  for (const s of sources) yield `${row(s)}\n`;
  yield lines([
    '</tbody></table>',
    `<ul>${exposureLines(report).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    '</body></html>',
  ]);
}

/**
 * A self-contained HTML page (no script, no fetch): the exposure figures as bars, then the reachability matrix,
 * sources as rows and destinations (workloads, then external names and blocks) as columns, each open cell listing its
 * ports and, on hover, the objects that allow it.
 */
export function formatReachHtml(report: ReachReport): string {
  return [...formatReachHtmlChunks(report)].join('');
}
