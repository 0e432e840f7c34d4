import { createPublicKey } from 'node:crypto';
import { RELEASE_KEY } from '../../examples/shared/payment-platform';

describe('examples/shared: the release cosign key', () => {
  test('is an ECDSA P-256 public key that node:crypto parses (cosign generate-key-pair writes P-256 SPKI PEM)', () => {
    // The key was generated with crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }); a PEM that only looks
    // like a key (the regular expression the library checks) would fail to parse here.
    const key = createPublicKey(RELEASE_KEY);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
  });
});
