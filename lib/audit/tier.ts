import { metadataValue, templateMetadataValue } from './pod-spec';
import { K8sObject } from '../core/manifest';
import { RESTRICTED_PROFILE, TierProfile } from '../core/profile';
import { isSensitivity, SENSITIVITY_LABEL, Sensitivity } from '../core/sensitivity';

/** A workload's declared sensitivity tier and its profile. */
export interface DeclaredTier {
  /** The tier. */
  readonly sensitivity: Sensitivity;
  /** Where it was read from (dotted path of the label). */
  readonly path: string;
  /** The restricted profile's settings for the tier. */
  readonly profile: TierProfile;
}

/**
 * The tier a workload declares with the `kube-harden.io/sensitivity` label (pod template first, then the
 * object). Workloads without the label (anyone's manifests) have no tier: tier checks do not apply. A label (or
 * labels map) of the wrong JSON type is noted as unknown and declares no tier (no such value names one).
 */
export function declaredTier(object: K8sObject): DeclaredTier | undefined {
  // the template's label first, then the object's (both read before either is judged, as they always were)
  const fromTemplate = templateMetadataValue(object, 'labels', SENSITIVITY_LABEL);
  const own = metadataValue(object, 'labels', SENSITIVITY_LABEL);
  if (isSensitivity(fromTemplate)) {
    return { sensitivity: fromTemplate, path: `template.metadata.labels.${SENSITIVITY_LABEL}`, profile: RESTRICTED_PROFILE.tiers[fromTemplate] };
  }
  if (isSensitivity(own)) {
    return { sensitivity: own, path: `metadata.labels.${SENSITIVITY_LABEL}`, profile: RESTRICTED_PROFILE.tiers[own] };
  }
  return undefined;
}
