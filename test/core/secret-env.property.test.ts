/**
 * One definition of a literal secret in `env` (lib/core/secret-env.ts) for construction and for KH-SEC-001. Found in
 * review: `AWS_ACCESS_KEY_ID` and `GPG_PASSPHRASE` literals were accepted by SecureDeployment and failed the audit
 * (error), while `DB_PASSWORD_FILE: '/run/secrets/db'` was refused by construction and passed by the audit. Now
 * construction refuses exactly what the audit reports, and the audit reports exactly what construction refuses
 * (design.md: audit(render(intent)) has no error for every valid intent).
 *
 * Found in a later review: names that describe a secret or point at its file were refused and reported although they
 * hold none (`GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json`, `SECRET_NAME=db-creds`, `TOKEN_TTL=3600`,
 * `API_KEY_HEADER=X-Api-Key`), and KH-DKR-006 had its own name patterns (no PASSPHRASE, `_NAME` a reference, no
 * `_URI`/`_ENDPOINT`). Now KH-DKR-006 uses the same definition, and the tests below check all three agree.
 */
import * as fc from 'fast-check';
import { audit, isCounted } from '../../lib/audit';
import { checkDockerfile, DOCKERFILE_RULES } from '../../lib/audit/dockerfile';
import { KubeHardenValidationError, SecureDeploymentProps, renderSecureDeployment } from '../../lib/core';
import { isLiteralSecret, pointsAtOrDescribesSecret, SECRET_ENV_NAME } from '../../lib/core/secret-env';
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

/** [name, value, a literal secret?] */
const CASES: Array<[string, EnvValue, boolean]> = [
  ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE', true],
  ['GPG_PASSPHRASE', 'correct horse battery staple', true],
  ['DB_PASSWORD', 'hunter2', true],
  ['db_passwd', 'hunter2', true],
  ['DB_PASSWORD', '/run/secrets/db', true], // the program reads DB_PASSWORD as the password: name it DB_PASSWORD_FILE
  ['DB_PASSWORD', '$(SECRETS_DIR)/db', true], // names without a suffix: any literal, as before
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
  // more reference suffixes: the long forms of _FILE and _DIR, and an Amazon Resource Name, which names the secret
  // in AWS Secrets Manager (arn:partition:secretsmanager:region:account:secret:name)
  ['TLS_PRIVATE_KEY_FILENAME', 'tls.key', false],
  ['CREDENTIALS_DIRECTORY', '/run/credentials/app.service', false], // systemd's, https://systemd.io/CREDENTIALS/
  ['DB_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf', false],
  // Google's Application Default Credentials read GOOGLE_APPLICATION_CREDENTIALS as the path of the key file:
  // googleapis/google-auth-library-nodejs src/auth/googleauth.ts (_tryGetApplicationCredentialsFromEnvironmentVariable
  // passes process.env.GOOGLE_APPLICATION_CREDENTIALS to _getApplicationCredentialsFromFilePath), google-auth-library-python
  // google/auth/environment_vars.py ("the location of Google application default credentials"), and
  // https://cloud.google.com/docs/authentication/application-default-credentials#GAC. Trivy lists it with the file
  // variables, not the secrets (aquasecurity/trivy-checks checks/docker/leaked_secrets.rego, secret_file_envs).
  ['GOOGLE_APPLICATION_CREDENTIALS', '/var/secrets/google/key.json', false],
  ['GOOGLE_APPLICATION_CREDENTIALS', '-----BEGIN PRIVATE KEY-----\nMII', true], // the key itself, not its path
  ['google_application_credentials', '/var/secrets/google/key.json', true], // not the documented variable
  ['GOOGLE_APPLICATION_CREDENTIALS_JSON', '{"type":"service_account"}', true], // the key, by its name
  ['GOOGLE_CREDENTIALS', '/var/secrets/google/key.json', true], // read as the path or the contents by some tools
  // a metadata suffix says the variable describes the secret: its name, lifetime, shape, policy, issuer, header.
  // Vault's own AppRole parameters name a secret's metadata so (secret_id_ttl, token_ttl, token_type,
  // token_policies: hashicorp/vault website/content/api-docs/auth/approle.mdx), and BuildKit's SecretsUsedInArgOrEnv
  // check allows a VERSION segment (moby/buildkit frontend/dockerfile/dockerfile2llb/validations.go, allowTokens)
  ['SECRET_NAME', 'db-creds', false],
  ['TOKEN_TTL', '3600', false],
  ['PASSWORD_POLICY', 'strict', false],
  ['TOKEN_EXPIRY_SECONDS', '60', false],
  ['PASSWORD_MIN_LENGTH', '12', false],
  ['SECRET_ROTATION_ENABLED', 'true', false],
  ['JWT_TOKEN_ISSUER', 'https://idp', false],
  ['API_KEY_HEADER', 'X-Api-Key', false],
  ['ACCESS_TOKEN_EXPIRES_IN', '15m', false],
  ['SECRET_VERSION', 'latest', false],
  ['TOKEN_AUDIENCE', 'shop', false],
  ['PRIVATE_KEY_BITS', '4096', false],
  ['token_ttl', '3600', false],
  // ...and still a secret when the value carries a credential (fail closed)
  ['TOKEN_TTL', 'AKIAIOSFODNN7EXAMPLE', true],
  ['SECRET_NAME', 'sk_live_123', true],
  ['JWT_TOKEN_ISSUER', 'https://svc:s3cr3t@idp.example.com', true],
  ['API_KEY_HEADER', 'https://api.example.com?api_key=abc', true],
  ['SECRET_VERSION', '-----BEGIN EC PRIVATE KEY-----\nMHc', true],
  // real secrets keep their names: the last segment is the secret, not about it
  ['SECRET_KEY_BASE', 'abc123', true],
  ['GITHUB_TOKEN', 'ghp_abc', true],
  ['API_KEY', 'abc', true],
  ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', true],
  ['CLIENT_SECRET', 's3cr3t', true],
  ['PASSWORD', 'hunter2', true],
  ['TOKEN', 'abc', true],
  ['SECRET_KEY', 'abc', true],
  ['SESSION_SECRET', 'abc', true],
  ['ADMIN_PASSWORD_HASH', '$2y$10$abcdefghijklmnopqrstuv', true], // a hash can be cracked offline
  // an ID can be the credential: Vault AppRole "SecretID is a credential" (hashicorp/vault
  // website/content/docs/auth/approle.mdx); AWS_ACCESS_KEY_ID is flagged by Trivy (leaked_secrets.rego default_envs)
  ['VAULT_SECRET_ID', '6a174c20-f6de-a53c-74d2-6018fcceff64', true],
  ['SECRET_TTL_VALUE', '3600', true], // the metadata word is not the last segment
  // an encryption key is a secret by its name, as KICS' "Encryption Key" rule has it
  // (Checkmarx/kics assets/queries/common/passwords_and_secrets/regex_rules.json)
  ['ENCRYPTION_KEY', 'f00dbabe', true],
  ['DATA_ENCRYPTIONKEY', 'f00dbabe', true],
  ['ENCRYPTION_KEY_NAME', 'orders', false],
  ['ENCRYPTION_KEY_ID', '1234abcd-12ab-34cd-56ef-1234567890ab', true],
  ['DB_PASSWORD', '', false], // an empty value is no secret
  ['LOG_LEVEL', 'debug', false],
  ['API_KEY', { secret: 'api', key: 'key' }, false],
];

const WORD = fc.constantFrom('PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'API_KEY', 'APIKEY', 'PRIVATE_KEY', 'ACCESS_KEY', 'ACCESS_KEY_ID',
  'ENCRYPTION_KEY', 'CREDENTIALS', 'LOG_LEVEL', 'PORT', 'USER', 'KEY', 'PASS', 'AUTH');
// no suffix, reference suffixes, metadata suffixes (last segment or two), and look-alikes that are neither
const SUFFIX = fc.constantFrom('', '', '_FILE', '_FILENAME', '_PATH', '_DIR', '_DIRECTORY', '_URL', '_URI', '_ENDPOINT', '_ARN',
  '_NAME', '_TTL', '_POLICY', '_EXPIRY_SECONDS', '_EXPIRES_IN', '_MIN_LENGTH', '_ROTATION_ENABLED', '_ISSUER', '_HEADER', '_VERSION', '_TYPE',
  '_ID', '_HASH', '_JSON', '_VALUE', '_TTL_VALUE', 'FILE', 'TTL', '_TTLS');
/** Env names: secret-like words with and without reference and metadata suffixes, and well-known names. */
const ENV_NAMES = fc.oneof(
  fc.tuple(fc.constantFrom('', 'DB_', 'AWS_', 'APP_', 'MY_', 'JWT_'), WORD, SUFFIX, fc.boolean())
    .map(([prefix, w, s, lower]) => (lower ? `${prefix}${w}${s}`.toLowerCase() : `${prefix}${w}${s}`)),
  fc.constantFrom('GOOGLE_APPLICATION_CREDENTIALS', 'google_application_credentials', 'GOOGLE_APPLICATION_CREDENTIALS_JSON', 'GOOGLE_CREDENTIALS'),
);
/** Env values: references, metadata, credential-bearing literals, random strings, Secret and ConfigMap keys. */
const ENV_VALUES: fc.Arbitrary<EnvValue> = fc.oneof(
  fc.constantFrom('', 'AKIAIOSFODNN7EXAMPLE', 'hunter2', '/run/secrets/db', '/etc/tls/', 'run/secrets/db', './token', '/path with space',
    // metadata values from the review: names, durations, policies, flags, an issuer, a header
    'db-creds', '3600', 'strict', '60', '12', 'true', 'https://idp', 'X-Api-Key', '/var/secrets/google/key.json',
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

describe('construction and KH-SEC-001 agree |', () => {
  test.each(CASES)('%s=%j: a literal secret: %s', (name, value, secret) => {
    expect(refusal(name, value)).toEqual(secret ? [expect.stringMatching(new RegExp(`^env\\.${name}: is a literal value for a secret-like name`))] : []);
    // under a name that points at or describes the secret the message says what the value carries
    const carries = secret && pointsAtOrDescribesSecret(name) ? ' that carries ' : '';
    expect(findings(name, value).map((f) => f.message)).toEqual(secret ? [expect.stringContaining(`sets ${name} to a literal value${carries}`)] : []);
    if (!secret) expect(audit(render(name, value, false)).findings.filter((f) => f.ruleId === 'KH-SEC-001')).toEqual([]);
  });

  test('names x values: refused without the acknowledgement exactly when the audit reports it; accepted renders pass (500 cases)', () => {
    let refused = 0;
    let describedAccepted = 0;
    fc.assert(fc.property(ENV_NAMES, ENV_VALUES, (n, v) => {
      const problems = refusal(n, v);
      const reported = findings(n, v);
      expect({ n, v, refused: problems.length > 0 }).toEqual({ n, v, refused: reported.length > 0 });
      expect(problems.length > 0).toBe(typeof v === 'string' && isLiteralSecret(n, v));
      // acknowledged, the finding is kept and does not count
      expect(reported.every((f) => !f.counted)).toBe(true);
      if (problems.length > 0) refused++;
      else expect(audit(render(n, v, false)).findings.filter((f) => f.ruleId === 'KH-SEC-001')).toEqual([]);
      if (problems.length === 0 && typeof v === 'string' && v !== '' && SECRET_ENV_NAME.test(n)) describedAccepted++;
    }), { numRuns: 500 });
    expect(refused).toBeGreaterThan(50);
    // the runs reach the names that point at or describe a secret, with a literal value they accept
    expect(describedAccepted).toBeGreaterThan(25);
  });
});

const KH_DKR_006 = DOCKERFILE_RULES.filter((rule) => rule.id === 'KH-DKR-006');

/** The KH-DKR-006 messages for `ENV <name>="<value>"` and `ARG <name>="<value>"`. */
function dockerfileFindings(name: string, value: string): string[] {
  return checkDockerfile(`FROM scratch\nENV ${name}="${value}"\nARG ${name}="${value}"\n`, KH_DKR_006).map((f) => f.message);
}

/** A value the Dockerfile reads as written between double quotes: no quote, backslash, `$`, line break or outer blank. */
function isDockerfileLiteral(value: EnvValue): value is string {
  return typeof value === 'string' && /^[^"\\$\r\n]*$/.test(value) && value === value.trim();
}

describe('KH-DKR-006 agrees with construction and KH-SEC-001 |', () => {
  test.each(CASES.filter(([, value]) => isDockerfileLiteral(value)))('ENV and ARG %s=%j: a literal secret: %s', (name, value, secret) => {
    const carries = secret && pointsAtOrDescribesSecret(name) ? ' that carries ' : '';
    expect(dockerfileFindings(name, value as string)).toEqual(secret
      ? [expect.stringContaining(`ENV ${name} has a literal value${carries}`), expect.stringContaining(`ARG ${name} has a literal value${carries}`)]
      : []);
  });

  test('names x values: reported in ENV and ARG exactly when construction refuses it (500 cases)', () => {
    let reported = 0;
    fc.assert(fc.property(ENV_NAMES, ENV_VALUES.filter(isDockerfileLiteral), (n, v) => {
      const refused = refusal(n, v).length > 0;
      expect({ n, v, reported: dockerfileFindings(n, v).length }).toEqual({ n, v, reported: refused ? 2 : 0 });
      if (refused) reported++;
    }), { numRuns: 500 });
    expect(reported).toBeGreaterThan(50);
  });
});
