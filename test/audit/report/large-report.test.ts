import { BreakingFinding, ComplianceReport, complianceReport, formatComplianceHtmlChunks, formatComplianceJsonChunks } from '../../../lib/audit/report';

/**
 * Issue 15 (CLI at scale): on a 60 MB file of plain Deployments (1.7 million findings) `kube-harden report -f json`
 * ended in `Invalid string length` and `-f html` peaked at 4 GB: both made the whole document one string. They are
 * written in pieces now, each control's lists item by item.
 */

const ITEMS = 300_000;

function largeReport(): ComplianceReport {
  const small = complianceReport([], { standard: 'pss' });
  const brokenBy: BreakingFinding[] = Array.from({ length: ITEMS }, (_, i) => ({ ruleId: 'KH-POD-001', object: `Pod shop/p${i}`, message: 'runs as root' }));
  const satisfiedBy = Array.from({ length: ITEMS }, (_, i) => `Pod shop/q${i}`);
  return { ...small, controls: small.controls.map((c, i) => (i === 0 ? { ...c, status: 'broken', brokenBy, satisfiedBy } : c)) };
}

describe('compliance report formats at 300,000 findings', () => {
  const report = largeReport();

  test('JSON: small pieces that are, joined, the report as indented JSON', () => {
    const chunks = [...formatComplianceJsonChunks(report)];
    expect(chunks.every((c) => c.length < 5000)).toBe(true);
    expect(chunks.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  test('HTML: small pieces, every finding and object listed once', () => {
    let items = 0;
    let longest = 0;
    for (const chunk of formatComplianceHtmlChunks(report)) {
      longest = Math.max(longest, chunk.length);
      if (chunk.startsWith('<li>Pod shop/q') || chunk.startsWith('<li>KH-POD-001 Pod shop/p')) items++;
    }
    expect(longest).toBeLessThan(20_000);
    expect(items).toBe(2 * ITEMS);
  });
});
