import { RuleMetadata, RuleViolation } from '../rule';
import { DockerfileModel } from './parse-dockerfile';

/** A violation in a Dockerfile: always points at a line. */
export interface DockerfileViolation extends RuleViolation {
  /** 1-based line of the offending instruction. */
  readonly line: number;
}

/** A rule over one parsed Dockerfile. `check` is pure. */
export interface DockerfileRule extends RuleMetadata {
  /** Returns the violations in `dockerfile` (empty when compliant). */
  check(dockerfile: DockerfileModel): readonly DockerfileViolation[];
}
