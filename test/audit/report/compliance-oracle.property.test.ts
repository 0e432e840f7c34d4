import fc from 'fast-check';
import { runManifestRules } from '../../../lib/audit/engine';
import { describeObject, Finding, isCounted } from '../../../lib/audit/finding';
import { MANIFEST_RULES } from '../../../lib/audit/registry';
import {
  BreakingFinding, complianceReport, complianceReportView, formatComplianceHtml, formatComplianceJson, formatComplianceMarkdown,
} from '../../../lib/audit/report';
import { STANDARD_IDS, standardById } from '../../../lib/audit/report/standards';
import { K8sObject } from '../../../lib/core';

/**
 * Issue 15 (the CLI on 60 MB inputs): `kube-harden report` kept every check's outcome and every finding, then
 * filtered the findings once per control: 4.5 GB on 60 MB of Pods that break every rule. It now gathers each
 * control's lists as the checks run. What it reports must not change: this oracle is the plain definition (every
 * outcome listed, then filtered per control, the top risks grouped from the counted findings).
 */

function oracle(objects: readonly K8sObject[], standardId: typeof STANDARD_IDS[number]) {
  const standard = standardById(standardId, MANIFEST_RULES);
  const all = runManifestRules(objects).flatMap((o) => [...o.findings]);
  const subject = (f: Finding) => (f.object ? describeObject(f.object) : f.location?.file ?? '');
  const breaking = (f: Finding): BreakingFinding => ({ ruleId: f.ruleId, object: subject(f), message: f.message });
  const controls = standard.controls.map((control) => {
    const rules = MANIFEST_RULES.filter((r) => standard.controlsOf(r.controls).includes(control.id)).map((r) => r.id as string);
    const of = (f: Finding) => rules.includes(f.ruleId);
    return {
      brokenBy: all.filter((f) => of(f) && isCounted(f)).map(breaking),
      acknowledged: all.filter((f) => of(f) && f.acknowledged).map((f) => ({ ...breaking(f), message: `${f.message} (acknowledged: ${f.acknowledged?.reason})` })),
      undecided: all.filter((f) => of(f) && f.unknown && !f.acknowledged).map(breaking),
    };
  });
  const counted = all.filter(isCounted);
  const ruleIds = [...new Set(counted.map((f) => f.ruleId))];
  const risks = ruleIds.map((id) => {
    const group = counted.filter((f) => f.ruleId === id);
    const worst = ['error', 'warning', 'info'].find((s) => group.some((f) => f.severity === s));
    return { ruleId: id, title: group[0].title, severity: worst, objects: [...new Set(group.map(subject))].sort() };
  });
  return { controls, risks };
}

const manifests = fc.array(fc.record({
  kind: fc.constantFrom('Pod', 'Deployment', 'Namespace', 'NetworkPolicy'),
  name: fc.constantFrom('web', 'api'),
  namespace: fc.constantFrom('shop', 'pay'),
  image: fc.constantFrom('nginx', 'registry.example.com/app:1.2@sha256:' + 'a'.repeat(64)),
  runAsNonRoot: fc.boolean(),
  acknowledge: fc.option(fc.constantFrom('KH-POD-014', 'KH-IMG-002', 'KH-NET-001', 'KH-WKL-001'), { nil: undefined }),
}), { maxLength: 8 }).map((objects) => objects.map((o): K8sObject => {
  const annotations = o.acknowledge ? { annotations: { [`kube-harden.io/acknowledge.${o.acknowledge}`]: 'accepted' } } : {};
  const pod = { containers: [{ name: 'c', image: o.image, securityContext: { runAsNonRoot: o.runAsNonRoot } }] };
  switch (o.kind) {
    case 'Namespace': return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace, ...annotations } } as K8sObject;
    case 'NetworkPolicy':
      return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: o.name, namespace: o.namespace }, spec: { podSelector: {}, policyTypes: ['Ingress'] } } as K8sObject;
    case 'Pod': return { apiVersion: 'v1', kind: 'Pod', metadata: { name: o.name, namespace: o.namespace, ...annotations }, spec: pod } as K8sObject;
    default:
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: o.name, namespace: o.namespace, ...annotations },
        spec: { selector: { matchLabels: { app: o.name } }, template: { metadata: { labels: { app: o.name } }, spec: pod } },
      } as K8sObject;
  }
}));

describe('the compliance report gathered as the checks run', () => {
  test('lists, per control, the findings the plain definition gives, in the same order, and the same top risks', () => {
    fc.assert(fc.property(manifests, fc.constantFrom(...STANDARD_IDS), (objects, standard) => {
      const report = complianceReport(objects, { standard });
      const expected = oracle(objects, standard);
      expect(report.controls.map(({ brokenBy, acknowledged, undecided }) => ({ brokenBy, acknowledged, undecided }))).toEqual(expected.controls);
      const risks = [...expected.risks]
        .sort((a, b) => ['error', 'warning', 'info'].indexOf(a.severity!) - ['error', 'warning', 'info'].indexOf(b.severity!) || b.objects.length - a.objects.length || (a.ruleId < b.ruleId ? -1 : 1))
        .slice(0, 10);
      expect(report.topRisks.map(({ ruleId, title, severity, objects: found }) => ({ ruleId, title, severity, objects: found }))).toEqual(risks);
    }), { numRuns: 80 });
  });

  test('the view kube-harden report formats (findings read from one compact store) gives the same text in every format', () => {
    fc.assert(fc.property(manifests, fc.option(manifests, { nil: undefined }), fc.constantFrom(...STANDARD_IDS), (objects, baseline, standard) => {
      const options = { standard, baseline };
      const report = complianceReport(objects, options);
      const view = complianceReportView(objects, options);
      const context = { generatedAt: '2026-12-07T00:00:00Z', version: '1.0.0', inputs: ['in.yaml'] };
      expect(formatComplianceJson(view)).toBe(formatComplianceJson(report));
      expect(formatComplianceMarkdown(view, context)).toBe(formatComplianceMarkdown(report, context));
      expect(formatComplianceHtml(view, context)).toBe(formatComplianceHtml(report, context));
      view.controls.forEach((c, i) => {
        expect(c.brokenBy.length).toBe(report.controls[i].brokenBy.length);
        expect([...c.undecided]).toEqual(report.controls[i].undecided);
      });
    }), { numRuns: 80 });
  });
});
