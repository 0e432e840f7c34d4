import { actionOf, allowRequiresJwt, overlaps, ruleRequiresJwt, rulesOf } from './istio';
import { istioPolicies } from './istio-index';
import { K8sObject, objectKey } from '../../../core/manifest';
import { readOf } from '../../field-types';
import { ManifestRule } from '../../rule';

/** Whether `other` is an ALLOW policy on the workloads of `jwtPolicy` with a rule that admits requests without a JWT, as its fields read. */
function bypasses(other: K8sObject, jwtPolicy: K8sObject): boolean {
  return objectKey(other) !== objectKey(jwtPolicy) && actionOf(other) === 'ALLOW' && overlaps(other, jwtPolicy)
    && readOf(other, () => rulesOf(other).some((r, index) => !ruleRequiresJwt(r, `spec.rules[${index}]`)));
}

/**
 * KH-MESH-005: an ALLOW policy that requires a JWT is not defeated by another ALLOW policy on the same
 * workloads whose rules admit requests without one (Istio ORs ALLOW policies). Fields of the wrong type are unknown
 * (the other policy's named with it), and read as found.
 */
export const KH_MESH_005: ManifestRule = {
  id: 'KH-MESH-005',
  area: 'mesh',
  title: 'JWT requirement is not bypassed by another ALLOW policy',
  severity: 'error',
  guideSection: '4.2',
  controls: { nsa: ['Authentication and authorization'], mlps: ['8.1.4.1', '8.1.3.2'] },
  remediation: "Put requestPrincipals into every ALLOW rule of the workload, or require the JWT with a DENY policy (notRequestPrincipals: ['*']).",
  appliesTo: ['AuthorizationPolicy'],
  check: (object, context) => {
    if (!allowRequiresJwt(object)) {
      return [];
    }
    return istioPolicies(context, 'AuthorizationPolicy', object.metadata.namespace).overlapping(object)
      .filter((other) => bypasses(other, object))
      .map((other) => ({
        message: `AuthorizationPolicy ${other.metadata.namespace}/${other.metadata.name} also allows these workloads without a JWT, so this policy's JWT requirement is bypassed`,
        path: 'spec.rules',
      }));
  },
};
