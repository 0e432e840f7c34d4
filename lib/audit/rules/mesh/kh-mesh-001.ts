import { ISTIO_ROOT_NAMESPACE, istioSelector, mtlsModeOf } from './istio';
import { unlessWronglyTyped } from '../../field-types';
import { AuditContext, ManifestRule } from '../../rule';

/** How the mode of a PeerAuthentication with a field of the wrong type shows (see `namespaceWideModes`). */
const REJECTED = '(none: a field is of the wrong type)';

/**
 * The mTLS mode of each namespace-wide PeerAuthentication of `namespace`. One with a selector or mode of the wrong
 * type (noted as its field) counts as namespace-wide, with the mode `REJECTED`: Kubernetes rejects it, and the rule
 * needs STRICT to pass.
 */
function namespaceWideModes(context: AuditContext, namespace: string): string[] {
  return context.objectsOfKind('PeerAuthentication', namespace)
    .flatMap((p) => unlessWronglyTyped(() => (istioSelector(p) === undefined ? [mtlsModeOf(p)] : []), [REJECTED]));
}

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
    const own = namespaceWideModes(context, object.metadata.name).filter((m) => m !== 'UNSET');
    if (own.length > 0) {
      return own.every((m) => m === 'STRICT') ? [] : [{ message: `the namespace's PeerAuthentication sets mTLS mode ${own.filter((m) => m !== 'STRICT').join(', ')}` }];
    }
    const meshWide = namespaceWideModes(context, ISTIO_ROOT_NAMESPACE);
    return meshWide.includes('STRICT') ? [] : [{ message: 'no namespace-wide or mesh-wide PeerAuthentication requires STRICT mTLS' }];
  },
};
