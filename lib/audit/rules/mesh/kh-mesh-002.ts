import { mtlsModeOf, specOf } from './istio';
import { objectAt, objectField, stringField } from '../../field-types';
import { ManifestRule, RuleViolation } from '../../rule';

const WEAK = ['PERMISSIVE', 'DISABLE'];

/**
 * KH-MESH-002: no PeerAuthentication (or port-level setting) accepts plaintext: no PERMISSIVE or DISABLE. A mode
 * (or `mtls`, `portLevelMtls` or port setting) of the wrong type is unknown.
 */
export const KH_MESH_002: ManifestRule = {
  id: 'KH-MESH-002',
  area: 'mesh',
  title: 'No PERMISSIVE or DISABLE mTLS',
  severity: 'error',
  guideSection: '4.2',
  controls: { nsa: ['Network separation and hardening: encryption'], mlps: ['8.1.4.1', '8.1.4.7', '8.1.4.8'] },
  remediation: 'Set mtls.mode (and every portLevelMtls mode) to STRICT once all clients are in the mesh.',
  appliesTo: ['PeerAuthentication'],
  check: (object) => {
    const out: RuleViolation[] = [];
    const mode = mtlsModeOf(object);
    if (WEAK.includes(mode)) {
      out.push({ message: `mTLS mode is ${mode}`, path: 'spec.mtls.mode' });
    }
    for (const [port, setting] of Object.entries(objectField(specOf(object), 'portLevelMtls', 'spec') ?? {})) {
      const portMode = stringField(objectAt(setting, 'spec.portLevelMtls', port), 'mode', `spec.portLevelMtls.${port}`);
      if (portMode !== undefined && WEAK.includes(portMode)) {
        out.push({ message: `port ${port} sets mTLS mode ${portMode}`, path: `spec.portLevelMtls.${port}.mode` });
      }
    }
    return out;
  },
};
