import { ControlId } from '../../core/controls';
import { Severity } from '../rule';

/** A named selection of rules with severity overrides (like cdk-nag packs and Polaris configs). */
export interface RulePack {
  /** Pack id, e.g. `kube-harden`. */
  readonly id: string;
  /** One-line description. */
  readonly description: string;
  /** The rule ids the pack runs. */
  readonly rules: readonly ControlId[];
  /** Severities that differ from the rules' defaults. */
  readonly severities?: Readonly<Partial<Record<ControlId, Severity>>>;
}
