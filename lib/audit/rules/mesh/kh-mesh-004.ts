import { allowRequiresJwt, denyWithoutJwt } from './istio';
import { istioPolicies } from './istio-index';
import { ManifestRule } from '../../rule';

/**
 * KH-MESH-004: a RequestAuthentication is paired with an AuthorizationPolicy covering the same workloads
 * that requires a request principal (ALLOW with `requestPrincipals`, or DENY with `notRequestPrincipals`):
 * alone it lets requests without a token through.
 */
export const KH_MESH_004: ManifestRule = {
  id: 'KH-MESH-004',
  area: 'mesh',
  title: 'RequestAuthentication is paired with a policy requiring a principal',
  severity: 'error',
  guideSection: '4.2',
  controls: { nsa: ['Authentication and authorization'], mlps: ['8.1.4.1'] },
  remediation: "Add an AuthorizationPolicy for the same workloads that requires requestPrincipals: ['*'] (or denies notRequestPrincipals: ['*']).",
  appliesTo: ['RequestAuthentication'],
  check: (object, context) => {
    const namespace = object.metadata.namespace;
    const policies = istioPolicies(context, 'AuthorizationPolicy', namespace);
    if (policies.covering(object).some((p) => allowRequiresJwt(p) || denyWithoutJwt(p))) {
      return [];
    }
    if (policies.all.length === 0 && (namespace === undefined || context.namespace(namespace) === undefined)) {
      return [{ message: 'no AuthorizationPolicy of the namespace is part of the audit, so the JWT requirement cannot be checked', unknown: true }];
    }
    return [{ message: 'no AuthorizationPolicy requires a request principal for these workloads: requests without a token are accepted' }];
  },
};
