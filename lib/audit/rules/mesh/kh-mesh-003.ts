import { actionOf, rulesOf } from './istio';
import { listField } from '../../field-types';
import { ManifestRule } from '../../rule';

/**
 * KH-MESH-003: no ALLOW AuthorizationPolicy has an empty rule (`rules: [{}]` allows every request). An `action` of the
 * wrong type is unknown and read as ALLOW (its default); a `from`, `to` or `when` of the wrong type is unknown and
 * read as empty (the rule needs one to pass).
 */
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
    // (each list is read, so that one of the wrong type is noted)
    ['from', 'to', 'when'].map((k) => listField(rule, k, `spec.rules[${index}]`).length).every((length) => length === 0)
      ? [{ message: `rule ${index} is empty and allows every request`, path: `spec.rules[${index}]` }]
      : []))),
};
