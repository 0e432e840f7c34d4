import { AuditReport } from '../../../lib/audit/engine';
import { Finding } from '../../../lib/audit/finding';
import { AuditRun, formatMarkdownChunks, formatTableChunks } from '../../../lib/audit/format';

/**
 * Issue 15 (audit CLI at scale): a 60 MB file of plain Deployments gives 1.7 million findings. The table and Markdown
 * formats are the CLI's default and PR-comment outputs; they must write such a report in small pieces, without one
 * list of rows, one string, or a call with one argument per row (`Math.max(...)` and `push(...)` overflow the stack
 * past about 120,000 arguments: that is how `kube-harden audit` crashed on 8,000 Deployments).
 */

const FINDINGS = 300_000;

function largeRun(): AuditRun {
  const object = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
  const findings: Finding[] = [];
  for (let i = 0; i < FINDINGS; i++) {
    findings.push({
      ruleId: 'KH-POD-001',
      area: 'pod',
      severity: 'error',
      title: 'Runs as non-root',
      message: `container 'app-${i % 1000}' may run as root`,
      remediation: 'Set runAsNonRoot.',
      object,
      location: { file: 'big.yaml', line: i + 1 },
      path: 'spec',
      ...(i % 10 === 0 ? { acknowledged: { reason: 'legacy image' } } : {}),
    });
  }
  const summary = { error: FINDINGS * 0.9, warning: 0, info: 0, acknowledged: FINDINGS / 10, unknown: 0 };
  const report: AuditReport = { pack: 'kube-harden', rules: [], findings, score: 40, coverage: 100, failsBaseline: true, areas: [], checks: FINDINGS, summary };
  const many = Array.from({ length: FINDINGS }, (_, i) => ({ file: `in/${i}.yaml`, line: 1, message: 'malformed' }));
  return { report, problems: many, notes: many, objects: FINDINGS, dockerfiles: 0, version: 'test' };
}

describe('audit formats at 300,000 findings, problems and notes', () => {
  const run = largeRun();

  test('the table is written line by line, aligned, with every finding, problem and note', () => {
    let lines = 0;
    let longest = 0;
    const messageColumns = new Set<number>();
    for (const chunk of formatTableChunks(run)) {
      longest = Math.max(longest, chunk.length);
      lines += chunk.split('\n').length - 1;
      if (chunk.startsWith('error ') || chunk.startsWith('acknowledged ')) messageColumns.add(chunk.indexOf('container'));
    }
    expect(longest).toBeLessThan(200);
    expect(messageColumns).toEqual(new Set(['acknowledged  KH-POD-001  big.yaml:300000  Deployment shop/web  '.length]));
    // header, blank, column header, findings, blank + heading + problems, blank + heading + notes, blank, score, summary
    expect(lines).toBe(3 + FINDINGS + 2 + FINDINGS + 2 + FINDINGS + 3);
  });

  test('the Markdown is written row by row, open findings apart from acknowledged ones', () => {
    let open = 0;
    let acknowledged = 0;
    let longest = 0;
    for (const chunk of formatMarkdownChunks(run)) {
      longest = Math.max(longest, chunk.length);
      if (chunk.startsWith('| error | KH-POD-001')) open++;
      if (chunk.startsWith('| KH-POD-001 |') && chunk.includes('legacy image')) acknowledged++;
    }
    expect(longest).toBeLessThan(200);
    expect([open, acknowledged]).toEqual([FINDINGS * 0.9, FINDINGS / 10]);
  });
});
