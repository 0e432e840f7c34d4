import { cmp, refKey, STATUS_RANK } from './finding-order';
import { Severity } from './rule';
import { ControlArea, ControlId } from '../core/controls';
import { K8sObject } from '../core/manifest';

/** An acknowledgement of a finding, read from the object's annotation: always with a reason. */
export interface FindingAcknowledgement {
  /** Why the weakening is accepted. Never empty. */
  readonly reason: string;
}

/** Which object a finding is about. */
export interface ObjectRef {
  /** API group and version. */
  readonly apiVersion: string;
  /** Kind. */
  readonly kind: string;
  /** Namespace, for namespaced objects that name one. */
  readonly namespace?: string;
  /** Name. */
  readonly name: string;
}

/** Where in a file a finding is (Dockerfile findings, or manifests read from files). */
export interface SourceLocation {
  /** File path as given to the audit. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when the finding is located at a field. */
  readonly column?: number;
}

/** One finding of one rule in one object (or file). */
export interface Finding {
  /** Rule (= control) id. */
  readonly ruleId: ControlId;
  /** Area of the rule. */
  readonly area: ControlArea;
  /** Effective severity (after pack and option overrides): the rule's, as RULES.md documents it, for every finding of the rule. */
  readonly severity: Severity;
  /** Rule title. */
  readonly title: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly remediation: string;
  /** The object the finding is about (manifest findings). */
  readonly object?: ObjectRef;
  /** The file and line (Dockerfile findings; manifest findings when the caller knows them). */
  readonly location?: SourceLocation;
  /** JSON path of the offending field. */
  readonly path?: string;
  /** Present when the finding is acknowledged: it stays in the report but does not count. */
  readonly acknowledged?: FindingAcknowledgement;
  /** The rule could not decide: context was missing from the audit, or a field it reads has the wrong type. */
  readonly unknown?: boolean;
  /** The rule threw: the engine fails closed and reports the exception as an error finding. */
  readonly ruleError?: boolean;
}

/** The reference of `object`, tolerant of malformed input (missing metadata becomes empty strings). */
export function objectRef(object: K8sObject): ObjectRef {
  const metadata = (object.metadata ?? {}) as Partial<K8sObject['metadata']>;
  const apiVersion = String(object.apiVersion ?? '');
  const kind = String(object.kind ?? '');
  const name = String(metadata.name ?? '');
  // Literals, not a spread: in V8 every spread copy gets a hidden class of its own (memory per finding).
  return metadata.namespace === undefined ? { apiVersion, kind, name } : { apiVersion, kind, name, namespace: String(metadata.namespace) };
}

/** `Kind namespace/name` (or `Kind name` when cluster-scoped), for messages. */
export function describeObject(ref: ObjectRef): string {
  return ref.namespace === undefined ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

/**
 * What a report shows for a finding, one vocabulary in every format: its severity when it counts, `unknown` when
 * the rule could not decide (the summary counts it as unknown, never under a severity), `acknowledged` when
 * accepted with a reason.
 */
export type FindingStatus = Severity | 'unknown' | 'acknowledged';

/** The status of `finding` (acknowledged wins over unknown). */
export function findingStatus(finding: Finding): FindingStatus {
  return finding.acknowledged !== undefined ? 'acknowledged' : finding.unknown === true ? 'unknown' : finding.severity;
}

/** Canonical order of findings: status (counted severities, then unknown, then acknowledged), rule id, file, object, path, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareWith(a, b, refKey);
}

/** Sorts `findings` in place into the order of `compareFindings`, making the sort key of each object reference once. */
export function sortFindings(findings: Finding[]): Finding[] {
  const keyOf = perObjectRef(refKey);
  return findings.sort((a, b) => compareWith(a, b, keyOf));
}

/**
 * `make`, called once per object reference and then remembered: the findings of one object share its reference, so
 * what is derived from it (a sort key, a name) is made once per object, not once per finding.
 */
export function perObjectRef<T>(make: (ref: ObjectRef) => T): (ref: ObjectRef) => T {
  const made = new Map<ObjectRef, T>();
  return (ref) => {
    let value = made.get(ref);
    if (value === undefined && !made.has(ref)) {
      value = make(ref);
      made.set(ref, value);
    }
    return value as T;
  };
}

function compareWith(a: Finding, b: Finding, keyOf: (ref: ObjectRef) => string): number {
  return STATUS_RANK[findingStatus(a)] - STATUS_RANK[findingStatus(b)]
    || cmp(a.ruleId, b.ruleId)
    || cmp(a.location?.file ?? '', b.location?.file ?? '')
    || (a.location?.line ?? 0) - (b.location?.line ?? 0)
    || cmp(a.object ? keyOf(a.object) : '', b.object ? keyOf(b.object) : '')
    || cmp(a.path ?? '', b.path ?? '')
    || cmp(a.message, b.message);
}

/** Whether the finding counts against the score and the exit code: not acknowledged, not unknown. */
export function isCounted(finding: Finding): boolean {
  return finding.acknowledged === undefined && finding.unknown !== true;
}
