import { ownField, shownValue, stringAt } from '../../field-types';
import { metadataMap } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** Label that sets the Pod Security Admission enforce level. */
export const PSA_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/** KH-NS-001: the namespace enforces Pod Security `restricted` (PSA defaults to privileged when unlabelled). */
export const KH_NS_001: ManifestRule = {
  id: 'KH-NS-001',
  area: 'namespace',
  title: 'Namespace enforces Pod Security restricted',
  severity: 'error',
  guideSection: '4.1',
  controls: { cis: ['5.2.1', '5.7.1'], nsa: ['Kubernetes Pod security: pod security enforcement'], mlps: ['8.1.4.2'] },
  remediation: "Label the namespace 'pod-security.kubernetes.io/enforce: restricted' (and audit and warn likewise).",
  appliesTo: ['Namespace'],
  check: (object) => {
    const level = ownField(metadataMap(object, 'labels'), PSA_ENFORCE_LABEL);
    // a level of the wrong type (`true`) is noted (unknown) and fails: only the string restricted passes
    return stringAt(level, 'metadata.labels', PSA_ENFORCE_LABEL) === 'restricted' ? [] : [{
      message: level === undefined || level === null
        ? 'the namespace has no Pod Security enforce label (PSA defaults to privileged)'
        : `the namespace enforces Pod Security ${shownValue(level)}`,
      path: `metadata.labels.${PSA_ENFORCE_LABEL}`,
    }];
  },
};
