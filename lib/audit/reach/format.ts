import { Flow, ReachResult } from './engine';
import { Exposure, ExposureChange, exposureOf } from './exposure';
import { alignColumns } from '../format/table';
import { escapeHtml } from '../report/format-html';

/** What the `reach` formats print: the result, and the exposure change when a baseline was given. */
export interface ReachReport {
  /** The subject's reachability. */
  readonly result: ReachResult;
  /** Exposure before (baseline) and after. */
  readonly change?: ExposureChange;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

function portLabel(flow: Pick<Flow, 'port' | 'protocol'>): string {
  return flow.port === '*' ? 'any' : `${flow.port}/${flow.protocol}`;
}

/** One line per exposure figure. */
export function exposureLines(report: ReachReport): string[] {
  const line = (label: string, e: Exposure): string => `${label}: ${e.reachablePairs}/${e.pairs} workload pairs reachable (${percent(e.pairShare)}), `
    + `${e.reachablePortPairs}/${e.portPairs} pair-ports (${percent(e.portShare)})`;
  const after = report.change?.after ?? exposureOf(report.result);
  if (report.change === undefined) return [line('Exposure', after)];
  const scope = report.change.common ? ' (workloads both inputs define)' : '';
  return [
    line(`Baseline exposure${scope}`, report.change.before),
    line(`Exposure${scope}`, after),
    `Reduction: ${percent(report.change.pairReduction)} of reachable pairs, ${percent(report.change.portReduction)} of reachable pair-ports`,
  ];
}

/** The flows as an aligned table, then the exposure. */
export function formatReachTable(report: ReachReport): string {
  const rows = [['FROM', 'TO', 'PORT', 'ALLOWED BY'], ...report.result.flows.map((f) => [
    f.from, f.except ? `${f.to} except ${f.except.join(',')}` : f.to, portLabel(f), `${f.allowedBy.join(', ')}${f.l7 ? ' (some requests: L7 rules)' : ''}`,
  ])];
  return `${alignColumns(rows)}\n\nCNI: ${report.result.cni}\n${exposureLines(report).join('\n')}\n`;
}

/** The JSON document: `cni`, `workloads`, `flows`, `dns` and `exposure` (`current`, and `baseline` with reductions). */
export function reachJson(report: ReachReport): Record<string, unknown> {
  const { result, change } = report;
  return {
    cni: result.cni,
    workloads: result.workloads.map((w) => ({
      id: w.id,
      kind: w.kind,
      serviceAccount: w.serviceAccount,
      mesh: w.mesh,
      ports: w.ports.map((p) => `${p.port}/${p.protocol}`),
      ...(w.waypoint ? { waypoint: w.waypoint } : {}),
      ...(w.assumed ? { assumed: true } : {}),
    })),
    flows: result.flows,
    dns: Object.fromEntries([...result.dns].map(([id, d]) => [id, d])),
    exposure: change === undefined
      ? { current: exposureOf(result) }
      : {
        current: change.after,
        baseline: change.before,
        pairReduction: change.pairReduction,
        portReduction: change.portReduction,
        commonWorkloads: change.common,
      },
  };
}

/** `reachJson` as indented JSON text. */
export function formatReachJson(report: ReachReport): string {
  return `${JSON.stringify(reachJson(report), null, 2)}\n`;
}

function mermaidText(text: string): string {
  return text.replace(/["<>`]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** A Mermaid flowchart: workloads grouped by namespace, one edge per source and destination, labelled with the ports. */
export function formatReachMermaid(report: ReachReport): string {
  const lines = ['flowchart LR'];
  const nodeIds = new Map<string, string>();
  const mermaidId = (key: string): string => {
    if (!nodeIds.has(key)) nodeIds.set(key, `n${nodeIds.size}`);
    return nodeIds.get(key)!;
  };
  const byNamespace = new Map<string, string[]>();
  for (const w of report.result.workloads) byNamespace.set(w.namespace, [...byNamespace.get(w.namespace) ?? [], w.id]);
  const external = [...new Set(report.result.flows.map((f) => f.to).filter((to) => !to.includes('/') || to.includes(':')))];
  for (const [ns, ids] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  subgraph ${mermaidId(`namespace\u0000${ns}`)}["${mermaidText(ns)}"]`);
    for (const id of ids) lines.push(`    ${mermaidId(id)}["${mermaidText(id.slice(ns.length + 1))}"]`);
    lines.push('  end');
  }
  for (const to of external) lines.push(`  ${mermaidId(to)}(["${mermaidText(to)}"])`);
  for (const [edge, ports] of edges(report.result.flows)) {
    const [from, to] = edge.split('\u0000');
    lines.push(`  ${mermaidId(from)} -->|"${mermaidText(ports.join(', '))}"| ${mermaidId(to)}`);
  }
  return `${lines.join('\n')}\n`;
}

function edges(flows: readonly Flow[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of flows) {
    const key = `${f.from}\u0000${f.to}`;
    out.set(key, [...out.get(key) ?? [], portLabel(f)]);
  }
  return out;
}

/**
 * A self-contained HTML page (no script, no fetch): the exposure figures as bars, then the reachability matrix,
 * sources as rows and destinations (workloads, then external names and blocks) as columns, each open cell listing its
 * ports and, on hover, the objects that allow it.
 */
export function formatReachHtml(report: ReachReport): string {
  const { result } = report;
  const sources = result.workloads.filter((w) => !w.assumed).map((w) => w.id);
  const destinations = [
    ...result.workloads.map((w) => w.id),
    ...[...new Set(result.flows.map((f) => f.to))].filter((to) => to.includes(':')).sort(),
  ];
  const cells = edges(result.flows);
  const by = new Map<string, string[]>();
  for (const f of result.flows) {
    const key = `${f.from}\u0000${f.to}`;
    by.set(key, [...by.get(key) ?? [], `${portLabel(f)}: ${f.allowedBy.join(', ')}`]);
  }
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
  const rows = sources.map((s) => `<tr><th>${escapeHtml(s)}</th>${destinations.map((d) => {
    if (d === s) return '<td class="self"></td>';
    const ports = cells.get(`${s}\u0000${d}`);
    return ports === undefined
      ? '<td class="closed"></td>'
      : `<td class="open" title="${escapeHtml((by.get(`${s}\u0000${d}`) ?? []).join('\n'))}">${escapeHtml(ports.join(' '))}</td>`;
  }).join('')}</tr>`);
  return [
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
    ...rows,
    '</tbody></table>',
    `<ul>${exposureLines(report).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    '</body></html>',
    '',
  ].join('\n');
}
