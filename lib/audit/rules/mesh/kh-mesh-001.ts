import { ISTIO_ROOT_NAMESPACE, istioSelector, mtlsModeOf } from './istio';
import { K8sObject } from '../../../core/manifest';
import { MESH_LABELS } from '../../../core/mesh';
import { stringField, unlessWronglyTyped } from '../../field-types';
import { metadataMap } from '../../pod-spec';
import { AuditContext, ManifestRule, RuleViolation } from '../../rule';

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
 * The namespace's opt-out of the mesh, if its labels make one: an `istio-injection` label of any value but `enabled`
 * turns every Istio sidecar injector off for it (the default revision's needs `enabled`; the revision (`istio.io/rev`),
 * object-selector and inject-by-default ones need no `istio-injection` label at all), and unless it is ambient
 * (`istio.io/dataplane-mode: ambient`) its pods then get no proxy to enforce mTLS with.
 */
function meshOptOut(object: K8sObject): RuleViolation[] {
  const labels = metadataMap(object, 'labels');
  const injection = stringField(labels, MESH_LABELS.injection, 'metadata.labels');
  if (injection === undefined || injection === 'enabled' || stringField(labels, MESH_LABELS.dataplaneMode, 'metadata.labels') === 'ambient') {
    return [];
  }
  const revision = stringField(labels, MESH_LABELS.revision, 'metadata.labels');
  const also = revision === undefined ? '' : ` (the injector of istio.io/rev '${revision}' included)`;
  return [{
    message: `the namespace's istio-injection label '${injection}' turns off every Istio sidecar injector${also}, and the namespace is not ambient: its pods get no proxy, so STRICT mTLS is not enforced on them`,
    path: `metadata.labels.${MESH_LABELS.injection}`,
  }];
}

/** The namespace's PeerAuthentication problems: none when it (or, without one, the mesh-wide one) requires STRICT mTLS. */
function strictMtls(object: K8sObject, context: AuditContext): RuleViolation[] {
  const own = namespaceWideModes(context, object.metadata.name).filter((m) => m !== 'UNSET');
  if (own.length > 0) {
    return own.every((m) => m === 'STRICT') ? [] : [{ message: `the namespace's PeerAuthentication sets mTLS mode ${own.filter((m) => m !== 'STRICT').join(', ')}` }];
  }
  const meshWide = namespaceWideModes(context, ISTIO_ROOT_NAMESPACE);
  return meshWide.includes('STRICT') ? [] : [{ message: 'no namespace-wide or mesh-wide PeerAuthentication requires STRICT mTLS' }];
}

/**
 * KH-MESH-001: the namespace requires STRICT mTLS: a namespace-wide PeerAuthentication with mode STRICT, or none (or
 * UNSET) and a mesh-wide STRICT one in the root namespace; and its labels do not opt it out of the mesh (an
 * `istio-injection` label other than `enabled` on a namespace that is not ambient: Istio's injector webhooks,
 * istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml). A namespace without
 * mesh labels (anyone's manifests) is judged by its PeerAuthentication alone: its pods may be meshed by their own
 * labels or by Istio's inject-by-default setting, which the audit cannot see.
 */
export const KH_MESH_001: ManifestRule = {
  id: 'KH-MESH-001',
  area: 'mesh',
  title: 'Namespace requires STRICT mTLS',
  severity: 'error',
  guideSection: '4.2',
  controls: { nsa: ['Network separation and hardening: encryption'], mlps: ['8.1.4.1', '8.1.4.7', '8.1.4.8'] },
  remediation: 'Add a PeerAuthentication without selector and with mtls.mode STRICT to the namespace, and remove an istio-injection label whose value is not enabled (ZeroTrustNamespace does both).',
  appliesTo: ['Namespace'],
  check: (object, context) => [...meshOptOut(object), ...strictMtls(object, context)],
};
