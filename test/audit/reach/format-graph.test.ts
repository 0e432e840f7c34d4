import { ESCAPED_NAME, hasRawControl, HOSTILE_POD } from './hostile-name';
import { computeReach, formatReachHtml, formatReachMermaid } from '../../../lib/audit/reach';

const report = { result: computeReach([HOSTILE_POD]) };

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' };

/**
 * The text Mermaid shows for a quoted flowchart label `label`. An entity code, `#` then a decimal code point or an HTML
 * character name then `;`, is that character (mermaid-js/mermaid packages/mermaid/src/docs/syntax/flowchart.md,
 * "Entity codes to escape characters": `#quot;`, `#9829;`, and `#` itself as `#35;`): Mermaid turns it into the HTML
 * entity (`encodeEntities` / `decodeEntities` in packages/mermaid/src/utils.ts: `#60;` becomes `&#60;`), and the label
 * is HTML, where `&amp;` written in it is `&` too. (Only the entities these tests meet are decoded.)
 */
function shownLabel(label: string): string {
  const html = label.replace(/#(\w+);/g, (_, code: string) => (/^\d+$/.test(code) ? `&#${code};` : `&${code};`));
  return html.replace(/&#(\d+);|&(amp|lt|gt|quot);/g, (_, point: string | undefined, name: string) => (point !== undefined ? String.fromCodePoint(Number(point)) : NAMED[name]));
}

describe('reach graphs |', () => {
  test('Mermaid: a name from the input stays inside its quoted label, control and bidi characters escaped', () => {
    const mermaid = formatReachMermaid(report);
    expect(hasRawControl(mermaid)).toBe(false);
    expect(mermaid).toContain(`["${ESCAPED_NAME}"]\n`);
    expect(mermaid.split('\n').filter((line) => line.startsWith('CNI:') || line.startsWith('Exposure:'))).toEqual([]);
  });

  test('Mermaid: a name spelling an entity code or an HTML entity (`#60;`, `&amp;`) is shown as written, not as `<` or `&`', () => {
    // GIVEN workloads whose names and namespace spell entity codes (Kubernetes refuses such names; a file may hold them)
    const names = ['#60;', '&amp;', 'a#quot;b&lt;c"'];
    const pods = names.map((name) => ({ ...HOSTILE_POD, metadata: { name, namespace: 'ns#35;&gt;' } }));
    // WHEN the graph is drawn
    const mermaid = formatReachMermaid({ result: computeReach(pods) });
    // THEN each label, read as Mermaid reads it, is the name as written
    const labels = [...mermaid.matchAll(/^ *(?:subgraph )?n\d+\["([^"]*)"\]$/gm)].map((m) => shownLabel(m[1]));
    expect(labels).toEqual(expect.arrayContaining(['ns#35;&gt;', ...names]));
    expect(labels).toHaveLength(names.length + 1 + 2); // and the namespace of kube-dns, and kube-dns
    expect(mermaid).toContain('["#35;60;"]');
  });

  test('HTML: control and bidi characters of names are visible escapes; a tooltip keeps one line per port', () => {
    const html = formatReachHtml(report);
    expect(hasRawControl(html)).toBe(false);
    expect(html).toContain(`<tr><th>shop/${ESCAPED_NAME}</th>`);
    expect(html).toContain('title="53/TCP: unrestricted:egress, unrestricted:ingress\n53/UDP: unrestricted:egress, unrestricted:ingress"');
  });
});
