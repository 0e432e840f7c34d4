import { objectField, stringField } from '../../field-types';
import { ManifestRule } from '../../rule';

/** KH-RBAC-002: no binding grants the `cluster-admin` ClusterRole. */
export const KH_RBAC_002: ManifestRule = {
  id: 'KH-RBAC-002',
  area: 'rbac',
  title: 'No cluster-admin bindings',
  severity: 'error',
  guideSection: '4.1',
  controls: { cis: ['5.1.1'], nsa: ['Authentication and authorization'], mlps: ['8.1.4.2'] },
  remediation: 'Bind a Role (or ClusterRole) with only the permissions the subject needs instead of cluster-admin.',
  appliesTo: ['ClusterRoleBinding', 'RoleBinding'],
  check: (object) => {
    const ref = objectField(object, 'roleRef', '');
    return stringField(ref, 'kind', 'roleRef') === 'ClusterRole' && stringField(ref, 'name', 'roleRef') === 'cluster-admin'
      ? [{ message: 'the binding grants cluster-admin', path: 'roleRef.name' }]
      : [];
  },
};
