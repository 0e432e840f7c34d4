/**
 * Which literal environment variables are secrets: one definition for construction (a `SecureDeployment` refuses
 * them unless `KH-SEC-001` is acknowledged) and for the audit rule KH-SEC-001 (which reports them), so that the two
 * always agree.
 */

/** Names of environment variables that hold a secret: passwords, passphrases, secrets, tokens, API, private and access keys, credentials. */
export const SECRET_ENV_NAME = /(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;

/** Name suffixes that say the variable points at a secret rather than holds it: a file (`DB_PASSWORD_FILE`) or a URL (`TOKEN_URL`). */
export const SECRET_REFERENCE_SUFFIX = /_(FILE|PATH|DIR|URL|URI|ENDPOINT)$/i;

/** An absolute path, without whitespace. */
const ABSOLUTE_PATH = /^\/\S*$/;
/** A URL with a scheme and `//`, without credentials in its authority (no `user:password@`) and without whitespace. */
const URL_WITHOUT_CREDENTIALS = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@]*([/?#]\S*)?$/;

/** What a name with a reference suffix points at (`path` for `_FILE`, `_PATH`, `_DIR`; `url` otherwise), or undefined. */
export function secretReferenceKind(name: string): 'path' | 'url' | undefined {
  const suffix = SECRET_REFERENCE_SUFFIX.exec(name)?.[1].toUpperCase();
  if (suffix === undefined) return undefined;
  return suffix === 'FILE' || suffix === 'PATH' || suffix === 'DIR' ? 'path' : 'url';
}

/** How a reference of `kind` is written, for messages. */
export function secretReferenceForm(kind: 'path' | 'url'): string {
  return kind === 'path' ? 'an absolute path' : 'a URL without credentials (scheme://host/...)';
}

/**
 * Whether the literal `value` of the environment variable `name` is a secret (KH-SEC-001). It is when the name is
 * secret-like (`SECRET_ENV_NAME`) and the value is set (not `undefined`, `null` or `''`), unless the variable only
 * points at the secret: its name ends in a reference suffix and its value has that form, an absolute path for
 * `_FILE`, `_PATH` and `_DIR` (`DB_PASSWORD_FILE: /run/secrets/db`), a URL without credentials for `_URL`, `_URI`
 * and `_ENDPOINT` (`TOKEN_URL: https://idp.example.com/token`). A suffix alone proves nothing (`API_KEY_FILE:
 * sk_live_...` is the key itself), and a path under a name without one is the value the program reads as its
 * secret. A value that is no string (`12345`) is a literal and fails closed.
 */
export function isLiteralSecret(name: string, value: unknown): boolean {
  if (!SECRET_ENV_NAME.test(name) || value === undefined || value === null || value === '') return false;
  if (typeof value !== 'string') return true;
  const kind = secretReferenceKind(name);
  if (kind === undefined) return true;
  return !(kind === 'path' ? ABSOLUTE_PATH : URL_WITHOUT_CREDENTIALS).test(value);
}
