import { asObject } from '../../pod-spec';
import { ManifestRule } from '../../rule';

const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;
const PRIVATE_KEY_BASE64 = 'LS0tLS1CRUdJTi';

/** KH-SEC-002: no ConfigMap holds a PEM private key (in `data`, or base64 in `binaryData`). */
export const KH_SEC_002: ManifestRule = {
  id: 'KH-SEC-002',
  area: 'secrets',
  title: 'No private keys in ConfigMaps',
  severity: 'error',
  guideSection: '4.2',
  controls: { cis: ['5.4.1'], nsa: ['Network separation and hardening: secrets'], mlps: ['8.1.4.8'] },
  remediation: 'Store private keys in a Secret (or an external secret store), never in a ConfigMap.',
  appliesTo: ['ConfigMap'],
  check: (object) => [
    ...Object.entries(asObject(object.data) ?? {})
      .filter(([, value]) => typeof value === 'string' && PRIVATE_KEY.test(value))
      .map(([key]) => ({ message: `data key '${key}' holds a private key`, path: `data.${key}` })),
    ...Object.entries(asObject(object.binaryData) ?? {})
      .filter(([, value]) => typeof value === 'string' && value.startsWith(PRIVATE_KEY_BASE64)
        && PRIVATE_KEY.test(Buffer.from(value, 'base64').toString('latin1')))
      .map(([key]) => ({ message: `binaryData key '${key}' holds a private key`, path: `binaryData.${key}` })),
  ],
};
