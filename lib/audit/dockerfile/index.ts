import { baseImagePinned } from './base-image-pinned';
import { DockerfileRule, DockerfileViolation } from './dockerfile-rule';
import { fewLayers } from './few-layers';
import { noAddFromUrl } from './no-add-from-url';
import { noCompilersShipped } from './no-compilers-shipped';
import { noSecretsInEnvArg } from './no-secrets-in-env-arg';
import { nonRootUser } from './non-root-user';
import { packageInstallsPinned } from './package-installs-pinned';
import { parseDockerfile } from './parse-dockerfile';

export * from './dockerfile-rule';
export * from './parse-dockerfile';
export { MAX_FINAL_STAGE_LAYERS } from './few-layers';

/** Every Dockerfile rule, in id order. */
export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  baseImagePinned,
  nonRootUser,
  fewLayers,
  packageInstallsPinned,
  noAddFromUrl,
  noSecretsInEnvArg,
  noCompilersShipped,
];

/** One Dockerfile violation with the rule that found it. */
export interface DockerfileFinding extends DockerfileViolation {
  /** The rule that found it. */
  readonly rule: DockerfileRule;
}

/**
 * Runs `rules` over Dockerfile `text`, sorted by line then rule id. Fails closed: a rule that throws is a finding
 * at line 1 with the rule's severity.
 */
export function auditDockerfile(text: string, rules: readonly DockerfileRule[] = DOCKERFILE_RULES): DockerfileFinding[] {
  const dockerfile = parseDockerfile(text);
  const findings = rules.flatMap((rule): DockerfileFinding[] => {
    try {
      return rule.check(dockerfile).map((violation) => ({ ...violation, rule }));
    } catch (error) {
      return [{ rule, line: 1, message: `rule ${rule.id} failed on this Dockerfile: ${(error as Error).message}` }];
    }
  });
  return findings.sort((a, b) => a.line - b.line || a.rule.id.localeCompare(b.rule.id));
}
