import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { audit, AuditOptions, AuditReport, describeObject, Finding, isCounted } from '../audit';
import { K8sObject, objectKey } from '../core';

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
 *
 * cdk8s validates the whole app on every synth, so the guards of one app share a single validation on the app's
 * root: it synthesizes and audits every object once, then reports each guarded construct's own errors. (A
 * validation per construct would audit the app once per construct: quadratic in the app's size.)
 */
export function addAuditGuard(construct: IConstruct, options: AuditOptions = DEFAULT_GUARD_OPTIONS): void {
  const root = construct.node.root;
  let guards = guardsByRoot.get(root);
  if (!guards) {
    const registered = new Map<IConstruct, AuditOptions>();
    guards = registered;
    guardsByRoot.set(root, registered);
    root.node.addValidation({ validate: () => validateGuards(root, registered) });
  }
  guards.set(construct, options);
}

/** Options of guards added without any: shared, so that the app is audited once for all of them. */
const DEFAULT_GUARD_OPTIONS: AuditOptions = {};

const guardsByRoot = new WeakMap<IConstruct, Map<IConstruct, AuditOptions>>();

/**
 * Synthesizes every object, audits once per distinct options, and returns each guard's own errors. cdk8s
 * validates the app once per chart and once more for the app in a single synth: the result is reused while the
 * synthesized objects are byte-identical to the last validation's.
 */
function validateGuards(root: IConstruct, guards: ReadonlyMap<IConstruct, AuditOptions>): string[] {
  const objects: K8sObject[] = [];
  const ownerOf = new Map<string, IConstruct>();
  for (const apiObject of root.node.findAll().filter(ApiObject.isApiObject)) {
    const json = apiObject.toJson() as K8sObject;
    objects.push(json);
    const owner = [...apiObject.node.scopes].reverse().find((scope) => guards.has(scope));
    if (owner) {
      ownerOf.set(objectKey(json), owner);
    }
  }
  const fingerprint = `${guards.size}\n${JSON.stringify(objects)}`;
  const last = lastValidation.get(root);
  if (last?.fingerprint === fingerprint) {
    return last.errors;
  }
  const errors: string[] = [];
  for (const options of new Set(guards.values())) {
    for (const finding of audit(objects, options).findings) {
      const owner = finding.object && ownerOf.get(refKey(finding.object));
      if (owner && guards.get(owner) === options && isCounted(finding) && finding.severity === 'error') {
        errors.push(`[${owner.node.path}] ${formatGuardFinding(finding)}`);
      }
    }
  }
  lastValidation.set(root, { fingerprint, errors });
  return errors;
}

const lastValidation = new WeakMap<IConstruct, { readonly fingerprint: string; readonly errors: string[] }>();

function refKey(ref: NonNullable<Finding['object']>): string {
  return objectKey({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace } });
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
