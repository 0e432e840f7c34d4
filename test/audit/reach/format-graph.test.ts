import { ESCAPED_NAME, hasRawControl, HOSTILE_POD } from './hostile-name';
import { computeReach, formatReachHtml, formatReachMermaid } from '../../../lib/audit/reach';

const report = { result: computeReach([HOSTILE_POD]) };

describe('reach graphs |', () => {
  test('Mermaid: a name from the input stays inside its quoted label, control and bidi characters escaped', () => {
    const mermaid = formatReachMermaid(report);
    expect(hasRawControl(mermaid)).toBe(false);
    expect(mermaid).toContain(`["${ESCAPED_NAME}"]\n`);
    expect(mermaid.split('\n').filter((line) => line.startsWith('CNI:') || line.startsWith('Exposure:'))).toEqual([]);
  });

  test('HTML: control and bidi characters of names are visible escapes; a tooltip keeps one line per port', () => {
    const html = formatReachHtml(report);
    expect(hasRawControl(html)).toBe(false);
    expect(html).toContain(`<tr><th>shop/${ESCAPED_NAME}</th>`);
    expect(html).toContain('title="53/TCP: unrestricted:egress, unrestricted:ingress\n53/UDP: unrestricted:egress, unrestricted:ingress"');
  });
});
