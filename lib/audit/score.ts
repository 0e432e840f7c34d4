import { ControlArea } from '../core';
import { Finding, isCounted } from './finding';
import { RuleMetadata, Severity } from './rule';

/**
 * The security score.
 *
 * A *check* is one rule applied to one object (or one Dockerfile). Its weight is the weight of the rule's
 * effective severity: **error 10, warning 3, info 0**. A check loses the weight of the worst severity
 * among its *counted* findings (not acknowledged, not unknown); if a finding is worse than the rule's
 * severity, the check's weight is raised to match. Then
 *
 *     score = floor(100 × (1 − Σ lost / Σ weight))      (100 when Σ weight = 0)
 *
 * computed over all checks (`overall`) and over the checks of each area (`areas`). Flooring means
 * 100 is reached only when no error or warning counts. Acknowledged findings never lower the score; a
 * check whose only findings are unknown (missing context) is left out of the score altogether; info
 * findings carry no weight.
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { error: 10, warning: 3, info: 0 };

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
  /** Checks scored in the area (checks with only unknown findings are left out). */
  readonly checks: number;
  /** Checks with at least one counted error or warning. */
  readonly failedChecks: number;
}

/** The overall score and the per-area scores (areas that ran at least one check, sorted by name). */
export interface ScoreReport {
  /** Score 0-100 over every check. */
  readonly overall: number;
  /** Per-area scores. */
  readonly areas: readonly AreaScore[];
}

interface Tally {
  weight: number;
  lost: number;
  checks: number;
  failed: number;
}

/** Scores `outcomes` with the formula documented on `SEVERITY_WEIGHTS`. */
export function computeScore(outcomes: readonly CheckOutcome[]): ScoreReport {
  const total: Tally = { weight: 0, lost: 0, checks: 0, failed: 0 };
  const byArea = new Map<ControlArea, Tally>();
  for (const outcome of outcomes) {
    if (outcome.findings.length > 0 && outcome.findings.every((f) => f.unknown === true)) {
      continue;
    }
    const lost = Math.max(0, ...outcome.findings.filter(isCounted).map((f) => SEVERITY_WEIGHTS[f.severity]));
    const weight = Math.max(SEVERITY_WEIGHTS[outcome.severity], lost);
    const area = byArea.get(outcome.rule.area) ?? { weight: 0, lost: 0, checks: 0, failed: 0 };
    for (const tally of [total, area]) {
      tally.weight += weight;
      tally.lost += lost;
      tally.checks += 1;
      tally.failed += lost > 0 ? 1 : 0;
    }
    byArea.set(outcome.rule.area, area);
  }
  return {
    overall: toScore(total),
    areas: [...byArea.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([area, t]) => ({ area, score: toScore(t), checks: t.checks, failedChecks: t.failed })),
  };
}

function toScore(tally: Tally): number {
  return tally.weight === 0 ? 100 : Math.floor(100 * (1 - tally.lost / tally.weight));
}

/** The score formula as Markdown, for generated docs (RULES.md); the weights come from `SEVERITY_WEIGHTS`. */
export function scoreFormulaMarkdown(): string {
  const w = SEVERITY_WEIGHTS;
  return [
    '## Score',
    '',
    'A *check* is one rule applied to one object (or one Dockerfile). Its weight is the weight of the rule\'s',
    `effective severity: error ${w.error}, warning ${w.warning}, info ${w.info}. A check loses the weight of the worst severity among its`,
    'counted findings (not acknowledged, not unknown); a finding worse than the rule\'s severity raises the check\'s weight to match.',
    'A check whose only findings are unknown (context missing from the audit) is left out.',
    '',
    '    score = floor(100 × (1 − Σ lost / Σ weight))      (100 when Σ weight = 0)',
    '',
    'over every check (the overall score) and over the checks of each area (the area scores). Flooring means',
    '100 is reached only when no error or warning counts.',
    '',
  ].join('\n');
}
