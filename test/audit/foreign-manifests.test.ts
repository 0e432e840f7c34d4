import * as path from 'path';
import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { loadYaml } from './helpers';
import { audit, AuditReport, isCounted } from '../../lib/audit';
import { K8sObject } from '../../lib/core';

function counted(report: AuditReport, severity: string): string[] {
  return report.findings.filter((f) => isCounted(f) && f.severity === severity).map((f) => f.ruleId);
}

describe('auditing manifests we did not make |', () => {
  // (review: KH-WKL-005 reported a read-back pod's automounted token twice, once as automounted and once as its
  // kube-api-access-* projected volume)
  test('a Pod read back from a cluster has its automounted token reported once', () => {
    const report = audit(loadYaml(path.join(__dirname, 'rules', 'KH-WKL-005', 'fail-read-back-pod.yaml')));
    expect(report.findings.filter((f) => f.ruleId === 'KH-WKL-005').map((f) => f.message)).toEqual([
      "the pod does not set automountServiceAccountToken, and ServiceAccount 'default' is not part of the audit, so the token is mounted unless that ServiceAccount (outside the input) disables it",
    ]);
  });

  test('a default cdk8s-plus-27 Deployment: its secure defaults pass, the PSS restricted gaps do not', () => {
    // GIVEN a cdk8s-plus Deployment with nothing but an image
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx' }] });
    // WHEN it is audited
    const report = audit(Testing.synth(chart) as K8sObject[]);
    // THEN cdk8s-plus's defaults (non-root, read-only root, no privilege escalation, no token, resources) pass,
    // and what it leaves out fails: seccomp, drop ALL, an image tag, probes, its own service account, and no network
    // policy or PodDisruptionBudget in the input selects the pods (ingress and egress each open)
    expect(counted(report, 'error')).toEqual(['KH-IMG-002', 'KH-NET-001', 'KH-NET-001', 'KH-POD-017', 'KH-POD-018']);
    expect(counted(report, 'warning')).toEqual(['KH-IMG-003', 'KH-POD-020', 'KH-WKL-002', 'KH-WKL-004', 'KH-WKL-006']);
    expect(counted(report, 'info')).toEqual(['KH-WKL-007']);
    // the chart has no namespace: the findings say that objects outside the input would clear them; nothing is unknown
    expect(report.findings.find((f) => f.ruleId === 'KH-WKL-004')?.message).toContain('a PodDisruptionBudget outside the input would clear this');
    expect(report.findings.filter((f) => f.unknown)).toEqual([]);
    expect({ coverage: report.coverage, failsBaseline: report.failsBaseline }).toEqual({ coverage: 100, failsBaseline: false });
    expect(report.score).toBeLessThan(100);
  });

  test('a plain Deployment fails every restricted control it leaves unset', () => {
    const report = audit(loadYaml(path.join(__dirname, 'manifests', 'plain-deployment.yaml')));
    expect(counted(report, 'error')).toEqual(['KH-NET-001', 'KH-NET-001', 'KH-POD-014', 'KH-POD-015', 'KH-POD-017', 'KH-POD-018']);
    expect(counted(report, 'warning')).toEqual([
      'KH-IMG-003', 'KH-IMG-005', 'KH-POD-019', 'KH-POD-020',
      'KH-WKL-001', 'KH-WKL-002', 'KH-WKL-003', 'KH-WKL-004', 'KH-WKL-005', 'KH-WKL-006',
    ]);
    expect(counted(report, 'info')).toEqual(['KH-WKL-007']);
    // its PodDisruptionBudgets, ServiceAccount and Namespace are not part of the audit: what the input shows is still
    // judged (no budget selects the pods, the token is mounted as far as the input shows), with a note saying so
    expect(report.findings.filter((f) => f.unknown)).toEqual([]);
    expect(report.findings.find((f) => f.ruleId === 'KH-WKL-005')?.message).toContain("ServiceAccount 'default' is not part of the audit");
    expect(report.findings.find((f) => f.ruleId === 'KH-POD-015')).toMatchObject({
      message: "container 'nginx' does not set runAsNonRoot: true (neither does the pod)",
      object: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
    });
    // it passes PSS baseline (no privileged or host access): the score is in the upper band, but far from 100
    expect(report.failsBaseline).toBe(false);
    expect(report.score).toBeGreaterThanOrEqual(50);
    expect(report.score).toBeLessThan(80);
  });
});
