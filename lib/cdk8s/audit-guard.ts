import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { audit, AuditOptions, AuditReport, describeObject, Finding, isCounted } from '../audit';
import { K8sObject } from '../core';

/** The synthesized form of every ApiObject under `scope` (escape-hatch patches applied). */
function objectsUnder(scope: IConstruct): K8sObject[] {
  return scope.node.findAll().filter(ApiObject.isApiObject).map((o) => o.toJson() as K8sObject);
}

/** One line per finding: `KH-POD-003 Deployment pay/api: <message> (path). Fix: <remediation>`. */
export function formatGuardFinding(finding: Finding): string {
  const where = finding.object ? describeObject(finding.object) : '';
  const path = finding.path ? ` (${finding.path})` : '';
  return `${finding.ruleId} ${where}: ${finding.message}${path}. Fix: ${finding.remediation}`;
}

/**
 * Makes `construct` refuse to synthesize when the objects it owns (every ApiObject under it, as synthesized)
 * have counted audit errors. The rest of the app is visible to the rules as context. Acknowledged findings
 * (annotation `kube-harden.io/acknowledge.<id>: <reason>`) do not block.
 */
export function addAuditGuard(construct: IConstruct, options: AuditOptions = {}): void {
  construct.node.addValidation({
    validate: () => {
      const report = audit(objectsUnder(construct), { ...options, context: objectsUnder(construct.node.root) });
      return report.findings.filter((f) => isCounted(f) && f.severity === 'error').map(formatGuardFinding);
    },
  });
}

/**
 * Audits every object of a chart (ours and anyone's) as it synthesizes, without running the app's
 * validations (so a guarded construct's errors are reported, not thrown). The rest of the app is context.
 */
export function auditChart(chart: Chart, options: AuditOptions = {}): AuditReport {
  return audit(objectsUnder(chart), { ...options, context: objectsUnder(chart.node.root) });
}

/** Audits every object of every chart of an app, as they synthesize. */
export function auditApp(app: App, options: AuditOptions = {}): AuditReport {
  return audit(objectsUnder(app), options);
}
