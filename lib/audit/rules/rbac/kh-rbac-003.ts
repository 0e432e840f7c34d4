import { grants, policyRules } from './rbac';
import { ManifestRule } from '../../rule';

/** KH-RBAC-003: no Role or ClusterRole lets its subjects exec into pods (`create`/`get` on `pods/exec`). */
export const KH_RBAC_003: ManifestRule = {
  id: 'KH-RBAC-003',
  area: 'rbac',
  title: 'No pods/exec permission',
  severity: 'warning',
  guideSection: '3.2',
  controls: { cis: ['5.1.8'], nsa: ['Authentication and authorization'], mlps: ['8.1.4.2'] },
  remediation: 'Remove pods/exec from the role; grant it only to a break-glass role that is audited.',
  appliesTo: ['Role', 'ClusterRole'],
  check: (object) => policyRules(object)
    .filter((rule) => grants(rule, 'pods/exec', ['create', 'get']))
    .map((rule) => ({ message: `${rule.path} allows exec into pods`, path: rule.path })),
};
