import { Finding, isCounted } from './finding';
import { ControlArea } from '../core/controls';
import { PSS_BASELINE_PACK } from './packs/pss-baseline';
import { RuleMetadata, Severity } from './rule';

/**
 * The security score, calibrated on the corpus in `test/audit/corpus/` (see `scoreFormulaMarkdown`, RULES.md).
 *
 * A *check* is one rule applied to one object (or one Dockerfile). Its weight is the weight of the rule's
 * effective severity: **error 10, warning 5, info 0**; it loses that weight when a counted finding (not
 * acknowledged, not unknown) fails it. A check of a PSS baseline rule counts once per counted finding (each
 * privileged container, host namespace, hostPath volume...), so more host access weighs more. A check whose only
 * findings are unknown is *undecided*: it is left out of both sums, so an unknown can never raise the score (it is
 * never counted as a pass); `coverage` says which share of the checks was decided. Then
 *
 *     score = 50 + floor(50 × r)   when no baseline check fails, r = 1 − Σ lost / Σ weight over the other checks
 *     score = floor(49 × r)        when one does, r over all checks
 *
 * (r = 1 when Σ weight = 0), so a set that fails Pod Security Standards baseline always scores below every set that
 * passes it, and 100 is reached only when no error or warning counts. Computed over all checks (`overall`) and over
 * the checks of each area (`areas`).
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { error: 10, warning: 5, info: 0 };

/** Highest score of a set that fails a PSS baseline rule; a set that passes them scores above it. */
export const BASELINE_FAILURE_CEILING = 49;

const BASELINE_RULES: ReadonlySet<string> = new Set(PSS_BASELINE_PACK.rules);

/** One rule run over one object (or file): its effective severity and what it found. */
export interface CheckOutcome {
  /** The rule's metadata. */
  readonly rule: RuleMetadata;
  /** The rule's effective severity in this audit. */
  readonly severity: Severity;
  /** Its findings (empty when the check passed). */
  readonly findings: readonly Finding[];
}

/** The score of one area. */
export interface AreaScore {
  /** Area. */
  readonly area: ControlArea;
  /** Score 0-100. */
  readonly score: number;
  /** Checks run in the area. */
  readonly checks: number;
  /** Checks with at least one counted error or warning. */
  readonly failedChecks: number;
  /** Checks left undecided (only unknown findings). */
  readonly unknownChecks: number;
}

/** The overall score and the per-area scores (areas that ran at least one check, sorted by name). */
export interface ScoreReport {
  /** Score 0-100 over every check. */
  readonly overall: number;
  /** Percentage (floored, 0-100) of the checks that were decided (not unknown); 100 when there are none. */
  readonly coverage: number;
  /** Whether a check of a PSS baseline rule failed (the overall score is then at most `BASELINE_FAILURE_CEILING`). */
  readonly failsBaseline: boolean;
  /** Per-area scores. */
  readonly areas: readonly AreaScore[];
}

interface Tally {
  /** Weight and loss over every decided check. */
  weight: number;
  lost: number;
  /** Weight and loss over the decided checks of rules outside PSS baseline. */
  beyondBaselineWeight: number;
  beyondBaselineLost: number;
  checks: number;
  failed: number;
  unknown: number;
  failsBaseline: boolean;
}

const emptyTally = (): Tally => ({
  weight: 0, lost: 0, beyondBaselineWeight: 0, beyondBaselineLost: 0, checks: 0, failed: 0, unknown: 0, failsBaseline: false,
});

/** Scores `outcomes` with the formula documented on `SEVERITY_WEIGHTS`. */
export function computeScore(outcomes: readonly CheckOutcome[]): ScoreReport {
  const tally = new ScoreTally();
  for (const outcome of outcomes) {
    tally.add(outcome.rule, outcome.severity, outcome.findings);
  }
  return tally.score();
}

/**
 * The score of checks added one at a time, as they run (no list of outcomes needed): adding every outcome of a
 * list gives `computeScore` of that list.
 */
export class ScoreTally {
  private readonly total = emptyTally();
  private readonly byArea = new Map<ControlArea, Tally>();

  /** Adds one check: the rule, its effective severity and its findings. */
  public add(rule: RuleMetadata, severity: Severity, findings: readonly Finding[]): void {
    let counted = 0;
    let failed = 0;
    let unknown = false;
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i];
      if (isCounted(finding)) {
        counted += 1;
        failed = Math.max(failed, SEVERITY_WEIGHTS[finding.severity]);
      } else if (finding.unknown === true && finding.acknowledged === undefined) {
        unknown = true;
      }
    }
    const undecided = counted === 0 && unknown;
    const baseline = BASELINE_RULES.has(rule.id);
    const times = baseline ? Math.max(1, counted) : 1;
    const weight = Math.max(SEVERITY_WEIGHTS[severity], failed) * times;
    const lost = failed * times;
    let area = this.byArea.get(rule.area);
    if (!area) {
      area = emptyTally();
      this.byArea.set(rule.area, area);
    }
    addCheck(this.total, undecided, weight, lost, baseline, failed);
    addCheck(area, undecided, weight, lost, baseline, failed);
  }

  /** The score of the checks added so far. */
  public score(): ScoreReport {
    const total = this.total;
    return {
      overall: toScore(total),
      coverage: total.checks === 0 ? 100 : Math.floor((100 * (total.checks - total.unknown)) / total.checks),
      failsBaseline: total.failsBaseline,
      areas: [...this.byArea.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([area, t]) => ({ area, score: toScore(t), checks: t.checks, failedChecks: t.failed, unknownChecks: t.unknown })),
    };
  }
}

/** Adds one check to `tally`. */
function addCheck(tally: Tally, undecided: boolean, weight: number, lost: number, baseline: boolean, failed: number): void {
  tally.checks += 1;
  if (undecided) {
    tally.unknown += 1;
    return;
  }
  tally.weight += weight;
  tally.lost += lost;
  if (!baseline) {
    tally.beyondBaselineWeight += weight;
    tally.beyondBaselineLost += lost;
  }
  tally.failed += failed > 0 ? 1 : 0;
  tally.failsBaseline ||= baseline && failed > 0;
}

const PASSING_FLOOR = BASELINE_FAILURE_CEILING + 1;

function ratio(weight: number, lost: number): number {
  return weight === 0 ? 1 : 1 - lost / weight;
}

function toScore(t: Tally): number {
  return t.failsBaseline
    ? Math.floor(BASELINE_FAILURE_CEILING * ratio(t.weight, t.lost))
    : PASSING_FLOOR + Math.floor((100 - PASSING_FLOOR) * ratio(t.beyondBaselineWeight, t.beyondBaselineLost));
}

/** The score formula as Markdown, for generated docs (RULES.md); weights and bands come from the constants the engine uses. */
export function scoreFormulaMarkdown(): string {
  const w = SEVERITY_WEIGHTS;
  const baseline = PSS_BASELINE_PACK.rules.join(', ');
  return [
    '## Score',
    '',
    'A *check* is one rule applied to one object (or one Dockerfile). Its weight is the weight of the rule\'s',
    `effective severity: error ${w.error}, warning ${w.warning}, info ${w.info}; it loses that weight when a counted finding (not`,
    'acknowledged, not unknown) fails it. A check of a Pod Security Standards baseline rule counts once per counted finding',
    '(each privileged container, host namespace, hostPath volume...), so more host access weighs more. A check whose only',
    'findings are unknown (context the rule needs is missing from the audit, supply it with `--context`; or a field it',
    'reads has the wrong type, which Kubernetes would reject) is *undecided*:',
    'it is left out of both sums, so an unknown can never raise the score (it is never counted as a pass), and the',
    '*coverage* printed beside the score is the share of checks that were decided.',
    '',
    `    score = ${PASSING_FLOOR} + floor(${100 - PASSING_FLOOR} × r)   when no baseline check fails, r = 1 − Σ lost / Σ weight over the other checks`,
    `    score = floor(${BASELINE_FAILURE_CEILING} × r)        when one does, r over all checks`,
    '',
    `(r = 1 when Σ weight = 0). The baseline rules are those of the \`pss-baseline\` pack (${baseline}): privileged`,
    'containers, host namespaces, hostPath volumes, host ports, added capabilities and the other controls PSA `baseline`',
    'enforces. A set that fails baseline therefore scores below every set that passes it, however many other checks it',
    'passes; within each band the severity-weighted share of passed checks ranks the sets. 100 is reached only when no',
    'error or warning counts. The same formula gives the overall score and the score of each area.',
    '',
    'Calibration: `test/audit/corpus/` holds eleven manifest sets written in the style of public charts (a CNI agent, a',
    'node exporter, a log shipper, a debug toolbox, a GitOps controller with ingress-only policies, an ingress controller,',
    'a database operator, batch jobs, a demo shop, a plain web app, a hardened API). `test/audit/corpus.test.ts` checks',
    'that every set failing baseline scores below every set passing it, and that the scores rank the sets like an',
    'independent Polaris-style judge (Polaris\' default checks and severities, its score formula) with a Spearman',
    'correlation of at least 0.9.',
    '',
  ].join('\n');
}
