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
  test('a default cdk8s-plus-27 Deployment: its secure defaults pass, the PSS restricted gaps do not', () => {
    // GIVEN a cdk8s-plus Deployment with nothing but an image
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx' }] });
    // WHEN it is audited
    const report = audit(Testing.synth(chart) as K8sObject[]);
    // THEN cdk8s-plus's defaults (non-root, read-only root, no privilege escalation, no token, resources) pass,
    // and what it leaves out fails: seccomp, drop ALL, an image tag, probes, its own service account
    expect(counted(report, 'error')).toEqual(['KH-IMG-002', 'KH-POD-017', 'KH-POD-018']);
    expect(counted(report, 'warning')).toEqual(['KH-IMG-003', 'KH-POD-020', 'KH-WKL-002', 'KH-WKL-006']);
    expect(counted(report, 'info')).toEqual(['KH-WKL-007']);
    // the chart has no namespace: whether a network policy or a PodDisruptionBudget selects the pods is unknown, not a finding
    expect(report.findings.filter((f) => f.unknown).map((f) => f.ruleId)).toEqual(['KH-NET-001', 'KH-WKL-004']);
    expect(report.score).toBeLessThan(100);
  });

  test('a plain Deployment fails every restricted control it leaves unset', () => {
    const report = audit(loadYaml(path.join(__dirname, 'manifests', 'plain-deployment.yaml')));
    expect(counted(report, 'error')).toEqual(['KH-POD-014', 'KH-POD-015', 'KH-POD-017', 'KH-POD-018']);
    expect(counted(report, 'warning')).toEqual([
      'KH-IMG-003', 'KH-IMG-005', 'KH-POD-019', 'KH-POD-020',
      'KH-WKL-001', 'KH-WKL-002', 'KH-WKL-003', 'KH-WKL-006',
    ]);
    expect(counted(report, 'info')).toEqual(['KH-WKL-007']);
    // its PodDisruptionBudgets, ServiceAccount and Namespace are not part of the audit: unknown, not findings
    expect(report.findings.filter((f) => f.unknown).map((f) => f.ruleId)).toEqual(expect.arrayContaining(['KH-WKL-004', 'KH-WKL-005']));
    expect(report.findings.find((f) => f.ruleId === 'KH-POD-015')).toMatchObject({
      message: "container 'nginx' does not set runAsNonRoot: true (neither does the pod)",
      object: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot',
    });
    // 4 failed error checks and 8 failed warning checks out of 60-odd applicable ones
    expect(report.score).toBeLessThan(80);
  });
});
