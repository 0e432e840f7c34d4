import { actionOf, rulesOf } from './istio';
import { asArray } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/** KH-MESH-003: no ALLOW AuthorizationPolicy has an empty rule (`rules: [{}]` allows every request). */
export const KH_MESH_003: ManifestRule = {
  id: 'KH-MESH-003',
  area: 'mesh',
  title: 'No allow-all AuthorizationPolicy',
  severity: 'error',
  guideSection: '4.2',
  controls: { nsa: ['Authentication and authorization'], mlps: ['8.1.3.2', '8.1.4.2'] },
  remediation: 'Give every ALLOW rule a source (principals or namespaces) and an operation; keep the allow-nothing policy as the default.',
  appliesTo: ['AuthorizationPolicy'],
  check: (object) => (actionOf(object) !== 'ALLOW' ? [] : rulesOf(object).flatMap((rule, index) => (
    ['from', 'to', 'when'].every((k) => asArray(rule[k]).length === 0)
      ? [{ message: `rule ${index} is empty and allows every request`, path: `spec.rules[${index}]` }]
      : []))),
};
