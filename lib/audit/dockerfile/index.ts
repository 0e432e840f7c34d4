import { DockerfileRule, DockerfileViolation } from './dockerfile-rule';
import { parseDockerfile } from './parse-dockerfile';
import { cmp } from '../finding-order';
import { DOCKERFILE_RULES } from './rules';

export * from './dockerfile-rule';
export * from './parse-dockerfile';
export { MAX_FINAL_STAGE_LAYERS } from './few-layers';
export * from './run-dockerfile-rules';
export * from './rules';

/** One Dockerfile violation with the rule that found it. */
export interface DockerfileFinding extends DockerfileViolation {
  /** The rule that found it. */
  readonly rule: DockerfileRule;
}

/**
 * Runs `rules` over Dockerfile `text`, sorted by line then rule id: the rules' raw view, without packs,
 * severities or acknowledgements (`runDockerfileRules` adds those). Fails closed: a rule that throws is a
 * finding at line 1.
 */
export function checkDockerfile(text: string, rules: readonly DockerfileRule[] = DOCKERFILE_RULES): DockerfileFinding[] {
  const dockerfile = parseDockerfile(text);
  const findings = rules.flatMap((rule): DockerfileFinding[] => {
    try {
      return rule.check(dockerfile).map((violation) => ({ ...violation, rule }));
    } catch (error) {
      return [{ rule, line: 1, message: `rule ${rule.id} failed on this Dockerfile: ${(error as Error).message}` }];
    }
  });
  return findings.sort((a, b) => a.line - b.line || cmp(a.rule.id, b.rule.id));
}
