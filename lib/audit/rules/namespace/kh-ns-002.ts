import { ownField, shownValue, stringAt } from '../../field-types';
import { metadataMap } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** Label that pins the Pod Security Admission enforce version. */
export const PSA_ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** KH-NS-002: the PSA enforce version is pinned to a minor (`latest` picks up new checks on upgrade). */
export const KH_NS_002: ManifestRule = {
  id: 'KH-NS-002',
  area: 'namespace',
  title: 'Pod Security version is pinned',
  severity: 'warning',
  guideSection: '4.1',
  controls: { nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.4.2'] },
  remediation: "Label the namespace 'pod-security.kubernetes.io/enforce-version: v1.<minor>' with your cluster's minor version.",
  appliesTo: ['Namespace'],
  check: (object) => {
    const version = ownField(metadataMap(object, 'labels'), PSA_ENFORCE_VERSION_LABEL);
    // a version of the wrong type (`1.29` unquoted, `[v1.29]`) is noted (unknown) and fails: it pins nothing
    return /^v1\.\d+$/.test(stringAt(version, 'metadata.labels', PSA_ENFORCE_VERSION_LABEL) ?? '') ? [] : [{
      message: version === undefined || version === null
        ? 'the Pod Security enforce version is not pinned (it follows latest)'
        : `the Pod Security enforce version is ${shownValue(version)}`,
      path: `metadata.labels.${PSA_ENFORCE_VERSION_LABEL}`,
    }];
  },
};
