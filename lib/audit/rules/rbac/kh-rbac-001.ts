import { policyRules } from './rbac';
import { ManifestRule, RuleViolation } from '../../rule';

/** KH-RBAC-001: no Role or ClusterRole rule uses `*` for API groups, resources or verbs. */
export const KH_RBAC_001: ManifestRule = {
  id: 'KH-RBAC-001',
  area: 'rbac',
  title: 'No wildcard RBAC rules',
  severity: 'error',
  guideSection: '4.1',
  controls: { cis: ['5.1.3'], nsa: ['Authentication and authorization'], mlps: ['8.1.4.2'] },
  remediation: 'List the API groups, resources and verbs the subject needs instead of using a wildcard.',
  appliesTo: ['Role', 'ClusterRole'],
  check: (object) => policyRules(object).flatMap((rule): RuleViolation[] => {
    const wild = (['apiGroups', 'resources', 'verbs'] as const).filter((k) => rule[k].includes('*'));
    return wild.length === 0 ? [] : [{ message: `${rule.path} uses '*' in ${wild.join(', ')}`, path: rule.path }];
  }),
};
