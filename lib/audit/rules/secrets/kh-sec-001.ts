import { listField, objectAt, ownField, stringAt } from '../../field-types';
import { checkPod, containersOf, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** Environment variable names that hold secrets. */
export const SECRET_NAME_PATTERN = /(PASSW(OR)?D|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|PASSPHRASE)/i;

/** Names that point at a secret rather than hold it (`DB_PASSWORD_FILE`, `TOKEN_URL`). */
export const SECRET_REFERENCE_PATTERN = /_(FILE|PATH|DIR|URL|URI|ENDPOINT)$/i;

/** KH-SEC-001: no environment variable with a secret-like name carries a literal value (names of files and URLs excepted). */
export const KH_SEC_001: ManifestRule = {
  id: 'KH-SEC-001',
  area: 'secrets',
  title: 'No literal secrets in environment variables',
  severity: 'error',
  guideSection: '4.2',
  controls: { cis: ['5.4.1'], nsa: ['Network separation and hardening: secrets'], mlps: ['8.1.4.8'] },
  remediation: 'Move the value into a Secret and reference it with valueFrom.secretKeyRef (or mount it as a file).',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod).flatMap((c) => listField(c.container, 'env', c.path).flatMap((raw, index) => {
    const env = objectAt(raw, `${c.path}.env`, index) ?? {};
    const rawName = env.name;
    const name = typeof rawName === 'string' ? rawName : stringAt(rawName, `${c.path}.env[${index}]`, 'name') ?? '';
    if (!SECRET_NAME_PATTERN.test(name) || SECRET_REFERENCE_PATTERN.test(name)) return [];
    const value = ownField(env, 'value');
    // a value of the wrong type (`12345`) is noted (unknown) and still fails: a literal value that is set fails closed
    const literal = typeof value === 'string' ? value !== '' : value !== undefined && value !== null;
    if (literal && typeof value !== 'string') stringAt(value, `${c.path}.env[${index}]`, 'value');
    return literal ? [{
      message: `${describeContainer(c)} sets ${name} to a literal value`,
      path: `${c.path}.env[${index}].value`,
    }] : [];
  }))),
};
