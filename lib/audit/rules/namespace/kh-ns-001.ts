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
    const level = object.metadata.labels?.[PSA_ENFORCE_LABEL];
    return level === 'restricted' ? [] : [{
      message: level === undefined ? 'the namespace has no Pod Security enforce label (PSA defaults to privileged)' : `the namespace enforces Pod Security '${level}'`,
      path: `metadata.labels.${PSA_ENFORCE_LABEL}`,
    }];
  },
};
