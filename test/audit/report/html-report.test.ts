import * as fs from 'fs';
import * as path from 'path';
import {
  complianceReport, formatComplianceHtml, formatComplianceMarkdown, ReportContext, TOP_RISKS,
} from '../../../lib/audit/report';
import { reportDate } from '../../../lib/cli/commands/report';
import { K8sObject } from '../../../lib/core';
import { runCli, tempDir } from '../../cli/run-cli';

/** Issue 13: the HTML report a security lead forwards. (The headless-browser check is html-report.browser.test.ts.) */

const DIGEST_IMAGE = `registry.example.com/a:1.0@sha256:${'a'.repeat(64)}`;
const RESTRICTED = { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

function deployment(name: string, namespace: string, securityContext: Record<string, unknown> = {}, image = 'registry.example.com/a:1.0'): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image, securityContext }] } },
    },
  };
}

const CONTEXT: ReportContext = {
  generatedAt: '2026-12-06T14:00:00Z',
  version: '9.9.9',
  inputs: ['dist/'],
  baselineInputs: ['legacy/'],
  notRead: [{ file: 'dist/Dockerfile', message: 'Dockerfile not mapped by the compliance report' }],
};

describe('HTML report', () => {
  const current = [deployment('api', 'shop', RESTRICTED, DIGEST_IMAGE), deployment('worker', 'shop', RESTRICTED, DIGEST_IMAGE)];
  const baseline = [deployment('api', 'shop', { privileged: true }), deployment('worker', 'shop', { privileged: true })];
  const report = complianceReport(current, { standard: 'mlps2-l3', baseline });
  const html = formatComplianceHtml(report, CONTEXT);

  test('header: date, tool version, inputs and scope (kinds, namespaces, what was not mapped)', () => {
    expect(html).toContain('Generated <time datetime="2026-12-06T14:00:00Z">2026-12-06 14:00:00 UTC</time> by kube-harden 9.9.9');
    expect(html).toMatch(/<dt>Inputs<\/dt><dd><ul><li>dist\/<\/li><\/ul><\/dd><dt>Baseline<\/dt><dd><ul><li>legacy\/<\/li>/);
    expect(html).toContain('<dt>Objects</dt><dd>2 (Deployment 2)</dd><dt>Namespaces</dt><dd>shop</dd>');
    expect(html).toContain('<li>dist/Dockerfile: Dockerfile not mapped by the compliance report</li>');
  });

  test('unknown is its own status, with why; it does not count as satisfied', () => {
    // a ClusterRoleBinding to a ClusterRole that is not in the input: KH-RBAC-004 cannot tell whether it reads Secrets,
    // so CIS 5.1.2 is neither satisfied nor broken
    const binding: K8sObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'app' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'monitoring' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
    } as K8sObject;
    const cis = complianceReport([...current, binding], { standard: 'cis' });
    const secrets = cis.controls.find((c) => c.id === '5.1.2')!;
    expect(secrets.status).toBe('unknown');
    expect(secrets.undecided).toEqual([{ ruleId: 'KH-RBAC-004', object: 'ClusterRoleBinding app', message: expect.stringMatching(/ClusterRole 'monitoring' is not part of the audit/) }]);
    const page = formatComplianceHtml(cis, CONTEXT);
    expect(page).toMatch(/<tr class="control unknown"><td>5\.1\.2<\/td>[\s\S]*?Could not be judged \(unknown\) because:<\/p><ul><li>KH-RBAC-004 ClusterRoleBinding app: ClusterRole &#39;monitoring&#39; is not part of the audit/);
    expect(page).toMatch(/<svg[^>]*aria-label="controls by status"[\s\S]*?<rect class="status-unknown"/);
    expect(cis.current.satisfied).toBe(cis.controls.filter((c) => c.status === 'satisfied').length);
  });

  test('a missing control shows the evidence that would satisfy it', () => {
    // no Tetragon policy and no Falco rules in the input: 安全审计 8.1.4.3 has no evidence
    const audit = report.controls.find((c) => c.id === '8.1.4.3')!;
    expect(audit.status).toBe('missing');
    expect(html).toMatch(/<tr class="control missing"><td>8\.1\.4\.3<\/td>[\s\S]*?Would be satisfied by:<\/p><ul><li>evidence object: eBPF exec monitoring \(Tetragon TracingPolicy/);
  });

  test('top risks: worst first, each with its objects and remediation', () => {
    expect(report.topRisks.length).toBeGreaterThan(0);
    expect(report.topRisks.length).toBeLessThanOrEqual(TOP_RISKS);
    const ranks = report.topRisks.map((r) => ({ error: 0, warning: 1, info: 2 })[r.severity]);
    expect(ranks).toEqual([...ranks].sort());
    const first = report.topRisks[0];
    expect(first.objects).toEqual(['Deployment shop/api', 'Deployment shop/worker']);
    expect(html).toContain(`<td>${first.ruleId}</td>`);
    expect(first.remediation.length).toBeGreaterThan(10);
    expect(html).toContain(first.remediation.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
  });

  test('baseline deltas: the controls that changed status and the area scores before and after', () => {
    const changed = report.controls.filter((c) => c.baselineStatus !== c.status);
    expect(changed.length).toBeGreaterThan(0);
    expect(html).toContain('<section id="changes"><h2>Changes since the baseline</h2>');
    for (const c of changed) expect(html).toContain(`<tr><td>${c.id}</td>`);
    const pod = report.current.areas.find((a) => a.area === 'pod')!;
    const podBefore = report.baseline!.areas.find((a) => a.area === 'pod')!;
    expect(pod.score).toBeGreaterThan(podBefore.score);
    expect(html).toContain(`<tr><td>pod</td><td>${podBefore.score}</td><td>${pod.score}</td><td>+${pod.score - podBefore.score}</td></tr>`);
  });

  test('a summary per area with inline SVG charts (status, areas), self-contained and deterministic', () => {
    expect(html).toMatch(/<svg[^>]*aria-label="controls by status"[\s\S]*?<rect class="status-broken"/);
    expect(html).toMatch(/<svg[^>]*aria-label="audit score per area"[\s\S]*?<rect class="area-bar"/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
    expect(formatComplianceHtml(complianceReport(current, { standard: 'mlps2-l3', baseline }), CONTEXT)).toBe(html);
  });

  test('names from the input are escaped (HTML and Markdown)', () => {
    const hostile = deployment('<script>alert(1)</script>', 'shop');
    const page = formatComplianceHtml(complianceReport([hostile], { standard: 'pss' }), { ...CONTEXT, inputs: ['<img src=x>'] });
    expect(page).not.toMatch(/<script|<img/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(formatComplianceMarkdown(complianceReport([hostile], { standard: 'pss' }))).not.toContain('<script');
  });

  test('control and bidi characters of names are visible escapes, never raw (HTML and Markdown)', () => {
    const hostile = complianceReport([deployment('api\u001b[8m\u202eevil', 'shop')], { standard: 'pss' });
    const page = formatComplianceHtml(hostile, CONTEXT);
    const markdown = formatComplianceMarkdown(hostile);
    expect([page, markdown].map((text) => text.includes('\u001b') || text.includes('\u202e'))).toEqual([false, false]);
    expect(page).toContain('Deployment shop/api\\u001b[8m\\u202eevil');
    // Markdown shows the escapes' backslashes escaped, so they render as written
    expect(markdown).toContain('Deployment shop/api\\\\u001b\\[8m\\\\u202eevil');
  });

  test('the report date honours SOURCE_DATE_EPOCH', () => {
    expect(reportDate({ SOURCE_DATE_EPOCH: '1700000000' })).toBe('2023-11-14T22:13:20Z');
    expect(reportDate({}, new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
  });

  test('kube-harden report --format html --output writes the page with the inputs as given', async () => {
    const cwd = tempDir({ 'in/app.json': JSON.stringify(deployment('api', 'shop')), 'in/Dockerfile': 'FROM scratch\n' });
    const result = await runCli(['report', 'in', '--format', 'html', '--output', 'report.html'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const page = fs.readFileSync(path.join(cwd, 'report.html'), 'utf8');
    expect(page).toContain('<dt>Inputs</dt><dd><ul><li>in</li></ul></dd>');
    expect(page).toContain('in/Dockerfile: Dockerfile not mapped by the compliance report');
  });
});

test('Markdown report: the same date, version and inputs, escaped', () => {
  const markdown = formatComplianceMarkdown(complianceReport([deployment('api', 'shop')], { standard: 'pss' }), { ...CONTEXT, inputs: ['dist/<x>'] });
  expect(markdown.split('\n')[2]).toBe('Generated 2026-12-06T14:00:00Z by kube-harden 9.9.9 from dist/&lt;x&gt; (baseline: legacy/).');
});
