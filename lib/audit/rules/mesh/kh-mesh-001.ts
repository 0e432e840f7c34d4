import { ISTIO_ROOT_NAMESPACE, istioSelector, mtlsModeOf } from './istio';
import { ManifestRule } from '../../rule';

/**
 * KH-MESH-001: the namespace requires STRICT mTLS: a namespace-wide PeerAuthentication with mode STRICT,
 * or none (or UNSET) and a mesh-wide STRICT one in the root namespace.
 */
export const KH_MESH_001: ManifestRule = {
  id: 'KH-MESH-001',
  area: 'mesh',
  title: 'Namespace requires STRICT mTLS',
  severity: 'error',
  guideSection: '4.2',
  controls: { nsa: ['Network separation and hardening: encryption'], mlps: ['8.1.4.1', '8.1.4.7', '8.1.4.8'] },
  remediation: 'Add a PeerAuthentication without selector and with mtls.mode STRICT to the namespace (ZeroTrustNamespace does).',
  appliesTo: ['Namespace'],
  check: (object, context) => {
    const namespaceWide = (ns: string) => context.objectsOfKind('PeerAuthentication', ns).filter((p) => istioSelector(p) === undefined);
    const own = namespaceWide(object.metadata.name).map(mtlsModeOf).filter((m) => m !== 'UNSET');
    if (own.length > 0) {
      return own.every((m) => m === 'STRICT') ? [] : [{ message: `the namespace's PeerAuthentication sets mTLS mode ${own.filter((m) => m !== 'STRICT').join(', ')}` }];
    }
    const meshWide = namespaceWide(ISTIO_ROOT_NAMESPACE).map(mtlsModeOf);
    return meshWide.includes('STRICT') ? [] : [{ message: 'no namespace-wide or mesh-wide PeerAuthentication requires STRICT mTLS' }];
  },
};
