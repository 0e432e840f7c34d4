import { createPublicKey, JsonWebKey, KeyObject } from 'crypto';
import { Problems } from '../validation';

/** JWK members that only private (or symmetric) keys have. */
export const PRIVATE_JWK_MEMBERS: readonly string[] = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/** The smallest RSA modulus accepted in an inline JWKS, in bits. */
const MIN_RSA_MODULUS_BITS = 2048;

/** JWK members a public key may carry (RFC 7517 §4, RFC 7518 §6); any other member is refused. */
const JWK_MEMBERS: readonly string[] = ['kty', 'kid', 'use', 'alg', 'key_ops', 'x5c', 'x5t', 'x5t#S256', 'x5u', 'n', 'e', 'crv', 'x', 'y'];

const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = { RSA: ['n', 'e'], EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'] };

/** The curves Envoy's JWT verifier accepts, with the `alg` each one pairs with. */
const CURVE_ALG: Readonly<Record<string, string>> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', 'Ed25519': 'EdDSA' };

/** The `alg` values Envoy's JWT verifier accepts per key type. */
const KTY_ALG: Readonly<Record<string, RegExp>> = { RSA: /^(RS|PS)(256|384|512)$/, EC: /^ES(256|384|512)$/, OKP: /^EdDSA$/ };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

const own = (k: object, member: string): boolean => Object.prototype.hasOwnProperty.call(k, member);

/**
 * Checks one key of an inline JWKS: a public RSA (≥ 2048 bits, exponent 3 or 65537), EC (P-256, P-384, P-521) or
 * OKP (Ed25519) key that `crypto.createPublicKey` accepts, with members in base64url, only public members and no
 * private key material.
 * Returns whether the key is acceptable.
 */
export function checkPublicJwk(problems: Problems, field: string, key: unknown): boolean {
  const before = problems.size;
  if (typeof key !== 'object' || key === null || Array.isArray(key)) {
    problems.add(field, key, 'is not a JWK object', 'give the key as an object, e.g. { "kty": "RSA", "n": "...", "e": "AQAB" }.');
    return false;
  }
  const k = key as Record<string, unknown>;
  const privateMembers = PRIVATE_JWK_MEMBERS.filter((m) => own(k, m));
  if (privateMembers.length > 0 || k.kty === 'oct') {
    problems.add(field, `kid=${String(k.kid ?? '?')}, members ${Object.keys(k).sort().join(',')}`,
      `contains private or symmetric key material (${[...privateMembers, ...(k.kty === 'oct' ? ['kty=oct'] : [])].join(', ')})`,
      'publish only the public key (RSA: n, e; EC: crv, x, y; OKP: crv, x) and rotate the leaked private key.');
    return false;
  }
  for (const member of Object.keys(k).filter((m) => !JWK_MEMBERS.includes(m))) {
    problems.add(`${field}.${member}`, '<hidden>', 'is not a public JWK member', `remove it; a public key has only: ${JWK_MEMBERS.join(', ')}.`);
  }
  const kty = own(k, 'kty') ? k.kty : undefined;
  const needed = typeof kty === 'string' && own(PUBLIC_MEMBERS, kty) ? PUBLIC_MEMBERS[kty] : undefined;
  if (needed === undefined) {
    problems.add(`${field}.kty`, kty, 'is not a public key type', "use 'RSA', 'EC' or 'OKP'.");
    return false;
  }
  const members: Record<string, string> = { kty: kty as string };
  for (const member of needed) {
    const value = own(k, member) ? k[member] : undefined;
    if (typeof value !== 'string') {
      problems.add(`${field}.${member}`, value, `is missing from the ${kty} key`, `give the key's '${member}' member.`);
    } else if (member !== 'crv' && !BASE64URL.test(value)) {
      problems.add(`${field}.${member}`, value, 'is not base64url', 'give the member in unpadded base64url (A-Z a-z 0-9 - _), as the identity provider publishes it.');
    } else {
      members[member] = value;
    }
  }
  if (problems.size > before) return false;
  checkCurveAndAlg(problems, field, k, kty as string);
  if (problems.size > before) return false;
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: members as JsonWebKey, format: 'jwk' });
  } catch (error) {
    problems.add(field, members, `is not a valid ${kty} public key (${(error as Error).message})`, "copy the key from the identity provider's JWKS endpoint unchanged.");
    return false;
  }
  const details = publicKey.asymmetricKeyDetails ?? {};
  if (kty === 'RSA' && (details.modulusLength ?? 0) < MIN_RSA_MODULUS_BITS) {
    problems.add(`${field}.n`, `${details.modulusLength ?? 0}-bit modulus`, `is shorter than ${MIN_RSA_MODULUS_BITS} bits`,
      `use an RSA key of at least ${MIN_RSA_MODULUS_BITS} bits (NIST SP 800-131A), or an EC P-256 key.`);
  }
  if (kty === 'RSA' && details.publicExponent !== 3n && details.publicExponent !== 65537n) {
    problems.add(`${field}.e`, k.e, 'is not 3 or 65537 (Envoy rejects other exponents)', "use the standard exponent 65537 ('AQAB').");
  }
  return problems.size === before;
}

/** The curve must be one Envoy verifies, and `alg` (when given) must suit the key type and curve. */
function checkCurveAndAlg(problems: Problems, field: string, k: Record<string, unknown>, kty: string): void {
  const crv = k.crv;
  if (kty !== 'RSA' && (typeof crv !== 'string' || !own(CURVE_ALG, crv) || (kty === 'OKP') !== (crv === 'Ed25519'))) {
    problems.add(`${field}.crv`, crv, `is not a supported ${kty} curve`, kty === 'EC' ? "use 'P-256', 'P-384' or 'P-521'." : "use 'Ed25519'.");
    return;
  }
  const alg = own(k, 'alg') ? k.alg : undefined;
  if (alg === undefined) return;
  const fits = typeof alg === 'string' && KTY_ALG[kty].test(alg) && (kty === 'RSA' || CURVE_ALG[crv as string] === alg);
  if (!fits) {
    const expected = kty === 'RSA' ? 'RS256/384/512 or PS256/384/512' : `'${CURVE_ALG[crv as string]}'`;
    problems.add(`${field}.alg`, alg, `does not fit a ${kty}${kty === 'RSA' ? '' : ` ${String(crv)}`} key`, `use ${expected} or leave alg out.`);
  }
}
