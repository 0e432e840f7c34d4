/**
 * One definition of a literal secret in `env` (lib/core/secret-env.ts) for construction and for KH-SEC-001. Found in
 * review: `AWS_ACCESS_KEY_ID` and `GPG_PASSPHRASE` literals were accepted by SecureDeployment and failed the audit
 * (error), while `DB_PASSWORD_FILE: '/run/secrets/db'` was refused by construction and passed by the audit. Now
 * construction refuses exactly what the audit reports, and the audit reports exactly what construction refuses
 * (design.md: audit(render(intent)) has no error for every valid intent).
 */
import * as fc from 'fast-check';
import { audit, isCounted } from '../../lib/audit';
import { KubeHardenValidationError, SecureDeploymentProps, renderSecureDeployment } from '../../lib/core';
import { isLiteralSecret } from '../../lib/core/secret-env';
import { VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

type EnvValue = string | { secret: string; key: string } | { configMap: string; key: string };

const ACK = { 'KH-SEC-001': { reason: 'vendor image reads it from env; rotated weekly' } };

function render(name: string, value: EnvValue, acknowledged: boolean) {
  const props: SecureDeploymentProps = { ...VALID_SECURE_DEPLOYMENT, env: { [name]: value }, acknowledgements: acknowledged ? ACK : undefined };
  return renderSecureDeployment(props);
}

/** The problems of rendering without an acknowledgement (`[]` when it renders). */
function refusal(name: string, value: EnvValue): string[] {
  try {
    render(name, value, false);
    return [];
  } catch (error) {
    if (!KubeHardenValidationError.isValidationError(error)) throw error;
    return error.problems.map((p) => `${p.field}: ${p.message}`);
  }
}

/** The KH-SEC-001 findings of the acknowledged render, and whether each counts. */
function findings(name: string, value: EnvValue): Array<{ counted: boolean; message: string }> {
  return audit(render(name, value, true)).findings.filter((f) => f.ruleId === 'KH-SEC-001').map((f) => ({ counted: isCounted(f), message: f.message }));
}

describe('construction and KH-SEC-001 agree |', () => {
  test.each([
    // [name, value, a literal secret?]
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE', true],
    ['GPG_PASSPHRASE', 'correct horse battery staple', true],
    ['DB_PASSWORD', 'hunter2', true],
    ['db_passwd', 'hunter2', true],
    ['DB_PASSWORD', '/run/secrets/db', true], // the program reads DB_PASSWORD as the password: name it DB_PASSWORD_FILE
    ['DB_PASSWORD_FILE', '/run/secrets/db', false],
    ['DB_PASSWORD_FILE', 'hunter2', true], // a suffix alone proves nothing
    ['DB_PASSWORD_FILE', 'run/secrets/db', true],
    ['TLS_PRIVATE_KEY_DIR', '/etc/tls', false],
    ['TOKEN_URL', 'https://idp.example.com/oauth/token', false],
    ['VAULT_SECRET_URI', 'vault://secret/data/db#password', false],
    ['TOKEN_URL', 'https://svc:s3cr3t@idp.example.com/token', true], // credentials in the URL
    ['TOKEN_ENDPOINT', 'not a url', true],
    ['DB_PASSWORD', '', false], // an empty value is no secret
    ['LOG_LEVEL', 'debug', false],
    ['API_KEY', { secret: 'api', key: 'key' }, false],
  ] as Array<[string, EnvValue, boolean]>)('%s=%j: a literal secret: %s', (name, value, secret) => {
    expect(refusal(name, value)).toEqual(secret ? [expect.stringMatching(new RegExp(`^env\\.${name}: is a literal value for a secret-like name`))] : []);
    expect(findings(name, value).map((f) => f.message)).toEqual(secret ? [expect.stringContaining(`sets ${name} to a literal value`)] : []);
    if (!secret) expect(audit(render(name, value, false)).findings.filter((f) => f.ruleId === 'KH-SEC-001')).toEqual([]);
  });

  test('names x values: refused without the acknowledgement exactly when the audit reports it; accepted renders pass (500 cases)', () => {
    const word = fc.constantFrom('PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'API_KEY', 'APIKEY', 'PRIVATE_KEY', 'ACCESS_KEY', 'ACCESS_KEY_ID',
      'CREDENTIALS', 'LOG_LEVEL', 'PORT', 'USER', 'KEY', 'PASS', 'AUTH');
    const name = fc.tuple(fc.constantFrom('', 'DB_', 'AWS_', 'APP_', 'MY_'), word, fc.constantFrom('', '', '_FILE', '_PATH', '_DIR', '_URL', '_URI', '_ENDPOINT', '_NAME', '_ID', 'FILE'),
      fc.boolean()).map(([prefix, w, suffix, lower]) => (lower ? `${prefix}${w}${suffix}`.toLowerCase() : `${prefix}${w}${suffix}`));
    const value: fc.Arbitrary<EnvValue> = fc.oneof(
      fc.constantFrom('', 'AKIAIOSFODNN7EXAMPLE', 'hunter2', '/run/secrets/db', '/etc/tls/', 'run/secrets/db', './token', '/path with space',
        'https://idp.example.com/token', 'https://user:pw@db.example.com/x', 'https://user@db.example.com', 'file:///run/secrets/x', 'vault://kv/db',
        'arn:aws:secretsmanager:eu-west-1:1:secret:db', '//host/x', 'https://', 'https://host/ x'),
      fc.string({ maxLength: 12 }),
      fc.constant({ secret: 'db', key: 'password' }),
      fc.constant({ configMap: 'cfg', key: 'level' }),
    );
    let refused = 0;
    fc.assert(fc.property(name, value, (n, v) => {
      const problems = refusal(n, v);
      const reported = findings(n, v);
      expect({ n, v, refused: problems.length > 0 }).toEqual({ n, v, refused: reported.length > 0 });
      expect(problems.length > 0).toBe(typeof v === 'string' && isLiteralSecret(n, v));
      // acknowledged, the finding is kept and does not count
      expect(reported.every((f) => !f.counted)).toBe(true);
      if (problems.length > 0) refused++;
      else expect(audit(render(n, v, false)).findings.filter((f) => f.ruleId === 'KH-SEC-001')).toEqual([]);
    }), { numRuns: 500 });
    expect(refused).toBeGreaterThan(50);
  });
});
