import { grants, policyRules, READ_VERBS, SECRET_READING_BUILTIN_ROLES } from './rbac';
import { objectNamed } from '../../context';
import { objectField, readOf, stringField } from '../../field-types';
import { ManifestRule } from '../../rule';

/**
 * KH-RBAC-004: no ClusterRoleBinding grants reading Secrets cluster-wide. The bound ClusterRole is looked
 * up in the audit (built-in cluster-admin, admin and edit are known); a role not in the audit is unknown.
 */
export const KH_RBAC_004: ManifestRule = {
  id: 'KH-RBAC-004',
  area: 'rbac',
  title: 'No cluster-wide secret read',
  severity: 'error',
  guideSection: '4.1',
  controls: { cis: ['5.1.2'], nsa: ['Authentication and authorization'], mlps: ['8.1.4.2', '8.1.4.8'] },
  remediation: 'Grant Secret access with a namespaced RoleBinding, limited to named Secrets (resourceNames).',
  appliesTo: ['ClusterRoleBinding'],
  check: (object, context) => {
    const ref = objectField(object, 'roleRef', '');
    if (stringField(ref, 'kind', 'roleRef') !== 'ClusterRole') {
      return [];
    }
    // (a name of the wrong type is noted, and no ClusterRole has it: unknown)
    const name = stringField(ref, 'name', 'roleRef') ?? '';
    if (SECRET_READING_BUILTIN_ROLES.includes(name)) {
      return [{ message: `the built-in ClusterRole '${name}' reads Secrets in every namespace`, path: 'roleRef.name' }];
    }
    const role = objectNamed(context, 'ClusterRole', undefined, name);
    if (role === undefined) {
      return [{ message: `ClusterRole '${name}' is not part of the audit, so its Secret access cannot be checked`, path: 'roleRef.name', unknown: true }];
    }
    // (the role's fields of the wrong type are noted as its own)
    return readOf(role, () => policyRules(role)).some((rule) => grants(rule, 'secrets', READ_VERBS))
      ? [{ message: `ClusterRole '${name}' reads Secrets, and this binding grants it in every namespace`, path: 'roleRef.name' }]
      : [];
  },
};
