import { DockerfileRule } from './dockerfile-rule';
import { allInstructions } from './parse-dockerfile';
import { isLiteralSecret, secretCarriedBy } from '../../core/secret-env';

/**
 * A value made only of other variables, as the Dockerfile expands them: `$NAME`, `${NAME}`, `${NAME:?message}`, or
 * `${NAME:-}` with nothing after the modifier, one or several in a row (`${USER}${PASS}`). A default or alternative
 * word (`${API_KEY:-s3cr3t}`) is a literal that is stored in the image when the variable is unset.
 */
const VARIABLE_ONLY = /^(?:\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*|:?[-+])?\}))+$/;

/**
 * KH-DKR-006: `ENV` and `ARG` never carry a literal secret (it stays in the image history): a literal value under a
 * secret-like name, by the definition construction and KH-SEC-001 use (`isLiteralSecret`). An `ARG` without a
 * default, an empty or blank value, and a value made only of other variables are no literal.
 */
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
    .flatMap((instruction) => instruction.properties.flatMap(({ name, value }) => {
      const literal = value?.trim() ?? '';
      if (VARIABLE_ONLY.test(literal) || !isLiteralSecret(name, literal, VARIABLE_ONLY)) return [];
      const carried = secretCarriedBy(name, literal, VARIABLE_ONLY);
      return [{
        line: instruction.line,
        message: `${instruction.keyword} ${name} has a literal value${carried === undefined ? '' : ` that carries ${carried}`}, which is stored in the image`,
      }];
    })),
};
