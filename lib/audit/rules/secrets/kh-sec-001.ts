import { isLiteralSecret, secretCarriedBy } from '../../../core/secret-env';
import { listField, objectAt, ownField, stringAt } from '../../field-types';
import { checkPod, containersOf, describeContainer, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-SEC-001: no environment variable with a secret-like name carries a literal value, except one that only points at
 * or describes the secret under a name that says so (`DB_PASSWORD_FILE: /run/secrets/db`, `TOKEN_TTL: '3600'`) and
 * carries no credential itself: `isLiteralSecret`, the definition construction and KH-DKR-006 use.
 */
export const KH_SEC_001: ManifestRule = {
  id: 'KH-SEC-001',
  area: 'secrets',
  title: 'No literal secrets in environment variables',
  severity: 'error',
  guideSection: '4.2',
  controls: { cis: ['5.4.1'], nsa: ['Network separation and hardening: secrets'], mlps: ['8.1.4.8'] },
  remediation: 'Move the value into a Secret and reference it with valueFrom.secretKeyRef, or mount it as a file and give its path under a name ending in _FILE; keep credentials out of a URL (no user:password@, no secret query parameter).',
  appliesTo: WORKLOAD_KINDS,
  check: (object) => checkPod(object, (pod) => containersOf(pod).flatMap((c) => listField(c.container, 'env', c.path).flatMap((raw, index) => {
    const env = objectAt(raw, `${c.path}.env`, index) ?? {};
    const rawName = env.name;
    const name = typeof rawName === 'string' ? rawName : stringAt(rawName, `${c.path}.env[${index}]`, 'name') ?? '';
    const value = ownField(env, 'value');
    if (!isLiteralSecret(name, value)) return [];
    // a value of the wrong type (`12345`) is noted (unknown) and still fails: a literal value that is set fails closed
    if (typeof value !== 'string') stringAt(value, `${c.path}.env[${index}]`, 'value');
    const carried = secretCarriedBy(name, value);
    return [{
      message: `${describeContainer(c)} sets ${name} to a literal value${carried === undefined ? '' : ` that carries ${carried}`}`,
      path: `${c.path}.env[${index}].value`,
    }];
  }))),
};
