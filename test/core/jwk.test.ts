import { generateKeyPairSync } from 'crypto';
import { IDP_RSA_JWK } from '../../examples/shared/idp-keys';
import { checkPublicJwk } from '../../lib/core/traffic/jwk';
import { checkJwks } from '../../lib/core/traffic/jwt';
import { Problems } from '../../lib/core/validation';

/** The problems (`field: message`) checkPublicJwk finds in `key`. */
function jwkProblems(key: unknown): string[] {
  const problems = new Problems();
  checkPublicJwk(problems, 'key', key);
  return problems.list.map((p) => `${p.field}: ${p.message}`);
}

const EC_P256 = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };
const ED25519 = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };

// The key is parsed by node:crypto (`createPublicKey({ format: 'jwk' })`); the accepted key types, curves, `alg`
// pairings and RSA exponents follow Envoy's JWT verifier, which validates Istio's inline JWKS:
// envoyproxy/envoy source/common/jwt/jwks.cc (extractJwkFromJwkRSA / extractJwkFromJwkEC / extractJwkFromJwkOKP).
describe('checkPublicJwk', () => {
  test('real public keys are accepted: the 2048-bit RSA fixture, EC P-256/P-384/P-521, Ed25519', () => {
    expect(jwkProblems(IDP_RSA_JWK)).toEqual([]);
    expect(jwkProblems({ ...EC_P256, alg: 'ES256', kid: 'ec', use: 'sig' })).toEqual([]);
    expect(jwkProblems({ ...ED25519, alg: 'EdDSA' })).toEqual([]);
    for (const namedCurve of ['P-384', 'P-521']) {
      const jwk = generateKeyPairSync('ec', { namedCurve }).publicKey.export({ format: 'jwk' });
      expect(jwkProblems(jwk)).toEqual([]);
    }
    expect(jwkProblems({ ...IDP_RSA_JWK, alg: 'PS512' })).toEqual([]);
  });

  test('a 96-bit RSA modulus is refused: at least 2048 bits', () => {
    expect(jwkProblems({ kty: 'RSA', n: 'sXch6vT3H8Kx0Zr5', e: 'AQAB' })).toEqual(['key.n: is shorter than 2048 bits']);
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    expect(jwkProblems(rsa1024)).toEqual(['key.n: is shorter than 2048 bits']);
  });

  test('members that are not base64url are refused (node:crypto would silently skip the bad characters)', () => {
    expect(jwkProblems({ ...IDP_RSA_JWK, n: `${IDP_RSA_JWK.n.slice(0, 40)}+/=` })).toEqual(['key.n: is not base64url']);
    expect(jwkProblems({ ...EC_P256, x: 'not base64!' })).toEqual(['key.x: is not base64url']);
  });

  test('unknown or unsupported curves are refused: P-999, secp256k1, Ed448, X25519, an EC curve on OKP', () => {
    expect(jwkProblems({ ...EC_P256, crv: 'P-999' })).toEqual(['key.crv: is not a supported EC curve']);
    expect(jwkProblems({ ...EC_P256, crv: 'secp256k1' })).toEqual(['key.crv: is not a supported EC curve']);
    expect(jwkProblems({ ...ED25519, crv: 'Ed448' })).toEqual(['key.crv: is not a supported OKP curve']);
    expect(jwkProblems({ ...ED25519, crv: 'X25519' })).toEqual(['key.crv: is not a supported OKP curve']);
    expect(jwkProblems({ ...EC_P256, kty: 'OKP' })).toEqual(['key.crv: is not a supported OKP curve']);
    expect(jwkProblems({ ...ED25519, kty: 'EC', y: ED25519.x })).toEqual(['key.crv: is not a supported EC curve']);
  });

  test('a point off the curve and an Ed25519 key of the wrong length are refused by node:crypto', () => {
    expect(jwkProblems({ ...EC_P256, y: EC_P256.x })).toEqual([expect.stringMatching(/^key: is not a valid EC public key \(/)]);
    expect(jwkProblems({ ...ED25519, x: ED25519.x.slice(0, 40) })).toEqual([expect.stringMatching(/^key: is not a valid OKP public key \(/)]);
  });

  test('alg must suit the key (jwks.cc: RS*/PS* for RSA, ES256/384/512 paired with P-256/384/521, EdDSA for OKP)', () => {
    expect(jwkProblems({ ...EC_P256, alg: 'ES384' })).toEqual(['key.alg: does not fit a EC P-256 key']);
    expect(jwkProblems({ ...IDP_RSA_JWK, alg: 'ES256' })).toEqual(['key.alg: does not fit a RSA key']);
    expect(jwkProblems({ ...ED25519, alg: 'ES256' })).toEqual(['key.alg: does not fit a OKP Ed25519 key']);
  });

  test('RSA exponents other than 3 and 65537 are refused (jwks.cc rejects them early)', () => {
    expect(jwkProblems({ ...IDP_RSA_JWK, e: 'Aw' })).toEqual([]);
    expect(jwkProblems({ ...IDP_RSA_JWK, e: 'Bw' })).toEqual(['key.e: is not 3 or 65537 (Envoy rejects other exponents)']);
  });

  test('private or symmetric key material, unknown types, missing members and non-objects are refused', () => {
    expect(jwkProblems({ ...IDP_RSA_JWK, d: 'AQAB' })).toEqual(['key: contains private or symmetric key material (d)']);
    expect(jwkProblems({ kty: 'oct', k: 'c2VjcmV0' })).toEqual(['key: contains private or symmetric key material (k, kty=oct)']);
    expect(jwkProblems({ kty: 'DSA' })).toEqual(['key.kty: is not a public key type']);
    expect(jwkProblems({ kty: 'EC', crv: 'P-256' })).toEqual(['key.x: is missing from the EC key', 'key.y: is missing from the EC key']);
    expect(jwkProblems('RSA')).toEqual(['key: is not a JWK object']);
    // Inherited members are not the key's: a prototype carrying `n`/`e` does not make a key.
    expect(jwkProblems(Object.assign(Object.create({ n: IDP_RSA_JWK.n, e: 'AQAB' }) as object, { kty: 'RSA' }))).toEqual([
      'key.n: is missing from the RSA key', 'key.e: is missing from the RSA key',
    ]);
  });

  test('checkJwks reports every bad key of a JWKS and keeps a good one as canonical JSON', () => {
    const problems = new Problems();
    expect(checkJwks(problems, 'jwks', { keys: [IDP_RSA_JWK, { ...EC_P256, crv: 'P-999' }, { kty: 'RSA', n: 'sXch6vT3H8Kx0Zr5', e: 'AQAB' }] })).toBeUndefined();
    expect(problems.list.map((p) => p.field)).toEqual(['jwks.keys[1].crv', 'jwks.keys[2].n']);
    expect(JSON.parse(checkJwks(new Problems(), 'jwks', JSON.stringify({ keys: [IDP_RSA_JWK] }))!)).toEqual({ keys: [IDP_RSA_JWK] });
  });

  test('a JWKS text is judged the same every time: a valid one is remembered, an invalid one reports its problems under each field', () => {
    const document = { keys: [IDP_RSA_JWK, { ...EC_P256, kid: 'ec' }] };
    const text = JSON.stringify(document);
    const fromObject = checkJwks(new Problems(), 'jwks', document);
    for (const field of ['jwt.jwks', 'jwks', 'jwt.jwks']) {
      const problems = new Problems();
      expect(checkJwks(problems, field, text)).toBe(fromObject);
      expect(problems.list).toEqual([]);
    }
    const bad = JSON.stringify({ keys: [IDP_RSA_JWK, { ...EC_P256, crv: 'P-999' }] });
    for (const field of ['jwt.jwks', 'other.jwks', 'jwt.jwks']) {
      const problems = new Problems();
      expect(checkJwks(problems, field, bad)).toBeUndefined();
      expect(problems.list.map((p) => `${p.field}: ${p.message}`)).toEqual([`${field}.keys[1].crv: is not a supported EC curve`]);
    }
    // A document given as an object is remembered by its JSON only when it is plain JSON: one that is not is judged on its own.
    for (let i = 0; i < 2; i++) expect(checkJwks(new Problems(), 'jwks', { keys: [...document.keys] })).toBe(fromObject);
    // A function is no JSON: the copy names it and leaves it out, every time.
    for (let i = 0; i < 2; i++) {
      const notJson = new Problems();
      const { alg: _alg, ...withoutAlg } = IDP_RSA_JWK;
      expect(checkJwks(notJson, 'jwks', { keys: [{ ...IDP_RSA_JWK, alg: () => 'RS256' }, document.keys[1]] })).toBe(JSON.stringify({ keys: [withoutAlg, document.keys[1]] }));
      expect(notJson.list.map((p) => `${p.field}: ${p.message}`)).toEqual(['jwks.keys[0].alg: is a function, not plain data']);
    }
    // A text whose keys pass but whose document is refused (too deep) is refused every time too.
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { deep };
    const refused = JSON.stringify({ keys: [IDP_RSA_JWK], extra: deep });
    for (let i = 0; i < 2; i++) {
      const problems = new Problems();
      expect(checkJwks(problems, 'jwks', refused)).toBe(JSON.stringify({ keys: [IDP_RSA_JWK] }));
      expect(problems.list.map((p) => p.message)).toEqual(['nests deeper than 32 levels']);
    }
  });

  // The emitted RequestAuthentication is unchanged by the verdict cache: `jwks` stays the validated document. Istio
  // defines that field as a "JSON Web Key Set of public keys to validate signature of the JWT" (istio/api
  // security/v1beta1/jwt.proto, JWTRule.jwks, used by RequestAuthentication v1 too; the same text in
  // ../shared/crds/istio/requestauthentication.yaml),
  // so a key with private members is refused whether or not a cache answered for an equal-looking public document.
  test('an inherited toJSON cannot make a JWKS with a private member hit the verdict of its public twin (found in review)', () => {
    const publicJwks = { keys: [IDP_RSA_JWK] };
    const leaked = { keys: [{ ...IDP_RSA_JWK, d: 'c2VjcmV0LXByaXZhdGUtZXhwb25lbnQ' }] };
    Object.defineProperty(Object.prototype, 'toJSON', {
      configurable: true,
      writable: true,
      value(this: Record<string, unknown>) {
        if (!Object.prototype.hasOwnProperty.call(this, 'd')) return this;
        const { d, ...rest } = this;
        return rest;
      },
    });
    try {
      checkJwks(new Problems(), 'jwks', publicJwks);
      const problems = new Problems();
      expect(checkJwks(problems, 'jwks', leaked)).toBeUndefined();
      expect(problems.list.map((p) => p.message)).toEqual([expect.stringContaining('private or symmetric key material')]);
    } finally {
      delete (Object.prototype as { toJSON?: unknown }).toJSON;
    }
  });
});
