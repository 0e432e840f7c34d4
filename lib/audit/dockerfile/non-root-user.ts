import { DockerfileRule, DockerfileViolation } from './dockerfile-rule';
import { DockerfileModel, finalStage, stageChain } from './parse-dockerfile';

const ROOT_USERS = new Set(['0', 'root']);

/**
 * KH-DKR-002: the final stage sets a non-root `USER` (its own, or one inherited from the build stage it is based on).
 * A user given by a build ARG without a default cannot be judged: unknown.
 */
export const nonRootUser: DockerfileRule = {
  id: 'KH-DKR-002',
  area: 'dockerfile',
  title: 'Final stage runs as a non-root USER',
  severity: 'error',
  guideSection: '2.1',
  controls: { nsa: ['Kubernetes Pod security: non-root containers'], mlps: ['8.1.4.2'] },
  remediation: "End the final stage with a numeric non-root 'USER', e.g. 'USER 10001:10001'.",
  check,
};

function check(dockerfile: DockerfileModel): DockerfileViolation[] {
  const stage = finalStage(dockerfile);
  if (!stage) {
    return [];
  }
  const user = stageChain(dockerfile, stage)
    .map((s) => [...s.instructions].reverse().find((instruction) => instruction.keyword === 'USER'))
    .find((instruction) => instruction !== undefined);
  if (!user) {
    return [{ line: stage.line, message: 'the final stage sets no USER, so the container runs as root' }];
  }
  const value = user.args[0] ?? '';
  const name = value.split(':')[0];
  if (name.includes('$')) {
    return [{ line: user.line, unknown: true, message: `USER '${value}' comes from a build ARG without a default and cannot be verified` }];
  }
  if (ROOT_USERS.has(name.toLowerCase()) || /^0+$/.test(name)) {
    return [{ line: user.line, message: `the final stage runs as root (USER ${value})` }];
  }
  return [];
}
