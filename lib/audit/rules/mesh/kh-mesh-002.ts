import { mtlsModeOf, specOf } from './istio';
import { asObject } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const WEAK = ['PERMISSIVE', 'DISABLE'];

/** KH-MESH-002: no PeerAuthentication (or port-level setting) accepts plaintext: no PERMISSIVE or DISABLE. */
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
    for (const [port, setting] of Object.entries(asObject(specOf(object).portLevelMtls) ?? {})) {
      const portMode = asObject(setting)?.mode;
      if (WEAK.includes(String(portMode))) {
        out.push({ message: `port ${port} sets mTLS mode ${String(portMode)}`, path: `spec.portLevelMtls.${port}.mode` });
      }
    }
    return out;
  },
};
