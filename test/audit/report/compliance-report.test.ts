import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { buildPaymentPlatform } from '../../../examples/cdk8s-payment-platform/main';
import { buildBaselinePlatform } from '../../../examples/cdk8s-plus-baseline/main';
import {
  complianceReport, formatComplianceHtml, formatComplianceJson, formatComplianceMarkdown, scoreChartSvg, STANDARD_IDS,
} from '../../../lib/audit/report';
import { CliIo } from '../../../lib/cli/io';
import { run } from '../../../lib/cli/main';
import {
  K8sObject, KATA_COMPENSATING_CONTROLS, renderImageSupplyChainPolicy, renderRuntimeThreatDetection, RUNTIME_COVERAGE_LABEL, workloadRef,
} from '../../../lib/core';

function synth(build: (app: ReturnType<typeof Testing.app>) => unknown): K8sObject[] {
  const app = Testing.app();
  build(app);
  return app.charts.flatMap((chart) => chart.toJson());
}

const hardened = synth(buildPaymentPlatform);
const baseline = synth(buildBaselinePlatform);
const control = (report: ReturnType<typeof complianceReport>, id: string) => report.controls.find((c) => c.id === id)!;

describe('compliance report | the payment platform against its cdk8s-plus baseline', () => {
  test.each(STANDARD_IDS)('%s: the hardened platform scores higher than the baseline', (standard) => {
    const report = complianceReport(hardened, { standard, baseline });
    expect(report.current.score).toBeGreaterThan(report.baseline!.score);
    expect(report.controls.every((c) => c.baselineStatus !== undefined)).toBe(true);
  });

  test('MLPS: every control shows its status before and after, manual controls are not scored', () => {
    const report = complianceReport(hardened, { standard: 'mlps2-l3', baseline });
    expect(control(report, '8.1.3.5').status).toBe('manual');
    expect(report.current.scored).toBe(report.controls.filter((c) => c.status !== 'manual').length);
    expect(control(report, '8.1.3.1')).toMatchObject({ status: 'satisfied', baselineStatus: 'broken' });
    expect(control(report, '8.1.3.1').satisfiedBy).toContain('CiliumNetworkPolicy payments/payment-service');
  });

  test('markdown lists the scores and one row per control', () => {
    const report = complianceReport(hardened, { standard: 'mlps2-l3', baseline });
    const markdown = formatComplianceMarkdown(report);
    expect(markdown).toContain(`- Change: +${report.current.score - report.baseline!.score} points (${report.baseline!.score}% -> ${report.current.score}%)`);
    expect(markdown.split('\n').filter((l) => /^\| 8\./.test(l))).toHaveLength(report.controls.length);
  });

  test('html is one self-contained page with an inline SVG score chart', () => {
    const html = formatComplianceHtml(complianceReport(hardened, { standard: 'pss', baseline }));
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toMatch(/<svg[^>]*role="img"[\s\S]*Baseline[\s\S]*Hardened[\s\S]*<\/svg>/);
    expect(html).not.toMatch(/<script|<link|src=|href=/);
  });

  test('the chart labels a short bar outside it, so a low score stays readable', () => {
    const svg = scoreChartSvg(complianceReport([], { standard: 'mlps2-l3' }));
    expect(svg).toContain('<text x="84" y="47" font-size="13" fill="#222">0%</text>');
  });

  test('json round-trips the report', () => {
    const report = complianceReport(hardened, { standard: 'cis', baseline });
    expect(JSON.parse(formatComplianceJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});

describe('compliance report | control mapping', () => {
  test('a finding breaks the controls its rule maps to, naming the object', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bad', namespace: 'x' },
      spec: { containers: [{ name: 'c', image: 'r.example.com/a:1', securityContext: { privileged: true } }] },
    };
    const privileged = control(complianceReport([pod], { standard: 'pss' }), 'privileged');
    expect(privileged.status).toBe('broken');
    expect(privileged.brokenBy).toContainEqual(expect.objectContaining({ ruleId: 'KH-POD-003', object: 'Pod x/bad' }));
  });

  test('an object the rule could not judge (unknown: context missing) does not satisfy the control', () => {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pay', labels: { 'kube-harden.io/image-verification': 'enforced' } } };
    const trusted = control(complianceReport([namespace], { standard: 'cis' }), '5.5.1');
    expect(trusted.satisfiedBy).not.toContain('Namespace pay');
  });

  test('evidence objects satisfy MLPS controls no rule checks: an image admission policy gives 可信验证', () => {
    const key = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample==\n-----END PUBLIC KEY-----\n';
    const policy = renderImageSupplyChainPolicy({ name: 'images', images: ['registry.example.cn/pay/*'], authorities: [{ name: 'k', publicKey: key }] });
    expect(control(complianceReport(policy, { standard: 'mlps2-l3' }), '8.1.4.6')).toMatchObject({ status: 'satisfied', satisfiedBy: ['ClusterPolicy images'] });
    expect(control(complianceReport([], { standard: 'mlps2-l3' }), '8.1.4.6').status).toBe('missing');
  });
});

describe('compliance report | runtime monitoring gaps', () => {
  // GIVEN a payment workload on Kata, which host eBPF cannot watch, and one on runc
  const ref = (name: string) => workloadRef({ name, namespace: 'pay', serviceAccountName: name, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], selector: { app: name } });
  const detection = renderRuntimeThreatDetection({
    name: 'runtime',
    workloads: [
      { workload: ref('ledger'), allowedExecutables: ['/app/ledger'] },
      { workload: ref('pay-api'), allowedExecutables: ['/app/pay-api'], runtime: 'kata' },
    ],
  });

  test('MLPS 8.1.4.3 and 8.1.4.4 state the Kata gap and its compensating controls from the runtime-coverage ConfigMap', () => {
    const report = complianceReport(detection, { standard: 'mlps2-l3' });
    for (const id of ['8.1.4.3', '8.1.4.4']) {
      expect(control(report, id).notes).toHaveLength(1);
      const note = control(report, id).notes![0];
      expect(note).toMatch(/^Runtime monitoring gap: pay\/pay-api \(kata\)/);
      for (const compensating of KATA_COMPENSATING_CONTROLS) expect(note).toContain(compensating);
    }
    expect(control(report, '8.1.4.5').notes).toBeUndefined();
    expect(formatComplianceMarkdown(report)).toMatch(/## Notes\n\n- 8\.1\.4\.3 [^\n]*Runtime monitoring gap: pay\/pay-api \(kata\)/);
    expect(formatComplianceHtml(report)).toMatch(/<h2>Notes<\/h2>\n?<ul><li>8\.1\.4\.3 [^<]*Runtime monitoring gap: pay\/pay-api/);
  });

  test('no note without a gap, and an unreadable coverage ConfigMap says the gaps are unknown', () => {
    const runcOnly = renderRuntimeThreatDetection({ name: 'runtime', workloads: [{ workload: ref('ledger'), allowedExecutables: ['/app/ledger'] }] });
    expect(control(complianceReport(runcOnly, { standard: 'mlps2-l3' }), '8.1.4.3').notes).toBeUndefined();
    expect(formatComplianceMarkdown(complianceReport(runcOnly, { standard: 'mlps2-l3' }))).not.toContain('## Notes');
    const broken = detection.map((o) => (o.metadata.labels?.[RUNTIME_COVERAGE_LABEL] ? { ...o, data: { 'coverage.json': '{' } } : o));
    expect(control(complianceReport(broken, { standard: 'mlps2-l3' }), '8.1.4.4').notes).toEqual([
      'Runtime coverage ConfigMap falco/runtime-coverage has no readable coverage.json: the monitoring gaps are unknown.',
    ]);
  });

  // (its entries were skipped silently, as if no gap were recorded)
  test('a coverage ConfigMap whose label is of the wrong type says the gaps are unknown', () => {
    const labels = (o: K8sObject) => ({ ...o.metadata.labels, [RUNTIME_COVERAGE_LABEL]: true as never });
    const unquoted = (o: K8sObject): K8sObject => ({ ...o, metadata: { ...o.metadata, labels: labels(o) } });
    const wrong = detection.map((o) => (o.metadata.labels?.[RUNTIME_COVERAGE_LABEL] ? unquoted(o) : o));
    expect(control(complianceReport(wrong, { standard: 'mlps2-l3' }), '8.1.4.3').notes).toEqual([
      'Runtime coverage ConfigMap falco/runtime-coverage has a kube-harden.io/runtime-coverage label that is not a string (Kubernetes rejects the ConfigMap): the monitoring gaps are unknown.',
    ]);
  });

  test('a coverage.json whose fields nest 5000 levels deep still gives its note (its names are the strings it has)', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const coverage = `[{"workload": "pay/pay-api", "runtime": ${deep}, "monitoredBy": "none", "gap": ${deep}, "compensatingControls": [${deep}, "seccomp"]}]`;
    const objects = detection.map((o) => (o.metadata.labels?.[RUNTIME_COVERAGE_LABEL] ? { ...o, data: { 'coverage.json': coverage } } : o));
    expect(control(complianceReport(objects, { standard: 'mlps2-l3' }), '8.1.4.3').notes).toEqual([
      'Runtime monitoring gap: pay/pay-api () is not watched by host eBPF. Compensating controls: seccomp.',
    ]);
  });
});

describe('kube-harden report', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kh-report-'));
    const yaml = (objects: K8sObject[]) => objects.map((o) => JSON.stringify(o)).join('\n---\n');
    fs.writeFileSync(path.join(dir, 'hardened.yaml'), yaml(hardened));
    fs.writeFileSync(path.join(dir, 'baseline.yaml'), yaml(baseline));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd: dir, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '' };
    return { code: await run(argv, io), stdout, stderr };
  }

  test('prints the JSON report with before/after scores', async () => {
    const result = await cli(['report', 'hardened.yaml', '--standard', 'mlps2-l3', '--format', 'json', '--baseline', 'baseline.yaml']);
    expect(result.code).toBe(0);
    const report = parse(result.stdout);
    expect(report.current.score).toBe(complianceReport(hardened, { standard: 'mlps2-l3' }).current.score);
    expect(report.baseline.objects).toBe(baseline.length);
  });

  test('html and markdown formats, and an unknown standard is a usage error', async () => {
    expect((await cli(['report', 'hardened.yaml', '--format', 'html'])).stdout).toContain('<svg');
    expect((await cli(['report', 'hardened.yaml', '--standard', 'nsa'])).stdout).toMatch(/^# Compliance report: NSA/);
    expect((await cli(['report', 'hardened.yaml', '--standard', 'iso27001'])).code).toBe(2);
  });
});
