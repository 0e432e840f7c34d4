import { ownData } from '../boundary';
import { builtInPrototypesHave } from '../prototypes';
import { Problems } from '../validation';
import { checkPublicJwk } from './jwk';

/**
 * JWT validation at the workload's proxy (Istio RequestAuthentication, reference.md §5.2). A RequestAuthentication
 * alone lets requests without a token through, so the workload's ALLOW rules also require a request principal
 * of the issuer in the same `source` as the peer's principal, and a DENY policy refuses requests without one.
 */
export interface JwtProps {
  /** Token issuer (`iss`); request principals are `<issuer>/<sub>`. */
  readonly issuer: string;
  /**
   * Accepted audiences (`aud`).
   * @default - any audience
   */
  readonly audiences?: readonly string[];
  /**
   * Inline JWKS (a JSON string or object) with public keys only: local validation, no fetch at run time.
   * Each key must be a valid public key for `crypto.createPublicKey`: RSA of at least 2048 bits, EC on P-256, P-384
   * or P-521, or OKP Ed25519. Private key members (`d`, `p`, `q`, `dp`, `dq`, `qi`) and symmetric keys (`k`,
   * `kty: oct`) are rejected.
   * Exactly one of `jwks` and `jwksUri`.
   * @default - none (then `jwksUri` is required)
   */
  readonly jwks?: string | { readonly keys: readonly Record<string, unknown>[] };
  /**
   * HTTPS URL of the JWKS (fetched by istiod). Exactly one of `jwks` and `jwksUri`.
   * @default - none (then `jwks` is required)
   */
  readonly jwksUri?: string;
  /**
   * Headers the token is read from.
   * @default - `Authorization: Bearer <token>`
   */
  readonly fromHeaders?: readonly { readonly name: string; readonly prefix?: string }[];
  /**
   * Query parameters the token is read from.
   * @default - `access_token` (Istio's default, used only when no header location is set)
   */
  readonly fromParams?: readonly string[];
}

export { PRIVATE_JWK_MEMBERS } from './jwk';

function own(value: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Parses and checks an inline JWKS; returns its canonical JSON text (or undefined when it is invalid). A JSON string
 * is parsed into own data only (a `"__proto__"` member stays a member and is refused like any unknown one), and
 * every key may carry only public members: private or symmetric key material is always refused.
 */
export function checkJwks(problems: Problems, field: string, jwks: unknown): string | undefined {
  const text = typeof jwks === 'string' ? `text:${jwks}` : undefined;
  const knownText = text === undefined ? undefined : VALID_JWKS.get(text);
  if (knownText !== undefined) return knownText;
  let parsed: unknown = jwks;
  if (typeof jwks === 'string') {
    try {
      parsed = JSON.parse(jwks);
    } catch {
      problems.add(field, '<not JSON>', 'is not valid JSON', 'give the JWKS document: { "keys": [ { "kty": "RSA", "n": "...", "e": "AQAB" } ] }.');
      return undefined;
    }
  }
  const before = problems.size;
  const document = ownData(parsed, problems, field);
  const key = problems.size > before ? undefined : text ?? jsonKey(document);
  const known = key === undefined ? undefined : VALID_JWKS.get(key);
  if (known !== undefined) return known;
  const keys = typeof document === 'object' && document !== null ? own(document, 'keys') : undefined;
  if (!Array.isArray(keys) || keys.length === 0) {
    problems.add(field, typeof jwks === 'string' ? '<JWKS text>' : jwks, 'has no keys', 'give a JWKS with at least one public key in "keys".');
    return undefined;
  }
  const checked = problems.size;
  keys.forEach((k: unknown, i) => checkPublicJwk(problems, `${field}.keys[${i}]`, k));
  if (problems.size > checked) return undefined;
  const canonical = JSON.stringify({ keys });
  if (key !== undefined) {
    if (VALID_JWKS.size >= VALID_JWKS_CACHE_SIZE) VALID_JWKS.clear();
    VALID_JWKS.set(key, canonical);
  }
  return canonical;
}

/**
 * JWKS found valid (without any problem), with their canonical JSON: by their text (`text:<string>`), or, for a
 * document given as an object, by the JSON of its own-data copy when that copy is plain JSON (`object:<json>`).
 * The verdict is a pure function of either (JSON.parse, own data, node:crypto), so the JWKS every PaymentService of
 * a program repeats is parsed and its keys imported once. Invalid ones are never remembered: they are judged again
 * each time, so their problems are exactly those of a first judgement.
 */
const VALID_JWKS = new Map<string, string>();
/** Bound of `VALID_JWKS` (cleared when full): a program has a handful of identity providers. */
const VALID_JWKS_CACHE_SIZE = 64;

/**
 * The cache key of an own-data JWKS document: its JSON, when the document is plain JSON that `JSON.parse` gives back
 * exactly (strings, finite numbers, booleans, null, arrays and objects only); otherwise undefined (not remembered).
 */
function jsonKey(document: unknown): string | undefined {
  const plain = (value: unknown): boolean => {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
    if (typeof value === 'number') return Number.isFinite(value);
    if (Array.isArray(value)) return value.every(plain);
    return typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(plain);
  };
  // JSON.stringify calls an inherited toJSON: with one on a prototype the JSON may not be the document's, so no key
  if (builtInPrototypesHave('toJSON')) return undefined;
  return plain(document) ? `object:${JSON.stringify(document)}` : undefined;
}

/** Checks JWT props (issuer, exactly one key source, HTTPS URL, token locations). */
export function checkJwt(problems: Problems, field: string, jwt: JwtProps): void {
  if (typeof jwt.issuer !== 'string' || jwt.issuer.trim().length === 0 || jwt.issuer.includes('*')) {
    problems.add(`${field}.issuer`, jwt.issuer, 'must be a non-empty issuer without wildcards', "give the token issuer, e.g. 'https://idp.example.com'.");
  }
  if ((jwt.jwks === undefined) === (jwt.jwksUri === undefined)) {
    problems.add(`${field}.jwks`, { jwks: jwt.jwks !== undefined, jwksUri: jwt.jwksUri !== undefined }, 'exactly one of jwks and jwksUri is needed',
      'give the public keys inline in jwks (local validation, preferred) or an https jwksUri.');
  }
  if (jwt.jwks !== undefined) checkJwks(problems, `${field}.jwks`, jwt.jwks);
  if (jwt.jwksUri !== undefined && !/^https:\/\/[^\s/]+/.test(jwt.jwksUri)) {
    problems.add(`${field}.jwksUri`, jwt.jwksUri, 'must be an https URL', 'serve the JWKS over https (a plain http fetch can be tampered with).');
  }
  (jwt.fromHeaders ?? []).forEach((h, i) => {
    if (typeof h.name !== 'string' || !/^[A-Za-z0-9-]+$/.test(h.name)) problems.add(`${field}.fromHeaders[${i}].name`, h.name, 'is not a header name', 'use letters, digits and -.');
  });
}

/** The `jwtRules[]` entry of a RequestAuthentication (props must have been checked). */
export function jwtRule(jwt: JwtProps): Record<string, unknown> {
  const scratch = new Problems();
  return {
    issuer: jwt.issuer,
    audiences: jwt.audiences === undefined ? undefined : [...jwt.audiences],
    jwks: jwt.jwks === undefined ? undefined : checkJwks(scratch, 'jwks', jwt.jwks),
    jwksUri: jwt.jwksUri,
    fromHeaders: jwt.fromHeaders?.map((h) => ({ name: h.name, prefix: h.prefix })),
    fromParams: jwt.fromParams === undefined ? undefined : [...jwt.fromParams],
    forwardOriginalToken: false,
  };
}

/** The request principals a token of `issuer` gives: `<issuer>/*`. */
export function issuerRequestPrincipal(issuer: string): string {
  return `${issuer}/*`;
}
