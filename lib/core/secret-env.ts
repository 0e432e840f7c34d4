/**
 * Which literal environment variables are secrets: one definition for construction (a `SecureDeployment` refuses
 * them unless `KH-SEC-001` is acknowledged) and for the audit rule KH-SEC-001 (which reports them), so that the two
 * always agree.
 */

/** Names of environment variables that hold a secret: passwords, passphrases, secrets, tokens, API, private and access keys, credentials. */
export const SECRET_ENV_NAME = /(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;

/** Name suffixes that say the variable points at a secret rather than holds it: a file (`DB_PASSWORD_FILE`) or a URL (`TOKEN_URL`). */
export const SECRET_REFERENCE_SUFFIX = /_(FILE|PATH|DIR|URL|URI|ENDPOINT)$/i;

/** A value that is only a Kubernetes dependent variable expansion, `$(NAME)`: it names another variable, not a secret. */
const EXPANSION = /^\$\([-._a-zA-Z][-._a-zA-Z0-9]*\)$/;
/** The userinfo of a URL with an authority (`scheme://user:password@host`, or `//...`): the authority up to its last `@`. */
const URL_USERINFO = /^(?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/([^/?#]*)@/;
/** Keys whose format says what they are: a PEM private key (RFC 7468), an AWS access key ID, a Stripe secret or restricted key. */
const KEY_FORMATS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\s*-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, 'a PEM private key'],
  [/^A(KI|SI)A[0-9A-Z]{16}$/, 'an AWS access key ID'],
  [/^[rs]k_(live|test)_[0-9A-Za-z]+$/, 'a Stripe key'],
];

/** Whether `text` is a value given literally: not empty and not a `$(NAME)` expansion. */
function isLiteral(text: string): boolean {
  return text !== '' && !EXPANSION.test(text);
}

/**
 * What the string `value` of a variable whose `name` points at a secret (`SECRET_REFERENCE_SUFFIX`) carries that is
 * itself a secret, for messages: a key in a known format, a password in the URL's userinfo (`https://user:pw@host`),
 * or a query or fragment parameter with a secret-like name (`?client_secret=...`), each given literally (not empty,
 * not a `$(NAME)` expansion). Undefined when the value only points at the secret, or `name` has no reference suffix.
 */
export function secretCarriedBy(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !SECRET_REFERENCE_SUFFIX.test(name)) return undefined;
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
 * Whether the literal `value` of the environment variable `name` is a secret (KH-SEC-001). It is when the name is
 * secret-like (`SECRET_ENV_NAME`) and the value is set (not `undefined`, `null` or `''`), unless the name ends in a
 * reference suffix (`_FILE`, `_PATH`, `_DIR`, `_URL`, `_URI`, `_ENDPOINT`): such a variable points at the secret, so
 * any path, `$(NAME)` expansion, Vault path or endpoint under it passes, and only a value that carries a secret
 * itself (`secretCarriedBy`) is one. A path under a name without a suffix is the value the program reads as its
 * secret. A value that is no string (`12345`) is a literal and fails closed.
 */
export function isLiteralSecret(name: string, value: unknown): boolean {
  if (!SECRET_ENV_NAME.test(name) || value === undefined || value === null || value === '') return false;
  if (typeof value !== 'string' || !SECRET_REFERENCE_SUFFIX.test(name)) return true;
  return secretCarriedBy(name, value) !== undefined;
}
