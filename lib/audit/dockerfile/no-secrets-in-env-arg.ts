import { DockerfileRule } from './dockerfile-rule';
import { allInstructions } from './parse-dockerfile';

const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL/i;
/** Names that point at a secret rather than hold it. */
const REFERENCE_NAME = /_(FILE|PATH|DIR|URL|NAME)$/i;
const VARIABLE_ONLY = /^\$(\{[A-Za-z_][A-Za-z0-9_]*([:][-+?][^}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/** KH-DKR-006: `ENV` and `ARG` never carry a literal value under a secret-like name (it stays in the image history). */
export const noSecretsInEnvArg: DockerfileRule = {
  id: 'KH-DKR-006',
  area: 'dockerfile',
  title: 'No secrets in ENV or ARG',
  severity: 'error',
  guideSection: '2.1',
  controls: { nsa: ['Kubernetes Pod security: building secure container images'], mlps: ['8.1.4.8'] },
  remediation: "Pass build secrets with 'RUN --mount=type=secret' and runtime secrets from a Kubernetes Secret, never as ENV or ARG values.",
  check: (dockerfile) => allInstructions(dockerfile)
    .filter((instruction) => instruction.keyword === 'ENV' || instruction.keyword === 'ARG')
    .flatMap((instruction) => instruction.properties
      .filter(({ name, value }) => SECRET_NAME.test(name) && !REFERENCE_NAME.test(name)
        && value !== undefined && value.trim() !== '' && !VARIABLE_ONLY.test(value.trim()))
      .map(({ name }) => ({
        line: instruction.line,
        message: `${instruction.keyword} ${name} has a literal value, which is stored in the image`,
      }))),
};
