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
  const prints: string[] = [`${guards.size}`];
  const ownerOf = new Map<string, IConstruct>();
  for (const apiObject of root.node.findAll().filter(ApiObject.isApiObject)) {
    const known = unchangedEmission(apiObject);
    const json = known?.object ?? apiObject.toJson() as K8sObject;
    objects.push(json);
    prints.push(known ? `#${known.id}` : JSON.stringify(json));
    const owner = [...apiObject.node.scopes].reverse().find((scope) => guards.has(scope));
    if (owner) {
      ownerOf.set(objectKey(json), owner);
    }
  }
  const fingerprint = prints.join('\n');
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

/** What kube-harden emitted into an ApiObject, to recognize it unchanged without synthesizing it again. */
interface Emission {
  /** Stable id of the emission (for the validation fingerprint). */
  readonly id: number;
  /** The core object: what the ApiObject synthesizes to while it is unchanged. */
  readonly object: K8sObject;
  /** Escape-hatch patches the ApiObject had when emitted (ours). */
  readonly patches: number;
  /** Its metadata as emitted. */
  readonly metadata: string;
}

const emissions = new WeakMap<ApiObject, Emission>();
let nextEmission = 0;

/**
 * Records that `apiObject` was emitted from the core object `object`. Until someone adds a JSON patch or changes its
 * metadata (the only ways to change an ApiObject after construction), the guard audits `object` instead of
 * synthesizing the ApiObject once more on each of cdk8s's validation passes.
 */
export function recordEmission(apiObject: ApiObject, object: K8sObject): void {
  emissions.set(apiObject, {
    id: nextEmission++,
    object,
    patches: patchCount(apiObject) ?? -1,
    metadata: JSON.stringify(apiObject.metadata.toJson()),
  });
}

function unchangedEmission(apiObject: ApiObject): Emission | undefined {
  const emission = emissions.get(apiObject);
  if (emission === undefined || patchCount(apiObject) !== emission.patches || JSON.stringify(apiObject.metadata.toJson()) !== emission.metadata) {
    return undefined;
  }
  return emission;
}

/** The number of JSON patches on an ApiObject (cdk8s keeps them in a private list); undefined if it cannot be read. */
function patchCount(apiObject: ApiObject): number | undefined {
  const patches = (apiObject as unknown as { patches?: unknown }).patches;
  return Array.isArray(patches) ? patches.length : undefined;
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
