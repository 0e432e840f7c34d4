/**
 * A real 2048-bit RSA public signing key of an example identity provider, as a JWK (generated once with
 * `crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })`; the private half was never kept). Tests, the
 * benchmark and examples share it instead of fake moduli, which the JWKS check refuses.
 */
export const IDP_RSA_JWK = {
  kty: 'RSA',
  kid: 'idp-rsa-2026',
  alg: 'RS256',
  use: 'sig',
  n: 'r_f14HUhC1CFfa56o6USwQKer2bDKVURbtaRnRg_8qhPuUVNdwyp2g7q8f_kHW9Xp8K6hTZUhCQAhrCD9qRAok9D-XmiV7EYpw2iYgYmYnpi34Pt45Zc9TwhOqtw23VQiqwCo0EUW8LCGo7VY1kdgk6P4o7sWYZeRKG2EqPUJDlDW4C5oVxC6l1L5yOpiSpMVlxp4Bbld8ZYUEI6TZrML07rRMwDFki8UXfQTVxPH7KuUTXRommwYc96NUjQ91kVKNupdicFv6UGpaj8YUeDIuxwCxFy-cnsJ0WmWmnphEjzWCW3yZfkYb-Vzhkc2ORGA9Bf8Rt5Ks4tXiZYl2raPQ',
  e: 'AQAB',
} as const;

/** A JWKS holding only {@link IDP_RSA_JWK}. */
export const IDP_RSA_JWKS = { keys: [IDP_RSA_JWK] } as const;
