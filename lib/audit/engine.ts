import { acknowledgementLookup } from './acknowledgement';
import { auditedKinds, createAuditContext } from './context';
import { closeReading, notedSince, openReading, WrongFieldType, wrongTypeViolations } from './field-types';
import { Finding, objectRef, sortFindings, SourceLocation } from './finding';
import { FindingList, FindingTable } from './finding-table';
import { RulePack } from './packs/pack';
import { DEFAULT_PACK_ID, packById } from './packs/registry';
import { isOtherPodTemplateKind, withPodFacts, WORKLOAD_KINDS } from './pod-spec';
import { checkReadableObjects } from './readable-input';
import { MANIFEST_RULES } from './registry';
import { AuditContext, ManifestRule, RuleMetadata, RuleViolation, Severity } from './rule';
import { AreaScore, CheckOutcome, ScoreTally } from './score';
import { ControlId, isControlId } from '../core/controls';
import { K8sObject, objectKey } from '../core/manifest';

/** How to run an audit. */
export interface AuditOptions {
  /**
   * The pack to run: its id (see `PACKS`) or a pack object.
   * @default 'kube-harden' (every rule)
   */
  readonly pack?: string | RulePack;
  /**
   * Rule ids not to run. An id that names no rule of the pack is an error (a typo must not silently disable nothing).
   * @default []
   */
  readonly ignore?: readonly string[];
  /**
   * Severities that replace the pack's (and the rule's) for every finding of the rule.
   * @default {}
   */
  readonly severityOverrides?: Readonly<Partial<Record<ControlId, Severity>>>;
  /**
   * Registries images may come from, for KH-IMG-004 (host, or host/path prefix).
   * @default [] (KH-IMG-004 is not applicable: no check)
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Further objects the rules may see as context (e.g. the rest of a cdk8s app), but that are not audited.
   * An object with the same key as an audited one is left out.
   * @default []
   */
  readonly context?: readonly K8sObject[];
  /**
   * The manifest rules to choose from (the pack still selects among them).
   * @default MANIFEST_RULES
   */
  readonly rules?: readonly ManifestRule[];
}

/** A rule chosen for an audit, with its effective severity. */
export interface SelectedRule<R extends RuleMetadata> {
  /** The rule. */
  readonly rule: R;
  /** Effective severity, the severity of every finding of the rule: option override, else pack override, else the rule's own. */
  readonly severity: Severity;
}

/** Counts of findings in a report. */
export interface AuditSummary {
  /** Counted (unacknowledged, known) errors. */
  readonly error: number;
  /** Counted warnings. */
  readonly warning: number;
  /** Counted info findings. */
  readonly info: number;
  /** Acknowledged findings (any severity). */
  readonly acknowledged: number;
  /** Unknown findings (context missing, or a field of the wrong type). */
  readonly unknown: number;
}

/** The result of an audit. */
export interface AuditReport {
  /** Id of the pack that ran. */
  readonly pack: string;
  /** Rules that ran, with their effective severity. */
  readonly rules: readonly RuleMetadata[];
  /** Every finding, acknowledged ones included, in canonical order. */
  readonly findings: readonly Finding[];
  /** Overall score 0-100 (see `SEVERITY_WEIGHTS` for the formula): what the input proves. */
  readonly score: number;
  /** Percentage of checks decided (not unknown), printed beside the score. */
  readonly coverage: number;
  /** Whether a check of a Pod Security Standards baseline rule failed (the score is then at most 49). */
  readonly failsBaseline: boolean;
  /** Per-area scores. */
  readonly areas: readonly AreaScore[];
  /** Number of checks (rule × object pairs) that ran. */
  readonly checks: number;
  /** Finding counts. */
  readonly summary: AuditSummary;
}

function resolvePack(pack: string | RulePack | undefined): RulePack {
  if (pack === undefined || typeof pack === 'string') {
    const id = pack ?? DEFAULT_PACK_ID;
    const found = packById(id);
    if (!found) {
      throw new Error(`unknown rule pack '${id}'`);
    }
    return found;
  }
  return pack;
}

/**
 * The ids of `ignore` that name no rule of the pack (`options.pack`, default `kube-harden`): ignoring them would
 * disable nothing. Every id a built-in pack lists has a registered rule (the packs test checks it).
 */
export function unknownIgnoredIds(ignore: readonly string[], pack: string | RulePack | undefined): string[] {
  const rules = new Set<string>(resolvePack(pack).rules);
  return ignore.filter((id) => !rules.has(id));
}

/**
 * Chooses the rules of an audit from `rules`: those in the pack and not ignored, with their effective
 * severity. Shared by manifest and Dockerfile audits. Throws on an unknown pack, or an ignored id that names
 * no rule of the pack.
 */
export function selectRules<R extends RuleMetadata>(rules: readonly R[], options: AuditOptions = {}): SelectedRule<R>[] {
  const pack = resolvePack(options.pack);
  const ignore = new Set(options.ignore ?? []);
  for (const id of unknownIgnoredIds([...ignore], pack)) {
    throw new Error(isControlId(id) ? `cannot ignore rule id '${id}': pack '${pack.id}' does not run it` : `cannot ignore unknown rule id '${id}'`);
  }
  const inPack = new Set<string>(pack.rules);
  return rules
    .filter((rule) => inPack.has(rule.id) && !ignore.has(rule.id))
    .map((rule) => {
      const override = options.severityOverrides?.[rule.id] ?? pack.severities?.[rule.id];
      return { rule, severity: override ?? rule.severity };
    });
}

/**
 * One copy of each distinct text: an audit's findings repeat few messages and paths (a 60 MB file of plain
 * Deployments gives 1.7 million findings with 163 distinct messages and 14 paths), so they share them.
 */
class TextPool {
  private readonly texts = new Map<string, string>();

  /** The pool's copy of `text` (`text` itself the first time). */
  public of(text: string): string {
    const found = this.texts.get(text);
    if (found !== undefined) return found;
    this.texts.set(text, text);
    return text;
  }
}

/**
 * Turns a rule's violations in one object (or file) into findings: every finding has the rule's effective
 * severity (unknown ones too, marked `unknown`), acknowledgement looked up with `acknowledge`, and its message and
 * path passed through `share` (which may return one shared copy of equal texts).
 */
export function toFindings(
  selected: SelectedRule<RuleMetadata>,
  violations: readonly RuleViolation[],
  where: Pick<Finding, 'object' | 'location'>,
  acknowledge: () => Finding['acknowledged'],
  share: (text: string) => string = (text) => text,
): Finding[] {
  const { rule } = selected;
  // (looked up once: every violation is in the same object)
  const acknowledged = violations.length > 0 ? acknowledge() : undefined;
  return violations.map((v) => ({
    ruleId: rule.id,
    area: rule.area,
    severity: selected.severity,
    title: rule.title,
    message: share(v.message),
    remediation: rule.remediation,
    ...where,
    ...(v.path !== undefined ? { path: share(v.path) } : {}),
    ...(acknowledged ? { acknowledged } : {}),
    ...(v.unknown ? { unknown: true } : {}),
  }));
}

/** The finding that replaces the result of a rule that threw (fail closed). */
export function ruleErrorFinding(rule: RuleMetadata, error: unknown, where: Pick<Finding, 'object' | 'location'>): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ruleId: rule.id,
    area: rule.area,
    severity: 'error',
    title: rule.title,
    message: `the rule failed while checking this object (${reason}); the audit fails closed`,
    remediation: rule.remediation,
    ...where,
    ruleError: true,
  };
}

/** `objects`, then the objects of `extra` not keyed as one of them: the audited objects first, in order, at their own indexes. */
function withContext(objects: readonly K8sObject[], extra: readonly K8sObject[]): readonly K8sObject[] {
  if (extra.length === 0) {
    return objects;
  }
  const audited = new Set(objects.filter(isObject).map(objectKey));
  return [...objects, ...extra.filter((o) => isObject(o) && !audited.has(objectKey(o)))];
}

function isObject(object: K8sObject): boolean {
  return typeof object === 'object' && object !== null && typeof object.kind === 'string' && typeof object.metadata === 'object' && object.metadata !== null;
}

/** Whether `rule` checks `object` of its kinds: `appliesWhen` (a predicate that throws means yes: the check fails closed). */
function appliesWhen(rule: ManifestRule, object: K8sObject, context: AuditContext): boolean {
  try {
    return rule.appliesWhen?.(object, context) ?? true;
  } catch {
    return true;
  }
}

/**
 * `rule`'s violations in `object`, or `undefined` when the rule does not apply to it. The rule runs in a reading
 * (see `field-types`): each field of the wrong JSON type that `appliesWhen` or `check` read adds an unknown violation
 * naming the field, and a predicate that read one cannot rule the object out (the check runs: it fails closed).
 */
function checkObject(rule: ManifestRule, object: K8sObject, context: AuditContext): readonly RuleViolation[] | undefined {
  const mark = openReading(object);
  let violations: readonly RuleViolation[] | undefined;
  let wrong: readonly WrongFieldType[];
  try {
    const applies = rule.appliesWhen === undefined || appliesWhen(rule, object, context) || notedSince(mark);
    violations = applies ? rule.check(object, context) : undefined;
  } finally {
    wrong = closeReading(mark);
  }
  return wrong.length === 0 || !Array.isArray(violations) ? violations : [...violations, ...unreported(wrongTypeViolations(wrong), violations)];
}

/** The unknowns of `extra` that `violations` do not hold already (a pod rule's `checkPod` reports what it read). */
function unreported(extra: readonly RuleViolation[], violations: readonly RuleViolation[]): RuleViolation[] {
  return extra.filter((v) => !violations.some((w) => w.unknown === true && w.message === v.message && w.path === v.path));
}

/**
 * Where a finding about the `index`-th audited object is, given the JSON path of the field it judges (when the
 * rule gives one): for objects read from files.
 */
export type FindingLocator = (index: number, path: string | undefined) => SourceLocation | undefined;

/** The findings of a check that passed: one shared, frozen empty list (a passing check allocates nothing). */
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** A selected rule with the outcome it has on every object it passes (shared: outcomes are read-only). */
interface Check {
  readonly choice: SelectedRule<ManifestRule>;
  readonly passed: CheckOutcome;
}

/**
 * The checks that apply to objects the audit reads as `kind` (`auditedKind`: a Calico NetworkPolicy is not a
 * NetworkPolicy; for a kind outside the workload kinds that carries a pod template, also those of every workload
 * kind), looked up once per kind and audit.
 */
function checksOfKind(checks: readonly Check[], cache: Map<string, readonly Check[]>, kind: string, otherPodTemplate: boolean): readonly Check[] {
  const key = otherPodTemplate ? `${kind}\n(pod template)` : kind;
  let found = cache.get(key);
  if (!found) {
    const everyWorkloadKind = ({ rule }: SelectedRule<ManifestRule>) => WORKLOAD_KINDS.every((k) => rule.appliesTo.includes(k));
    found = checks.filter(({ choice }) => choice.rule.appliesTo.includes(kind) || (otherPodTemplate && everyWorkloadKind(choice)));
    cache.set(key, found);
  }
  return found;
}

/**
 * Runs the selected manifest rules over `objects` and hands each check (rule × object it applies to) to `record`
 * with its findings (`NO_FINDINGS` when it passed), in object order, then rule order. Pod facts are computed once
 * per object.
 */
function runChecks(
  objects: readonly K8sObject[],
  options: AuditOptions,
  locate: FindingLocator | undefined,
  record: (check: Check, findings: readonly Finding[]) => void,
): void {
  checkReadableObjects(objects, 'objects', 'audit input');
  checkReadableObjects(options.context ?? [], 'options.context', 'audit input');
  const checks = selectRules(options.rules ?? MANIFEST_RULES, options)
    .map((choice): Check => ({ choice, passed: { rule: choice.rule, severity: choice.severity, findings: NO_FINDINGS } }));
  const context = createAuditContext(withContext(objects, options.context ?? []), { allowedRegistries: options.allowedRegistries ?? [] });
  // (the audited objects come first in the context's, in order: see `withContext`)
  const kinds = auditedKinds(context);
  const byKind = new Map<string, readonly Check[]>();
  const texts = new TextPool();
  const sink: FindingSink = { locate, record, share: (text) => texts.of(text) };
  // Plain index loops and no closure in the loop body: either would allocate per check (94,000 checks on 18,000
  // objects of the benchmark app) until V8 optimizes the loop. Checks with findings go through `recordFindings`.
  withPodFacts(() => {
    for (let index = 0; index < objects.length; index++) {
      const object = objects[index];
      if (typeof object !== 'object' || object === null || typeof object.kind !== 'string') {
        continue;
      }
      const kind = kinds[index];
      const applicable = checksOfKind(checks, byKind, kind, isOtherPodTemplateKind(object, kind));
      let where: Pick<Finding, 'object'> | undefined;
      for (let i = 0; i < applicable.length; i++) {
        const check = applicable[i];
        const rule = check.choice.rule;
        let violations: readonly RuleViolation[] | undefined;
        try {
          violations = checkObject(rule, object, context);
        } catch (error) {
          where ??= { object: objectRef(object) };
          recordFindings(sink, check, [ruleErrorFinding(rule, error, where)], index);
          continue;
        }
        if (violations === undefined) {
          continue;
        }
        where ??= { object: objectRef(object) };
        if (Array.isArray(violations) && violations.length === 0) {
          record(check, NO_FINDINGS);
        } else {
          recordFindings(sink, check, findingsOf(check, violations, where, object, sink.share), index);
        }
      }
    }
  });
}

/** Where the findings of checks go: located (objects read from files), then recorded. */
interface FindingSink {
  readonly locate: FindingLocator | undefined;
  readonly record: (check: Check, findings: readonly Finding[]) => void;
  /** The audit's one copy of a message or path (see `TextPool`). */
  readonly share: (text: string) => string;
}

/**
 * The findings of a check's violations in `object` (a rule error finding when making them throws: the check fails
 * closed). An acknowledgement annotation that acknowledges nothing (an unprintable reason) is named in each message.
 */
function findingsOf(check: Check, violations: readonly RuleViolation[], where: Pick<Finding, 'object'>, object: K8sObject, share: (text: string) => string): Finding[] {
  const { choice } = check;
  try {
    const { acknowledged, ignored } = acknowledgementLookup(object, choice.rule.id);
    const noted = ignored === undefined ? violations : violations.map((v) => ({ ...v, message: `${v.message} (${ignored})` }));
    return toFindings(choice, noted, where, () => acknowledged, share);
  } catch (error) {
    return [ruleErrorFinding(choice.rule, error, where)];
  }
}

/** Locates the findings of a check of the `index`-th object (when the sink locates) and records them. */
function recordFindings(sink: FindingSink, check: Check, findings: Finding[], index: number): void {
  const { locate } = sink;
  if (locate) {
    for (const finding of findings) {
      withLocation(finding, () => locate(index, finding.path));
    }
  }
  sink.record(check, findings);
}

/**
 * Runs the selected manifest rules over `objects`: one outcome per rule and object it applies to. `locate`, when
 * given, sets the location of each finding that has none.
 */
export function runManifestRules(objects: readonly K8sObject[], options: AuditOptions = {}, locate?: FindingLocator): CheckOutcome[] {
  const outcomes: CheckOutcome[] = [];
  forEachManifestOutcome(objects, options, (outcome) => outcomes.push(outcome), locate);
  return outcomes;
}

/**
 * `runManifestRules`, one outcome at a time: `record` gets each outcome as its check runs, so no list of outcomes
 * (one per check: 4 million for a 60 MB file) need be kept.
 */
export function forEachManifestOutcome(
  objects: readonly K8sObject[],
  options: AuditOptions,
  record: (outcome: CheckOutcome) => void,
  locate?: FindingLocator,
): void {
  runChecks(objects, options, locate, (check, findings) => {
    record(findings.length === 0 ? check.passed : { rule: check.choice.rule, severity: check.choice.severity, findings });
  });
}

/** Sets the location of a finding this engine just made (a spread copy would get a V8 hidden class of its own: +60 % memory). */
function withLocation(finding: Finding, locate: () => SourceLocation | undefined): void {
  const location = finding.location ? undefined : locate();
  if (location) {
    Object.assign(finding, { location });
  }
}

/** Builds a report from check outcomes (manifest and Dockerfile outcomes may be mixed). */
export function buildReport(outcomes: readonly CheckOutcome[], pack: string = DEFAULT_PACK_ID): AuditReport {
  const report = new ReportBuilder([]);
  for (const { rule, severity, findings } of outcomes) {
    report.add(rule, severity, findings);
  }
  return report.build(pack);
}

/** An `AuditReport` whose findings are any `FindingList` (a `FindingTable` for the CLI): what the output formats read. */
export type AuditReportView = Omit<AuditReport, 'findings'> & { readonly findings: FindingList };

/**
 * A report built from outcomes added one at a time, as checks run: adding each outcome of a list gives `buildReport`
 * of it. The findings are kept in `findings`: an array (the very findings added), or a `FindingTable` (numbers, not
 * objects: for the CLI).
 */
class ReportBuilder<F extends Finding[] | FindingTable> {
  private readonly rules = new Map<string, RuleMetadata>();
  private readonly tally = new ScoreTally();
  private readonly summary = { error: 0, warning: 0, info: 0, acknowledged: 0, unknown: 0 };
  private last: RuleMetadata | undefined;
  private checks = 0;

  constructor(private readonly findings: F) {}

  /** Adds one check's outcome: its rule, effective severity and findings. */
  public add(rule: RuleMetadata, severity: Severity, findings: readonly Finding[]): void {
    this.checks += 1;
    // index loops: this runs for every check, mostly with no findings (no iterator objects)
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i];
      if (Array.isArray(this.findings)) this.findings.push(finding);
      else this.findings.add(finding);
      this.count(finding);
    }
    this.tally.add(rule, severity, findings);
    if (rule === this.last || this.rules.has(rule.id)) return;
    this.last = rule;
    const { id, area, title, guideSection, controls, remediation } = rule;
    this.rules.set(id, { id, area, title, severity, guideSection, controls, remediation });
  }

  /** Counts `finding` in the summary: acknowledged, else unknown, else under its severity (one of the three). */
  private count(finding: Finding): void {
    const { summary } = this;
    if (finding.acknowledged !== undefined) summary.acknowledged++;
    else if (finding.unknown === true) summary.unknown++;
    else if (finding.severity === 'error' || finding.severity === 'warning' || finding.severity === 'info') summary[finding.severity]++;
  }

  /** The report of every outcome added so far, for rule pack `pack`, its findings (the array or table) in canonical order. */
  public build(pack: string): Omit<AuditReport, 'findings'> & { readonly findings: F } {
    if (Array.isArray(this.findings)) sortFindings(this.findings);
    else this.findings.sort();
    const score = this.tally.score();
    return {
      pack,
      rules: [...this.rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      findings: this.findings,
      score: score.overall,
      coverage: score.coverage,
      failsBaseline: score.failsBaseline,
      areas: score.areas,
      checks: this.checks,
      summary: { ...this.summary },
    };
  }
}

/**
 * Audits Kubernetes manifests (ours or anyone's) against the rules of a pack.
 * Fails closed (a rule that throws yields an error finding); acknowledged findings stay in the report
 * but count neither in the score nor in `summary.error|warning|info`. Objects that are not a list, or whose
 * `apiVersion`, `kind`, `metadata` or its `name`, `namespace`, `labels` or `annotations` cannot be read (a revoked
 * Proxy, a getter that throws), are a `KubeHardenValidationError` naming each.
 */
export function audit(objects: readonly K8sObject[], options: AuditOptions = {}): AuditReport {
  return auditLocated(objects, options, undefined);
}

/**
 * `audit`, with each finding located by `locate` (objects read from files), and `more` outcomes (e.g. of Dockerfile
 * rules) added after the manifest checks: `buildReport` of `runManifestRules(objects, options, locate)` then `more`.
 */
export function auditLocated(
  objects: readonly K8sObject[],
  options: AuditOptions,
  locate: FindingLocator | undefined,
  more: () => readonly CheckOutcome[] = () => [],
): AuditReport {
  return auditInto([], objects, options, locate, more);
}

/**
 * `auditLocated`, its findings a `FindingTable` (32 bytes a finding where an object takes about 150: the 6.8 million
 * findings of 60 MB of Pods that break every rule), each made again when it is read: for the CLI, whose findings are
 * all the engine's.
 */
export function auditLocatedView(
  objects: readonly K8sObject[],
  options: AuditOptions,
  locate: FindingLocator | undefined,
  more: () => readonly CheckOutcome[] = () => [],
): AuditReportView & { readonly findings: FindingTable } {
  return auditInto(new FindingTable(), objects, options, locate, more);
}

/** The audit, its findings kept in `findings`, built as the checks run: no list of outcomes (one per check: 4 million for a 60 MB file) is kept. */
function auditInto<F extends Finding[] | FindingTable>(
  findings: F,
  objects: readonly K8sObject[],
  options: AuditOptions,
  locate: FindingLocator | undefined,
  more: () => readonly CheckOutcome[],
): Omit<AuditReport, 'findings'> & { readonly findings: F } {
  const packId = typeof options.pack === 'object' ? options.pack.id : options.pack ?? DEFAULT_PACK_ID;
  const report = new ReportBuilder(findings);
  runChecks(objects, options, locate, ({ choice }, found) => report.add(choice.rule, choice.severity, found));
  for (const outcome of more()) {
    report.add(outcome.rule, outcome.severity, outcome.findings);
  }
  return report.build(packId);
}

/**
 * The findings of `audit(objects, options)` alone, equal to its `findings` (same findings, same canonical order,
 * same errors on a bad pack or ignored id), without the score, coverage and summary: for callers that judge
 * findings only, such as the cdk8s synth guard. Checks that pass cost no allocation.
 */
export function auditFindings(objects: readonly K8sObject[], options: AuditOptions = {}): Finding[] {
  const findings: Finding[] = [];
  runChecks(objects, options, undefined, (_check, found) => {
    for (let i = 0; i < found.length; i++) {
      findings.push(found[i]);
    }
  });
  return sortFindings(findings);
}

/** The threshold at which findings fail a run. */
export type FailOn = 'error' | 'warning' | 'never';

/** Whether the report has counted findings at or above `failOn`. */
export function exceedsThreshold(report: Pick<AuditReport, 'summary'>, failOn: FailOn): boolean {
  switch (failOn) {
    case 'never': return false;
    case 'warning': return report.summary.error + report.summary.warning > 0;
    default: return report.summary.error > 0;
  }
}
