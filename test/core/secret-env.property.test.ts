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
import { isLiteralSecret, SECRET_REFERENCE_SUFFIX } from '../../lib/core/secret-env';
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
    ['DB_PASSWORD', '$(SECRETS_DIR)/db', true], // names without a suffix: any literal, as before
    ['TOKEN_TTL', '3600', true],
    ['DB_PASSWORD_FILE', '/run/secrets/db', false],
    // a reference suffix says the value points at the secret: any path, $(VAR) expansion, Vault path or endpoint
    // (found by helper-59: b7d240d reported these, and the audit passed them before). $(VAR) is expanded from the
    // container's earlier variables: kubernetes/kubernetes third_party/forked/golang/expansion/expand.go
    ['DB_PASSWORD_FILE', 'run/secrets/db', false],
    ['DB_PASSWORD_FILE', 'secrets/db', false],
    ['DB_PASSWORD_FILE', '$(SECRETS_DIR)/db', false],
    ['SECRETS_DIR', 'secrets', false],
    ['VAULT_SECRET_PATH', 'secret/data/shop/api', false],
    ['TOKEN_ENDPOINT', '/oauth2/token', false],
    ['OIDC_TOKEN_URL', 'idp.example.com/token', false],
    ['TLS_PRIVATE_KEY_PATH', 'C:\\secrets\\tls.key', false],
    ['TLS_PRIVATE_KEY_DIR', '/etc/tls', false],
    ['TOKEN_URL', 'https://idp.example.com/oauth/token', false],
    ['TOKEN_URL', 'http://[fd00::1]:8080/token', false],
    ['TOKEN_URL', 'https://svc@idp.example.com/token', false], // a user without a password
    ['VAULT_SECRET_URI', 'vault://secret/data/db#password', false], // a fragment naming a field, no parameter
    ['TOKEN_URL', 'https://idp.example.com/token?client_id=shop&grant_type=client_credentials', false],
    ['TOKEN_URL', 'https://idp.example.com/token?client_secret=', false], // an empty parameter
    ['TOKEN_URL', 'https://idp.example.com/token?client_secret=$(CLIENT_SECRET)', false], // a credential from another variable
    ['TOKEN_URL', 'https://svc:$(SVC_PASSWORD)@idp.example.com/token', false],
    ['DB_PASSWORD_FILE', 'hunter2', false], // a relative file name: the suffix says so
    // ...unless the value carries a credential itself: a URL's password (RFC 3986 §3.2.1 userinfo), a secret-like
    // query or fragment parameter, or a key in a known format
    ['TOKEN_URL', 'https://svc:s3cr3t@idp.example.com/token', true],
    ['REDIS_PASSWORD_URL', 'redis://:s3cr3t@redis:6379/0', true],
    ['TOKEN_URL', 'https://idp.example.com/token?client_secret=s3cr3t', true], // the docs promise "a URL without credentials"
    ['TOKEN_ENDPOINT', '/oauth2/token?grant_type=password&password=hunter2', true],
    ['OIDC_TOKEN_URL', 'idp.example.com/cb#access_token=abc&token_type=bearer', true],
    ['API_KEY_URL', 'https://api.example.com/v1?API_KEY=abc', true],
    // a Stripe secret key: https://docs.stripe.com/keys (sk_live_, sk_test_; restricted rk_)
    ['STRIPE_API_KEY_FILE', 'sk_live_123', true],
    // an AWS access key ID: AKIA long-term, ASIA temporary (AWS STS GetAccessKeyInfo)
    ['AWS_ACCESS_KEY_FILE', 'AKIAIOSFODNN7EXAMPLE', true],
    // a PEM private key: RFC 7468 §2 encapsulation boundary "-----BEGIN " label "-----"
    ['TLS_PRIVATE_KEY_PATH', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', true],
    ['TOKEN_ENDPOINT', 'not a url', false],
    ['DB_PASSWORD', '', false], // an empty value is no secret
    ['LOG_LEVEL', 'debug', false],
    ['API_KEY', { secret: 'api', key: 'key' }, false],
  ] as Array<[string, EnvValue, boolean]>)('%s=%j: a literal secret: %s', (name, value, secret) => {
    expect(refusal(name, value)).toEqual(secret ? [expect.stringMatching(new RegExp(`^env\\.${name}: is a literal value for a secret-like name`))] : []);
    // under a reference name the message says what the value carries
    const carries = secret && SECRET_REFERENCE_SUFFIX.test(name) ? ' that carries ' : '';
    expect(findings(name, value).map((f) => f.message)).toEqual(secret ? [expect.stringContaining(`sets ${name} to a literal value${carries}`)] : []);
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
        'arn:aws:secretsmanager:eu-west-1:1:secret:db', '//host/x', 'https://', 'https://host/ x',
        // the reviewer's references (helper-59)
        '$(SECRETS_DIR)/db', 'secrets/db', 'secrets', 'secret/data/shop/api', '/oauth2/token', 'idp.example.com/token', 'C:\\secrets\\tls.key',
        'http://[fd00::1]:8080/token', 'https://svc:$(PW)@idp.example.com/t', 'https://idp.example.com/t?client_secret=$(CS)',
        // credential-bearing values
        'https://idp.example.com/token?client_secret=s3cr3t', 'redis://:pw@redis:6379', '//u:pw@host/x', '/token?grant_type=password&password=x',
        'idp.example.com/cb#access_token=abc', 'https://h/t?client_id=a&api_key=b', 'sk_live_123', '-----BEGIN PRIVATE KEY-----\nMII'),
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
