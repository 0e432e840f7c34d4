import { ControlArea, ControlId } from '../core/controls';
import { K8sObject } from '../core/manifest';

/** How bad a finding is. */
export type Severity = 'error' | 'warning' | 'info';

/** Every severity, from worst to mildest. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The external controls a rule maps to. */
export interface ControlMapping {
  /**
   * Pod Security Standards control (check id), e.g. `privileged`.
   * @default - not a PSS control
   */
  readonly pss?: string;
  /**
   * CIS Kubernetes Benchmark 5.x items, e.g. `5.2.2`.
   * @default - none
   */
  readonly cis?: readonly string[];
  /**
   * NSA/CISA Kubernetes Hardening Guide sections, e.g. `Pod security`.
   * @default - none
   */
  readonly nsa?: readonly string[];
  /**
   * MLPS 2.0 level 3 clauses, e.g. `8.1.4.4`.
   * @default - none
   */
  readonly mlps?: readonly string[];
}

/** What every rule declares: identity and documentation, separate from the check. */
export interface RuleMetadata {
  /** Literal rule id, equal to the core control id it checks. */
  readonly id: ControlId;
  /** Area used for per-area scores. */
  readonly area: ControlArea;
  /** Short title. */
  readonly title: string;
  /** Default severity (a pack or the audit options may override it). */
  readonly severity: Severity;
  /** Section of the security guide the rule enforces, e.g. `2.1`. */
  readonly guideSection: string;
  /** External controls. */
  readonly controls: ControlMapping;
  /** One sentence ending in '.', saying how to fix a finding. */
  readonly remediation: string;
}

/** One problem a check found in one object. */
export interface RuleViolation {
  /** What is wrong, naming the container or field. */
  readonly message: string;
  /** JSON path of the offending field, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path?: string;
  /**
   * The check could not decide because context it needs is not part of the audit (e.g. the ClusterRole a
   * binding names), or because a field it reads has the wrong JSON type (read with the readers of `field-types`,
   * which the engine and `checkPod` report). The finding keeps the rule's severity, is shown as `unknown`, and
   * never fails a check.
   * A violation has no severity of its own: every counted finding of a rule has the rule's effective severity,
   * the one RULES.md documents.
   */
  readonly unknown?: boolean;
}

/** A rule over Kubernetes manifests. `check` is pure and sees every object of the audit. */
export interface ManifestRule extends RuleMetadata {
  /**
   * Kinds the rule applies to. An object is of a kind of `KIND_GROUPS` only when its apiVersion names a group of the
   * kind (`auditedKind`): a Calico `NetworkPolicy` is no NetworkPolicy.
   */
  readonly appliesTo: readonly string[];
  /**
   * Narrows the objects of `appliesTo` the rule checks (e.g. payment workloads only). An object for which it
   * returns false gets no check at all: it is not applicable, not a pass, and does not count in the score. A
   * predicate that throws, or that read a field of the wrong JSON type (see `field-types`), does not exclude it.
   * @default - every object of `appliesTo`
   */
  readonly appliesWhen?: (object: K8sObject, context: AuditContext) => boolean;
  /** Returns the violations in `object` (empty when compliant). */
  check(object: K8sObject, context: AuditContext): readonly RuleViolation[];
}

/** Settings that parameterise rules (the same for every rule of one audit). */
export interface AuditSettings {
  /**
   * Registries images may come from (host, or host/path prefix), for KH-IMG-004. Empty: the rule has
   * nothing to check against and is not applicable (no check).
   */
  readonly allowedRegistries: readonly string[];
}

/** What a manifest rule can see besides its own object. */
export interface AuditContext {
  /** Every object in the audit (ours and anyone's). */
  readonly objects: readonly K8sObject[];
  /** Rule settings. */
  readonly settings: AuditSettings;
  /** Objects the audit reads as `kind` (`auditedKind`: not those of another API group), optionally in `namespace`. */
  objectsOfKind(kind: string, namespace?: string): readonly K8sObject[];
  /** The Namespace object (of the core group) named `name`, when it is part of the audit. */
  namespace(name: string): K8sObject | undefined;
}
