import { K8sObject } from '../../core/manifest';
import { AuditOptions, forEachManifestOutcome } from '../engine';
import { describeObject, Finding, objectRef, perObjectRef } from '../finding';
import { auditedKind } from '../kinds';
import { MANIFEST_RULES } from '../registry';
import { Severity } from '../rule';
import { AreaScore, ScoreTally } from '../score';
import { ACKNOWLEDGED, BreakingFindingList, BreakingFindingStore, COUNTED, UNDECIDED } from './breaking-findings';
import { Standard, StandardId, standardById } from './standards';

/**
 * A compliance report: each control of a standard with the objects that satisfy it and the findings that break
 * it, a score (satisfied controls / scored controls), and optionally the same for a baseline (before/after).
 */

/**
 * Status of a control: `unknown` when nothing breaks it and nothing satisfies it, but its rules could not judge some
 * objects (context missing from the input, e.g. the Namespace object): the input can neither show it nor refute it.
 */
export type ControlStatus = 'satisfied' | 'broken' | 'unknown' | 'missing' | 'manual';

/** A finding that breaks a control. */
export interface BreakingFinding {
  /** Rule id. */
  readonly ruleId: string;
  /** The object, `Kind namespace/name`. */
  readonly object: string;
  /** What is wrong. */
  readonly message: string;
}

/** One control and its evidence. */
export interface ControlResult {
  /** Control id. */
  readonly id: string;
  /** Title. */
  readonly title: string;
  /** Status. */
  readonly status: ControlStatus;
  /** Rules mapped to the control. */
  readonly rules: readonly string[];
  /** Objects that satisfy it (checked by its rules without any finding, unknown ones included, or evidence objects). */
  readonly satisfiedBy: readonly string[];
  /** Counted findings that break it. */
  readonly brokenBy: readonly BreakingFinding[];
  /** Acknowledged findings: accepted weakenings, which neither break nor satisfy the control. */
  readonly acknowledged: readonly BreakingFinding[];
  /** Objects its rules could not judge (unknown results), each with why. */
  readonly undecided: readonly BreakingFinding[];
  /** What would satisfy the control: the evidence objects it accepts and the checks its rules make. */
  readonly wouldSatisfy: readonly string[];
  /** Why the control is manual, when it is. */
  readonly manual?: string;
  /** The control's status in the baseline, when a baseline was given. */
  readonly baselineStatus?: ControlStatus;
  /** Gaps the objects state about the control (e.g. workloads no runtime monitor can watch), when there are any. */
  readonly notes?: readonly string[];
}

/** Scores of one set of manifests. */
export interface ComplianceScore {
  /** Satisfied controls × 100 / scored controls (manual controls are not scored), floored. */
  readonly score: number;
  /** Satisfied controls. */
  readonly satisfied: number;
  /** Scored controls. */
  readonly scored: number;
  /** The audit's own check score (kube-harden pack) over the same objects. */
  readonly auditScore: number;
  /** Objects read. */
  readonly objects: number;
  /** The audit's score per area (pod, network, image, ...) over the same objects. */
  readonly areas: readonly AreaScore[];
}

/** One of the top risks: a rule with counted findings, the objects it found, and the fix. */
export interface TopRisk {
  /** Rule id. */
  readonly ruleId: string;
  /** Rule title. */
  readonly title: string;
  /** Effective severity. */
  readonly severity: Severity;
  /** The objects with a counted finding of this rule, `Kind namespace/name`. */
  readonly objects: readonly string[];
  /** How to fix it. */
  readonly remediation: string;
  /** Controls of the standard it breaks. */
  readonly controls: readonly string[];
}

/** What the report covers. */
export interface ReportScope {
  /** Objects per kind. */
  readonly kinds: Readonly<Record<string, number>>;
  /** Namespaces of the namespaced objects, sorted. */
  readonly namespaces: readonly string[];
}

/** The report. */
export interface ComplianceReport {
  /** Standard id. */
  readonly standard: StandardId;
  /** Standard title. */
  readonly title: string;
  /** Every control, in the standard's order. */
  readonly controls: readonly ControlResult[];
  /** The scores of the audited manifests. */
  readonly current: ComplianceScore;
  /** The scores of the baseline, when given. */
  readonly baseline?: ComplianceScore;
  /** The rules with counted findings, worst first (severity, then number of objects): at most `TOP_RISKS`. */
  readonly topRisks: readonly TopRisk[];
  /** The kinds and namespaces of the audited objects. */
  readonly scope: ReportScope;
}

/** A control as `complianceReportView` gives it: its findings as lists read one by one, not held as arrays. */
export interface ControlResultView extends Omit<ControlResult, 'brokenBy' | 'acknowledged' | 'undecided'> {
  /** Counted findings that break it. */
  readonly brokenBy: BreakingFindingList;
  /** Acknowledged findings: accepted weakenings, which neither break nor satisfy the control. */
  readonly acknowledged: BreakingFindingList;
  /** Objects its rules could not judge (unknown results), each with why. */
  readonly undecided: BreakingFindingList;
}

/** A compliance report whose controls list their findings as `BreakingFindingList`s (a `ComplianceReport` is one). */
export interface ComplianceReportView extends Omit<ComplianceReport, 'controls'> {
  /** Every control, in the standard's order. */
  readonly controls: readonly ControlResultView[];
}

/** How many top risks a report lists. */
export const TOP_RISKS = 10;

/** Options of a compliance report. */
export interface ComplianceOptions {
  /** Standard to map to. */
  readonly standard: StandardId;
  /**
   * The manifests before hardening, for before/after scores.
   * @default - no baseline
   */
  readonly baseline?: readonly K8sObject[];
  /**
   * Audit options (pack, ignore, allowed registries).
   * @default {}
   */
  readonly audit?: AuditOptions;
}

/** The name of a finding's object (`Kind namespace/name`, each made once per reference), or its file when it has none. */
type FindingSubject = (f: Finding) => string;

function findingSubjects(): FindingSubject {
  const nameOf = perObjectRef(describeObject);
  return (f) => (f.object === undefined ? f.location?.file ?? '' : nameOf(f.object));
}

/**
 * A rule's counted findings so far, for the top risks: the first one's title and remediation, the worst severity.
 * (The objects found are the store's, `BreakingFindingStore.countedObjects`.)
 */
interface RiskTally {
  readonly ruleId: string;
  readonly title: string;
  readonly remediation: string;
  severity: Severity;
}

interface Evaluated {
  readonly controls: ControlResultView[];
  readonly score: ComplianceScore;
  readonly risks: readonly RiskTally[];
  /** The findings as the controls list them. */
  readonly store: BreakingFindingStore;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * The findings of `objects` as the controls list them (`BreakingFindingStore`: acknowledged ones with their reason),
 * in the order of the checks, plus the audit's score, the rules that ran and the top-risk tallies: gathered as the
 * checks run, so neither the outcomes (one per check) nor the findings are kept.
 */
function gather(objects: readonly K8sObject[], options: AuditOptions) {
  const tally = new ScoreTally();
  const ran = new Set<string>();
  const subjectOf = findingSubjects();
  const store = new BreakingFindingStore();
  const risks = new Map<string, RiskTally>();
  forEachManifestOutcome(objects, options, ({ rule, severity, findings }) => {
    tally.add(rule, severity, findings);
    ran.add(rule.id);
    for (const f of findings) {
      const subject = subjectOf(f);
      if (f.acknowledged !== undefined) {
        store.add(f.ruleId, subject, `${f.message} (acknowledged: ${f.acknowledged.reason})`, ACKNOWLEDGED);
      } else if (f.unknown === true) {
        store.add(f.ruleId, subject, f.message, UNDECIDED);
      } else {
        store.add(f.ruleId, subject, f.message, COUNTED);
        addRisk(risks, f);
      }
    }
  });
  return { score: tally.score(), ran, store, risks: [...risks.values()] };
}

function addRisk(risks: Map<string, RiskTally>, f: Finding): void {
  const risk = risks.get(f.ruleId);
  if (risk === undefined) {
    risks.set(f.ruleId, { ruleId: f.ruleId, title: f.title, remediation: f.remediation, severity: f.severity });
  } else if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[risk.severity]) {
    risk.severity = f.severity;
  }
}

function evaluate(objects: readonly K8sObject[], standard: Standard, options: AuditOptions): Evaluated {
  const { score, ran, store, risks } = gather(objects, options);
  const valid = objects.filter((o) => typeof o === 'object' && o !== null && typeof o.kind === 'string' && typeof o.metadata === 'object' && o.metadata !== null);
  // each object's name once: every control that lists it shares the string
  const validNames = valid.map((o) => describeObject(objectRef(o)));
  // the kind the audit reads each as: a rule of `appliesTo` checked only the objects of its kinds' API groups
  const validKinds = valid.map((o) => auditedKind(o.kind, o.apiVersion));
  const controls = standard.controls.map((control): ControlResultView => {
    const mapped = MANIFEST_RULES.filter((r) => standard.controlsOf(r.controls).includes(control.id));
    const rules = mapped.map((r) => r.id as string);
    // every manifest finding names its object (the engine sets it), so the objects listed are `Kind namespace/name`
    const { lists: [breaking, acknowledged, undecided], objects: brokenObjects } = store.control(rules);
    const checked = validNames.filter((_, i) => mapped.some((r) => ran.has(r.id) && r.appliesTo.includes(validKinds[i])));
    const evidence = validNames.filter((_, i) => (control.evidence ?? []).some((e) => e.matches(valid[i])));
    const satisfiedBy = [...new Set([...checked.filter((d) => !brokenObjects.has(d)), ...evidence])].sort();
    const notes = control.notes?.(valid) ?? [];
    const status: ControlStatus = control.manual !== undefined ? 'manual'
      : breaking.length > 0 ? 'broken'
        : satisfiedBy.length > 0 ? 'satisfied'
          : undecided.length > 0 ? 'unknown' : 'missing';
    const wouldSatisfy = [
      ...(control.evidence ?? []).map((e) => `evidence object: ${e.description}`),
      ...mapped.map((r) => `check ${r.id} passing: ${r.title}`),
    ];
    return {
      id: control.id,
      title: control.title,
      status,
      rules,
      satisfiedBy,
      brokenBy: breaking,
      acknowledged,
      undecided,
      wouldSatisfy,
      manual: control.manual,
      notes: notes.length > 0 ? notes : undefined,
    };
  });
  const scored = controls.filter((c) => c.status !== 'manual').length;
  const satisfied = controls.filter((c) => c.status === 'satisfied').length;
  return {
    controls,
    risks,
    store,
    score: {
      score: scored === 0 ? 100 : Math.floor((100 * satisfied) / scored),
      satisfied,
      scored,
      auditScore: score.overall,
      objects: objects.length,
      areas: score.areas,
    },
  };
}

/**
 * The rules with counted findings, worst first: severity, then the number of objects, then the rule id (only the
 * first `TOP_RISKS` name their objects).
 */
function topRisks({ risks, store }: Evaluated, standard: Standard): TopRisk[] {
  const riskObjects = store.countedObjects();
  const size = (risk: RiskTally) => riskObjects.get(risk.ruleId)?.size ?? 0;
  return [...risks]
    .sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || size(b) - size(a) || (a.ruleId < b.ruleId ? -1 : 1))
    .slice(0, TOP_RISKS)
    .map((risk): TopRisk => {
      const rule = MANIFEST_RULES.find((r) => r.id === risk.ruleId);
      return {
        ruleId: risk.ruleId,
        title: risk.title,
        severity: risk.severity,
        objects: riskObjects.get(risk.ruleId)?.names().sort() ?? [],
        remediation: risk.remediation,
        controls: rule ? [...standard.controlsOf(rule.controls)] : [],
      };
    });
}

function scopeOf(objects: readonly K8sObject[]): ReportScope {
  const kinds: Record<string, number> = {};
  const namespaces = new Set<string>();
  for (const o of objects) {
    if (typeof o !== 'object' || o === null || typeof o.kind !== 'string') continue;
    kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
    const namespace = o.metadata?.namespace;
    if (typeof namespace === 'string') namespaces.add(namespace);
  }
  const sortedKinds = Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { kinds: sortedKinds, namespaces: [...namespaces].sort() };
}

/** Maps `objects` to the controls of a standard, with before/after scores when a baseline is given. */
export function complianceReport(objects: readonly K8sObject[], options: ComplianceOptions): ComplianceReport {
  const view = complianceReportView(objects, options);
  return {
    ...view,
    controls: view.controls.map((c) => ({ ...c, brokenBy: [...c.brokenBy], acknowledged: [...c.acknowledged], undecided: [...c.undecided] })),
  };
}

/**
 * `complianceReport` with each control's findings as lists read one by one from one compact store, never as one
 * object per finding (what `kube-harden report` formats): the formats give the same text for both.
 */
export function complianceReportView(objects: readonly K8sObject[], options: ComplianceOptions): ComplianceReportView {
  const standard = standardById(options.standard, MANIFEST_RULES);
  const current = evaluate(objects, standard, options.audit ?? {});
  const baseline = options.baseline ? evaluate(options.baseline, standard, options.audit ?? {}) : undefined;
  return {
    standard: standard.id,
    title: standard.title,
    controls: current.controls.map((c, i) => (baseline ? { ...c, baselineStatus: baseline.controls[i].status } : c)),
    current: current.score,
    baseline: baseline?.score,
    topRisks: topRisks(current, standard),
    scope: scopeOf(objects),
  };
}
