/**
 * Which literal environment variables are secrets: one definition for construction (a `SecureDeployment` refuses
 * them unless `KH-SEC-001` is acknowledged), for the audit rule KH-SEC-001 (which reports them) and for the
 * Dockerfile rule KH-DKR-006 (`ENV` and `ARG`), so that the three always agree.
 */

/**
 * Names of environment variables that hold a secret: passwords, passphrases, secrets, tokens, API, private, access
 * and encryption keys, credentials.
 */
export const SECRET_ENV_NAME = /(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|ENCRYPTION_?KEY|CREDENTIAL)/i;

/**
 * Name suffixes that say the variable points at a secret rather than holds it: a file (`DB_PASSWORD_FILE`,
 * `TLS_PRIVATE_KEY_FILENAME`), a directory (`SECRETS_DIR`, `CREDENTIALS_DIRECTORY`), a URL (`TOKEN_URL`) or an
 * Amazon Resource Name (`DB_SECRET_ARN`).
 */
export const SECRET_REFERENCE_SUFFIX = /_(FILE|FILENAME|PATH|DIR|DIRECTORY|URL|URI|ENDPOINT|ARN)$/i;

/**
 * Name suffixes that say the variable describes a secret rather than holds it. The last segment (or two) of the
 * name is about the secret, not the secret: what it is called (`SECRET_NAME`, `SECRET_VERSION`), how long it lives
 * (`TOKEN_TTL`, `TOKEN_EXPIRES_IN`, `TOKEN_EXPIRY_SECONDS`, `PASSWORD_MAX_DAYS`), its shape (`PASSWORD_MIN_LENGTH`,
 * `PRIVATE_KEY_BITS`, `TOKEN_TYPE`, `TOKEN_ALGORITHM`), the rules around it (`PASSWORD_POLICY`,
 * `SECRET_ROTATION_ENABLED`), and where a token is issued for and carried (`JWT_TOKEN_ISSUER`, `TOKEN_AUDIENCE`,
 * `TOKEN_SCOPES`, `API_KEY_HEADER`).
 *
 * `ID` is not one of them: an ID can be the credential itself (a Vault AppRole `SECRET_ID`) or half of a key pair
 * (`AWS_ACCESS_KEY_ID`), so `*_ID` stays a secret. Nor are `HASH` or `SALT` (a password hash can be cracked offline) or
 * anything that names a part of the secret (`_KEY`, `_BASE` in `SECRET_KEY_BASE`, `_VALUE`, `_JSON`).
 */
export const SECRET_METADATA_SUFFIX = new RegExp(`_(${[
  'NAME', 'VERSION',
  'TTL', 'LIFETIME', 'TIMEOUT', 'INTERVAL', 'MAX_AGE', 'EXPIRE', 'EXPIRES', 'EXPIRES_IN', 'EXPIRY', 'EXPIRATION',
  'MS', 'MILLIS', 'MILLISECONDS', 'SECS', 'SECONDS', 'MINS', 'MINUTES', 'HOURS', 'DAYS',
  'LENGTH', 'SIZE', 'BITS', 'TYPE', 'FORMAT', 'ENCODING', 'ALG', 'ALGORITHM',
  'POLICY', 'POLICIES', 'ROTATION', 'ENABLE', 'ENABLED', 'DISABLE', 'DISABLED', 'REQUIRED',
  'ISSUER', 'AUDIENCE', 'SCOPE', 'SCOPES', 'HEADER',
].join('|')})$`, 'i');

/**
 * Well-known variables that hold the path of a credential file under a name without a reference suffix, by exact
 * (case-sensitive) name: `GOOGLE_APPLICATION_CREDENTIALS`, which Google's Application Default Credentials read as
 * the location of the key file. Another spelling (`google_application_credentials`, `GOOGLE_CREDENTIALS`, which
 * some tools read as the key itself) is not the documented variable and stays a secret.
 */
export const SECRET_REFERENCE_NAMES: ReadonlySet<string> = new Set(['GOOGLE_APPLICATION_CREDENTIALS']);

/**
 * A value that is only a Kubernetes dependent variable expansion, `$(NAME)`: it names another variable, not a secret.
 * The default syntax of `secretCarriedBy` and `isLiteralSecret`; KH-DKR-006 gives the Dockerfile's (`$NAME`, `${NAME}`).
 */
export const KUBERNETES_VARIABLE = /^\$\([-._a-zA-Z][-._a-zA-Z0-9]*\)$/;
/** The userinfo of a URL with an authority (`scheme://user:password@host`, or `//...`): the authority up to its last `@`. */
const URL_USERINFO = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/([^/?#]*)@/;
/** Keys whose format says what they are: a PEM private key (RFC 7468), an AWS access key ID, a Stripe secret or restricted key. */
const KEY_FORMATS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\s*-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, 'a PEM private key'],
  [/^A(KI|SI)A[0-9A-Z]{16}$/, 'an AWS access key ID'],
  [/^[rs]k_(live|test)_[0-9A-Za-z]+$/, 'a Stripe key'],
];

/**
 * Whether the name `name` says that the variable only points at a secret or describes it, so that its value is a
 * secret only when it carries one (`secretCarriedBy`): it ends in a reference suffix (`SECRET_REFERENCE_SUFFIX`) or a
 * metadata suffix (`SECRET_METADATA_SUFFIX`), or it is a well-known reference variable (`SECRET_REFERENCE_NAMES`).
 */
export function pointsAtOrDescribesSecret(name: string): boolean {
  return SECRET_REFERENCE_SUFFIX.test(name) || SECRET_METADATA_SUFFIX.test(name) || SECRET_REFERENCE_NAMES.has(name);
}

/**
 * What the string `value` of a variable whose `name` points at or describes a secret (`pointsAtOrDescribesSecret`)
 * carries that is itself a secret, for messages: a key in a known format, a password in the URL's userinfo
 * (`https://user:pw@host`), or a query or fragment parameter with a secret-like name (`?client_secret=...`), each
 * given literally (not empty, not only a reference to another variable in the syntax `variable`, by default
 * Kubernetes' `$(NAME)`). Undefined when the value carries none, or when `name` holds the secret itself.
 */
export function secretCarriedBy(name: string, value: unknown, variable: RegExp = KUBERNETES_VARIABLE): string | undefined {
  if (typeof value !== 'string' || !pointsAtOrDescribesSecret(name)) return undefined;
  const isLiteral = (text: string): boolean => text !== '' && !variable.test(text);
  const format = KEY_FORMATS.find(([pattern]) => pattern.test(value));
  if (format !== undefined) return format[1];
  const userinfo = URL_USERINFO.exec(value)?.[1];
  const colon = userinfo?.indexOf(':') ?? -1;
  if (userinfo !== undefined && colon >= 0 && isLiteral(userinfo.slice(colon + 1))) return 'a password in the URL';
  const start = value.search(/[?#]/);
  const parameter = start < 0 ? undefined : value.slice(start + 1).split(/[?#&;]/).find((pair) => {
    const eq = pair.indexOf('=');
    return eq > 0 && SECRET_ENV_NAME.test(pair.slice(0, eq)) && isLiteral(pair.slice(eq + 1));
  });
  return parameter === undefined ? undefined : `a secret in the parameter ${parameter.slice(0, parameter.indexOf('='))}`;
}

/**
 * Whether the literal `value` of the environment variable `name` is a secret (KH-SEC-001, KH-DKR-006). It is when the
 * name is secret-like (`SECRET_ENV_NAME`) and the value is set (not `undefined`, `null` or `''`), unless the name
 * says the variable only points at the secret or describes it (`pointsAtOrDescribesSecret`): a reference suffix
 * (`_FILE`, `_FILENAME`, `_PATH`, `_DIR`, `_DIRECTORY`, `_URL`, `_URI`, `_ENDPOINT`, `_ARN`), a metadata suffix
 * (`_NAME`, `_TTL`, `_POLICY`, `_LENGTH`, `_ENABLED`, `_ISSUER`, `_HEADER`, ...: `SECRET_METADATA_SUFFIX`), or
 * `GOOGLE_APPLICATION_CREDENTIALS`. Then any path, `$(NAME)` expansion, Vault path, endpoint, name, duration or flag
 * passes, and only a value that carries a secret itself (`secretCarriedBy`, with the platform's `variable` syntax) is
 * one: fail closed, `TOKEN_TTL: 'AKIA...'` or `JWT_TOKEN_ISSUER: 'https://u:pw@idp'` is still a secret. A path under
 * a name without a suffix is the value the program reads as its secret. A value that is no string (`12345`) is a
 * literal and fails closed.
 */
export function isLiteralSecret(name: string, value: unknown, variable: RegExp = KUBERNETES_VARIABLE): boolean {
  if (!SECRET_ENV_NAME.test(name) || value === undefined || value === null || value === '') return false;
  if (typeof value !== 'string' || !pointsAtOrDescribesSecret(name)) return true;
  return secretCarriedBy(name, value, variable) !== undefined;
}
