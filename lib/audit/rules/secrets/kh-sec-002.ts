import { K8sObject } from '../../../core/manifest';
import { objectField, stringAt } from '../../field-types';
import { ManifestRule } from '../../rule';

const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;
const PRIVATE_KEY_BASE64 = 'LS0tLS1CRUdJTi';

/** The string values of the ConfigMap's map `field` (`data` or `binaryData`) by key; a map or value of the wrong type is noted. */
function entries(object: K8sObject, field: string): [string, string][] {
  return Object.entries(objectField(object, field, '') ?? {}).flatMap(([key, value]): [string, string][] => {
    const text = typeof value === 'string' ? value : stringAt(value, field, key);
    return text === undefined ? [] : [[key, text]];
  });
}

/**
 * KH-SEC-002: no ConfigMap holds a PEM private key (in `data`, or base64 in `binaryData`). A map or value of the wrong
 * type (`data: [...]`, a number) is unknown.
 */
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
    ...entries(object, 'data')
      .filter(([, value]) => PRIVATE_KEY.test(value))
      .map(([key]) => ({ message: `data key '${key}' holds a private key`, path: `data.${key}` })),
    ...entries(object, 'binaryData')
      .filter(([, value]) => value.startsWith(PRIVATE_KEY_BASE64) && PRIVATE_KEY.test(Buffer.from(value, 'base64').toString('latin1')))
      .map(([key]) => ({ message: `binaryData key '${key}' holds a private key`, path: `binaryData.${key}` })),
  ],
};
