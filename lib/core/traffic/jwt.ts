import { ownData } from '../boundary';
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
  let parsed: unknown = jwks;
  if (typeof jwks === 'string') {
    try {
      parsed = JSON.parse(jwks);
    } catch {
      problems.add(field, '<not JSON>', 'is not valid JSON', 'give the JWKS document: { "keys": [ { "kty": "RSA", "n": "...", "e": "AQAB" } ] }.');
      return undefined;
    }
  }
  const document = ownData(parsed, problems, field);
  const keys = typeof document === 'object' && document !== null ? own(document, 'keys') : undefined;
  if (!Array.isArray(keys) || keys.length === 0) {
    problems.add(field, typeof jwks === 'string' ? '<JWKS text>' : jwks, 'has no keys', 'give a JWKS with at least one public key in "keys".');
    return undefined;
  }
  const before = problems.list.length;
  keys.forEach((key: unknown, i) => checkPublicJwk(problems, `${field}.keys[${i}]`, key));
  return problems.list.length === before ? JSON.stringify({ keys }) : undefined;
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
