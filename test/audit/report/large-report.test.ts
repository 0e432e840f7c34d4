import {
  BreakingFinding, ComplianceReport, complianceReport, formatComplianceHtmlChunks, formatComplianceJsonChunks, ReportContext,
} from '../../../lib/audit/report';

/**
 * Issue 15 (CLI at scale): on a 60 MB file of plain Deployments (1.7 million findings) `kube-harden report -f json`
 * ended in `Invalid string length` and `-f html` peaked at 4 GB: both made the whole document one string. They are
 * written in pieces now, each control's lists item by item. On 455,903 one-line Pods (one namespace each) the top
 * risks' objects and the namespaces were still single pieces of tens of MB (JSON peaked at 1.70 GB, HTML at 1.63 GB);
 * they are listed item by item too.
 */

const ITEMS = 300_000;

function largeReport(): ComplianceReport {
  const small = complianceReport([], { standard: 'pss' });
  const brokenBy: BreakingFinding[] = Array.from({ length: ITEMS }, (_, i) => ({ ruleId: 'KH-POD-001', object: `Pod shop/p${i}`, message: 'runs as root' }));
  const satisfiedBy = Array.from({ length: ITEMS }, (_, i) => `Pod shop/q${i}`);
  const risky = Array.from({ length: ITEMS }, (_, i) => `Pod shop-${i}/r${i}`);
  return {
    ...small,
    controls: small.controls.map((c, i) => (i === 0 ? { ...c, status: 'broken', brokenBy, satisfiedBy } : c)),
    topRisks: [{ ruleId: 'KH-POD-001', title: 'runs as root', severity: 'error', objects: risky, remediation: 'run as non-root', controls: ['x'] }],
    scope: { kinds: { Pod: 2 * ITEMS }, namespaces: Array.from({ length: ITEMS }, (_, i) => `shop-${i}`) },
  };
}

const context: ReportContext = {
  generatedAt: '2026-12-07T00:00:00Z',
  version: '0.0.0',
  inputs: ['pods.yaml'],
  notRead: Array.from({ length: ITEMS }, (_, i) => ({ file: 'pods.yaml', line: i + 1, message: 'not a Kubernetes object' })),
};

describe('compliance report formats at 300,000 findings, risky objects and namespaces', () => {
  const report = largeReport();

  test('JSON: small pieces that are, joined, the report as indented JSON', () => {
    const chunks = [...formatComplianceJsonChunks(report)];
    expect(chunks.every((c) => c.length < 5000)).toBe(true);
    expect(chunks.join('')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  test('HTML: small pieces, every finding, object, namespace and unread document listed once', () => {
    const items = { satisfied: 0, broken: 0, risky: 0, notRead: 0 };
    let namespaces = 0;
    let longest = 0;
    for (const chunk of formatComplianceHtmlChunks(report, context)) {
      longest = Math.max(longest, chunk.length);
      if (chunk.startsWith('<li>Pod shop/q')) items.satisfied++;
      if (chunk.startsWith('<li>KH-POD-001 Pod shop/p')) items.broken++;
      if (chunk.startsWith('<li>Pod shop-')) items.risky++;
      if (chunk.startsWith('<li>pods.yaml:')) items.notRead++;
      namespaces += chunk.match(/(?:^|, )shop-\d+(?=,|$)/g)?.length ?? 0;
    }
    expect(longest).toBeLessThan(20_000);
    expect(items).toEqual({ satisfied: ITEMS, broken: ITEMS, risky: ITEMS, notRead: ITEMS });
    expect(namespaces).toBe(ITEMS);
  });
});
