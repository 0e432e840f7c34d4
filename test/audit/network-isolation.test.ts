import * as path from 'path';
import { FIXTURES_DIR, findingsOf, loadYaml } from './helpers';
import { audit, findingStatus } from '../../lib/audit';
import { K8sObject } from '../../lib/core';

/**
 * KH-NET-001 judges ingress and egress isolation separately.
 * Kubernetes (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod is isolated for
 * egress only when a NetworkPolicy that selects it has "Egress" in its policyTypes (unset: Ingress, plus Egress when
 * the policy has egress rules). Cilium (https://docs.cilium.io/en/stable/security/policy/intro/, default mode): an
 * endpoint goes into default deny for a direction when a rule selecting it has a section for that direction.
 * Polaris' missingNetworkPolicy likewise wants a policy with ingress and egress rules.
 */
const directions = (fixture: string): string[][] => findingsOf(audit(loadYaml(path.join(FIXTURES_DIR, 'KH-NET-001', fixture))), 'KH-NET-001')
  .map((f) => [findingStatus(f), f.message.split(':')[0]]);

describe('KH-NET-001 ingress and egress isolation |', () => {
  test.each(['fail-ingress-only.yaml', 'fail-cilium-ingress-only.yaml'])('%s: a pod selected only by ingress policies gets one egress finding', (fixture) => {
    expect(directions(fixture)).toEqual([['error', 'egress is open']]);
  });

  test('a policy selecting other pods leaves both directions open', () => {
    expect(directions('fail-other-pods.yaml')).toEqual([['error', 'egress is open'], ['error', 'ingress is open']]);
  });

  test.each(['pass-namespace-deny.yaml', 'pass-cilium.yaml'])('%s: both directions isolated, no finding', (fixture) => {
    expect(directions(fixture)).toEqual([]);
  });

  // (Kubernetes rejects a label that is not a string; a NotIn or Exists requirement on its key selected the pods, and
  // the workload passed)
  test.each([
    ['NotIn', { key: 'tier', operator: 'NotIn', values: ['public'] }],
    ['Exists', { key: 'tier', operator: 'Exists' }],
  ])('a pod label of the wrong type is unknown and meets no %s requirement: the pods are not isolated', (_operator, requirement) => {
    const objects = (tier: unknown): K8sObject[] => [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop' },
        spec: { template: { metadata: { labels: { app: 'api', tier } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny', namespace: 'shop' },
        spec: { podSelector: { matchExpressions: [requirement] }, policyTypes: ['Ingress', 'Egress'] },
      },
    ];
    expect(findingsOf(audit(objects('internal')), 'KH-NET-001')).toEqual([]);
    const findings = findingsOf(audit(objects(true)), 'KH-NET-001').map((f) => [findingStatus(f), f.path, f.message.split(':')[0]]);
    expect(findings.sort()).toEqual([
      ['error', 'spec.template.metadata.labels', 'egress is open'],
      ['error', 'spec.template.metadata.labels', 'ingress is open'],
      ['unknown', 'spec.template.metadata.labels.tier', 'spec.template.metadata.labels.tier is a boolean, not a string'],
    ]);
  });

  test('the egress finding names the policies that select the pods', () => {
    const [finding] = findingsOf(audit(loadYaml(path.join(FIXTURES_DIR, 'KH-NET-001', 'fail-ingress-only.yaml'))), 'KH-NET-001');
    expect(finding.message).toBe('egress is open: the policies selecting the pods (NetworkPolicy api-ingress) do not restrict egress');
    expect(finding.path).toBe('spec.template.metadata.labels');
  });
});
