import { isDeepStrictEqual } from 'node:util';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { audit, auditFindings, AuditOptions, AuditReport, describeObject, Finding, objectRef } from '../audit';
import { storageKey } from '../audit/input/duplicate-objects';
import { K8sObject, objectKey } from '../core';
import { EmittedApiObject, currentJsonOf, setWriteCheck } from './emitted-api-object';
import { plainJsonApplies } from './plain-json';
import { addRootCheck, apiObjectsUnder } from './root-checks';

/** The synthesized form of every ApiObject under `scope` (escape-hatch patches applied), as it is now (nothing judged). */
function objectsUnder(scope: IConstruct): K8sObject[] {
  return apiObjectsUnder(scope).map(currentJsonOf);
}

/** One line per finding: `KH-POD-003 Deployment pay/api: <message> (path). Fix: <remediation>`. */
export function formatGuardFinding(finding: Finding): string {
  const where = finding.object ? describeObject(finding.object) : '';
  const path = finding.path ? ` (${finding.path})` : '';
  return `${finding.ruleId} ${where}: ${finding.message}${path}. Fix: ${finding.remediation}`;
}

/**
 * Makes `construct` refuse to synthesize when the objects it owns (every ApiObject under it, as finally synthesized:
 * after the app's resolvers, JSON patches and removed children) have counted audit errors. The rest of the app is
 * visible to the rules as context. Acknowledged findings (annotation `kube-harden.io/acknowledge.<id>: <reason>`)
 * do not block. A workload whose kind was patched to another kind with a pod template (e.g. an Argo `Rollout`) is
 * still judged by the pod rules.
 *
 * cdk8s validates the whole app once per synth and once more per chart, so the guards of one app share a single
 * validation on the app's root: it audits every object once, then reports each guarded construct's own findings,
 * and reuses that result while no object changed.
 */
export function addAuditGuard(construct: IConstruct, options: AuditOptions = DEFAULT_GUARD_OPTIONS): void {
  const state = stateOf(construct.node.root);
  const known = state.guards.get(construct);
  state.guards.set(construct, { options, emitted: known?.emitted });
  state.last = undefined;
}

/**
 * Guards `construct`, which emitted `objects` (core objects, as rendered), against any weakening: besides audit
 * errors, every counted finding (any severity) on what it owns at synth that the audit of `objects` themselves does
 * not have blocks synthesis, and so does an unknown one once an emitted object is gone. So a JSON patch, an App
 * resolver or a removed child that weakens a kube-harden object (e.g. `replicas: 1`, `imagePullPolicy: IfNotPresent`,
 * a removed digest or PodDisruptionBudget) fails synth unless acknowledged, while what the profile itself chose
 * (e.g. a tag-only image where the tier allows it) does not.
 * kube-harden's constructs call it for the objects they emit.
 */
export function guardEmission(construct: IConstruct, objects: readonly K8sObject[]): void {
  const state = stateOf(construct.node.root);
  const known = state.guards.get(construct);
  state.guards.set(construct, { options: known?.options ?? DEFAULT_GUARD_OPTIONS, emitted: [...known?.emitted ?? [], ...objects] });
  state.last = undefined;
}

/** Options of guards added without any: shared, so that the app is audited once for all of them. */
const DEFAULT_GUARD_OPTIONS: AuditOptions = {};

interface Guard {
  /** The audit options (one audit per distinct options object). */
  readonly options: AuditOptions;
  /** The core objects the construct emitted, when it is a kube-harden construct: any finding they lack blocks. */
  readonly emitted?: readonly K8sObject[];
}

interface GuardState {
  readonly guards: Map<IConstruct, Guard>;
  /** The last validation: what each object was, and the errors found. */
  last?: LastValidation;
  /** Whether a write since the last validation checked that the app's objects and resolution are still those judged. */
  writeChecked?: boolean;
  /** Whether the guard is judging the app now (`validateGuards`). */
  judging: boolean;
}

interface LastValidation {
  /** Every ApiObject, in tree order. */
  readonly objects: readonly ApiObject[];
  /** Per object: its version (emitted objects) or its JSON (others). */
  readonly versions: readonly (number | string)[];
  /** Per emitted object: its JSON patches as judged (cdk8s's own list, however they were added). */
  readonly patches: readonly (readonly unknown[] | undefined)[];
  /** How cdk8s resolved values when judged: the App's resolvers and the sort setting. */
  readonly resolution: Resolution;
  readonly errors: string[];
}

/** What cdk8s's synthesis of any object depends on besides the object: the App's resolvers and key sorting. */
interface Resolution {
  readonly resolvers: readonly unknown[];
  readonly disableSort: string | undefined;
  readonly plainJson: boolean;
}

function resolutionOf(objects: readonly ApiObject[]): Resolution {
  const app = objects.length === 0 ? undefined : App.of(objects[0]) as unknown as { readonly resolvers?: unknown };
  return {
    resolvers: Array.isArray(app?.resolvers) ? [...app.resolvers] : [],
    disableSort: process.env.CDK8S_DISABLE_SORT,
    plainJson: objects.length === 0 || plainJsonApplies(objects[0]),
  };
}

function sameResolution(a: Resolution, b: Resolution): boolean {
  return a.disableSort === b.disableSort && a.plainJson === b.plainJson && sameItems(a.resolvers, b.resolvers);
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

const NO_PATCHES: readonly unknown[] = [];

const guardsByRoot = new WeakMap<IConstruct, GuardState>();

function stateOf(root: IConstruct): GuardState {
  let state = guardsByRoot.get(root);
  if (!state) {
    const created: GuardState = { guards: new Map(), judging: false };
    state = created;
    guardsByRoot.set(root, created);
    addRootCheck(root, 'audit-guard', (objects) => validateGuards(objects, created));
    setWriteCheck(root, {
      get judging() {
        return created.judging;
      },
      beforeWrite: () => {
        // only after a validation of the guard's (none yet: outside synth), and once
        if (created.writeChecked !== false) return;
        const objects = apiObjectsUnder(root);
        const last = created.last;
        if (last === undefined || !sameItems(last.objects, objects) || !sameResolution(last.resolution, resolutionOf(objects))) {
          judgeAgain(objects, created);
        }
        created.writeChecked = true;
      },
      judgeAgain: () => judgeAgain(apiObjectsUnder(root), created),
    });
  }
  return state;
}

/**
 * Judges `objects` afresh (the app changed since the guard judged it, see `WriteCheck`) and throws the errors as
 * cdk8s's validation would.
 */
function judgeAgain(objects: readonly ApiObject[], state: GuardState): void {
  state.last = undefined;
  const errors = validateGuards(objects, state);
  state.writeChecked = true;
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

/**
 * Audits the final JSON of every object and returns each guard's blocking findings. An object kube-harden emitted
 * (`EmittedApiObject`) is synthesized once and its JSON handed to cdk8s's own synthesis afterwards, so judging it
 * costs no second serialization. cdk8s validates the app once per synth and once more per chart; while nothing
 * changed (the same objects; for each emitted one the same version and JSON patches, O(1) to check; the same App
 * resolvers and sort setting), the last validation's result stands; what the counting cannot see is caught when the
 * object is written (`EmittedApiObject.toJson`, `WriteCheck`). Other objects are synthesized on each validation and
 * compared by their JSON.
 */
function validateGuards(objects: readonly ApiObject[], state: GuardState): string[] {
  // (a Lazy may read an emitted object's JSON meanwhile: that read is no write, see `WriteCheck.judging`)
  state.judging = true;
  try {
    return judgeObjects(objects, state);
  } finally {
    state.judging = false;
  }
}

/** `validateGuards`, while `state.judging`. */
function judgeObjects(objects: readonly ApiObject[], state: GuardState): string[] {
  const last = state.last;
  const resolution = resolutionOf(objects);
  const versions: (number | string)[] = new Array(objects.length);
  const patches: (readonly unknown[] | undefined)[] = new Array(objects.length);
  const jsons: (K8sObject | undefined)[] = new Array(objects.length);
  let unchanged = last !== undefined && last.objects.length === objects.length && sameResolution(last.resolution, resolution);
  for (let i = 0; i < objects.length; i++) {
    const apiObject = objects[i];
    if (EmittedApiObject.isEmitted(apiObject)) {
      versions[i] = apiObject.version;
      const live = apiObject.patchList;
      const judgedPatches = last?.patches[i];
      const samePatches = judgedPatches !== undefined && sameItems(judgedPatches, live);
      patches[i] = samePatches ? judgedPatches : live.length === 0 ? NO_PATCHES : [...live];
      unchanged &&= samePatches;
    } else {
      const json = apiObject.toJson() as K8sObject;
      jsons[i] = json;
      versions[i] = JSON.stringify(json);
    }
    unchanged &&= last!.objects[i] === apiObject && last!.versions[i] === versions[i];
  }
  state.writeChecked = false;
  if (unchanged) {
    return last!.errors;
  }
  for (let i = 0; i < objects.length; i++) {
    const apiObject = objects[i];
    if (EmittedApiObject.isEmitted(apiObject)) jsons[i] = apiObject.judgedJson();
  }
  const errors = [...sameKeyErrors(objects, jsons as K8sObject[]), ...blockingFindings(objects, jsons as K8sObject[], state.guards)];
  state.last = { objects, versions, patches, resolution, errors };
  return errors;
}

/**
 * One error per object kube-harden emitted that another ApiObject of the app renders under the same key (API group,
 * kind, namespace and name, as the API server stores it: `storageKey`) with other content: applying both keeps only the one applied last (e.g. a workload named
 * `default-deny` would replace its ZeroTrustNamespace's default-deny NetworkPolicy), while the audit sees both.
 */
function sameKeyErrors(objects: readonly ApiObject[], jsons: readonly K8sObject[]): string[] {
  const firstOf = new Map<string, number>();
  const errors: string[] = [];
  for (let i = 0; i < objects.length; i++) {
    const key = storageKey(jsons[i]) ?? objectKey(jsons[i]);
    const first = firstOf.get(key);
    if (first === undefined) {
      firstOf.set(key, i);
    } else if ((EmittedApiObject.isEmitted(objects[first]) || EmittedApiObject.isEmitted(objects[i])) && !isDeepStrictEqual(jsons[first], jsons[i])) {
      errors.push(`[${objects[i].node.path}] ${describeObject(objectRef(jsons[i]))} is also emitted, with other content, by ${objects[first].node.path}: `
        + 'applying both keeps only the last one. Give one of them another name (or namespace).');
    }
  }
  return errors;
}

/** The blocking findings of each guard, audited once per distinct options; owners are looked up only here. */
function blockingFindings(objects: readonly ApiObject[], jsons: readonly K8sObject[], guards: ReadonlyMap<IConstruct, Guard>): string[] {
  const ownerOf = new Map<string, IConstruct>();
  for (let i = 0; i < objects.length; i++) {
    const owner = ownerGuard(objects[i], guards);
    if (owner) ownerOf.set(objectKey(jsons[i]), owner);
  }
  const errors: string[] = [];
  const someGone = new Map<Guard, boolean>();
  const anyEmittedGone = (guard: Guard): boolean => {
    let gone = someGone.get(guard);
    if (gone === undefined) {
      gone = guard.emitted !== undefined && guard.emitted.some((o) => !ownerOf.has(objectKey(o)));
      someGone.set(guard, gone);
    }
    return gone;
  };
  for (const options of new Set([...guards.values()].map((g) => g.options))) {
    const candidates = new Map<IConstruct, Finding[]>();
    for (const finding of auditFindings(jsons, options)) {
      const owner = finding.object && ownerOf.get(refKey(finding.object));
      const guard = owner && guards.get(owner);
      if (guard && guard.options === options && isCandidate(finding, guard, anyEmittedGone)) {
        const own = candidates.get(owner);
        if (own) own.push(finding);
        else candidates.set(owner, [finding]);
      }
    }
    const chosen = chosenByProfile(candidates, guards, jsons, options);
    for (const [owner, findings] of candidates) {
      for (const finding of findings) {
        if (!chosen.has(findingKey(finding))) errors.push(`[${owner.node.path}] ${formatGuardFinding(finding)}`);
      }
    }
  }
  return errors;
}

/**
 * Whether `finding` may block: a counted error always; for a kube-harden construct, any counted finding, and an
 * unknown one when an object it emitted is gone (a removed child, or a patched kind or name), since that may be
 * what made the rule blind. Whether the construct's own emission has it too is decided afterwards.
 */
function isCandidate(finding: Finding, guard: Guard, anyEmittedGone: (guard: Guard) => boolean): boolean {
  if (finding.acknowledged !== undefined) return false;
  if (finding.unknown !== true) return finding.severity === 'error' || guard.emitted !== undefined;
  return guard.emitted !== undefined && anyEmittedGone(guard);
}

/**
 * The findings kube-harden constructs' own objects have as emitted (what their profile chose), keyed by rule,
 * object and path (errors excluded: they always block). One audit of the emitted objects of the constructs that
 * have candidate findings other than errors, with the app as context; none when no construct has any.
 */
function chosenByProfile(
  candidates: ReadonlyMap<IConstruct, readonly Finding[]>, guards: ReadonlyMap<IConstruct, Guard>, jsons: readonly K8sObject[], options: AuditOptions,
): Set<string> {
  const emitted = [...candidates]
    .filter(([, findings]) => findings.some((f) => f.severity !== 'error'))
    .flatMap(([owner]) => guards.get(owner)?.emitted ?? []);
  if (emitted.length === 0) {
    return new Set();
  }
  const findings = auditFindings(emitted, { ...options, context: [...options.context ?? [], ...jsons] });
  return new Set(findings.filter((f) => f.acknowledged === undefined && f.severity !== 'error').map(findingKey));
}

function findingKey(finding: Finding): string {
  return `${finding.ruleId}\n${finding.object ? refKey(finding.object) : ''}\n${finding.path ?? ''}\n${finding.unknown === true}`;
}

/** The innermost guarded scope of `apiObject` (itself included). */
function ownerGuard(apiObject: ApiObject, guards: ReadonlyMap<IConstruct, Guard>): IConstruct | undefined {
  for (let scope: IConstruct | undefined = apiObject; scope; scope = scope.node.scope) {
    if (guards.has(scope)) return scope;
  }
  return undefined;
}

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
