import { isPrintableReason } from '../../core/acknowledgements';
import { ACKNOWLEDGE_ANNOTATION_PREFIX, ControlId, isControlId } from '../../core/controls';
import { AuditOptions, ruleErrorFinding, selectRules, toFindings } from '../engine';
import { Finding } from '../finding';
import { CheckOutcome } from '../score';
import { DockerfileRule } from './dockerfile-rule';
import { parseDockerfile } from './parse-dockerfile';
import { DOCKERFILE_RULES } from './rules';

/** A Dockerfile to audit. */
export interface DockerfileSource {
  /** File as displayed in findings. */
  readonly file: string;
  /** Its text. */
  readonly text: string;
}

const ACKNOWLEDGE_COMMENT = new RegExp(`^\\s*#\\s*${ACKNOWLEDGE_ANNOTATION_PREFIX.replace(/\./g, '\\.')}(KH-[A-Z]+-[0-9]+)\\s*:\\s*(.*?)\\s*$`);

/**
 * Acknowledgements written in a Dockerfile as comments, the same key as the manifest annotation:
 * `# kube-harden.io/acknowledge.KH-DKR-003: <reason>`. A reason that is not printable (blank, invisible, or with
 * control characters: `isPrintableReason`) acknowledges nothing.
 */
export function dockerfileAcknowledgements(text: string): ReadonlyMap<ControlId, NonNullable<Finding['acknowledged']>> {
  const acknowledgements = new Map<ControlId, NonNullable<Finding['acknowledged']>>();
  for (const line of text.split('\n')) {
    const match = ACKNOWLEDGE_COMMENT.exec(line);
    if (match && isControlId(match[1]) && isPrintableReason(match[2])) {
      acknowledgements.set(match[1], { reason: match[2] });
    }
  }
  return acknowledgements;
}

/**
 * Runs the Dockerfile rules the options select (pack, ignore, severity overrides) over `files`: one outcome
 * per rule and file, findings located at file and line. Fails closed like the manifest engine.
 */
export function runDockerfileRules(
  files: readonly DockerfileSource[],
  options: AuditOptions = {},
  rules: readonly DockerfileRule[] = DOCKERFILE_RULES,
): CheckOutcome[] {
  const selected = selectRules(rules, options);
  return files.flatMap(({ file, text }) => {
    const dockerfile = parseDockerfile(text);
    const acknowledgements = dockerfileAcknowledgements(text);
    return selected.map((choice): CheckOutcome => {
      let findings;
      try {
        findings = choice.rule.check(dockerfile).flatMap((violation) => toFindings(
          choice, [violation], { location: { file, line: violation.line } }, () => acknowledgements.get(choice.rule.id)));
      } catch (error) {
        findings = [ruleErrorFinding(choice.rule, error, { location: { file, line: 1 } })];
      }
      return { rule: choice.rule, severity: choice.severity, findings };
    });
  });
}
