/**
 * The peer candidates (`PeerCandidates`) only narrow the pairs the engine evaluates: for random policies whose peer
 * selectors hold values set to null, '', a number or an object, and pods labelled with such values, every workload a
 * rule's exact test admits is among the candidates of its policy.
 */
import * as fc from 'fast-check';
import { buildModel, Workload } from '../../../lib/audit/reach';
import { PeerCandidates } from '../../../lib/audit/reach/candidates';
import { ciliumRulePeerMatches, ciliumRules } from '../../../lib/audit/reach/cilium';
import { networkPolicyRuleAllows, networkPolicyRules } from '../../../lib/audit/reach/network-policy';
import { K8sObject } from '../../../lib/core';

const DIRECTIONS = ['ingress', 'egress'] as const;
const valueArb = fc.constantFrom<unknown>('a', '', null, 1, { a: 1 });
const labelsArb = fc.dictionary(fc.constantFrom('app', 'k8s:app', 'tier'), valueArb, { maxKeys: 2 });
const selectorArb = fc.record({ matchLabels: labelsArb }, { requiredKeys: [] });

function deployment(namespace: string, name: string, labels: unknown): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { template: { metadata: { labels }, spec: { containers: [{ name, image: 'x' }] } } },
  } as K8sObject;
}

const podLabelsArb = fc.dictionary(fc.constantFrom('app', 'tier'), valueArb, { maxKeys: 2 });

const policyArb = fc.tuple(fc.boolean(), fc.constantFrom('pay', 'other'), fc.array(selectorArb, { minLength: 1, maxLength: 2 }), fc.string({ minLength: 1, maxLength: 3 }))
  .map(([cilium, namespace, peers, name]): K8sObject => (cilium
    ? {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name, namespace },
      spec: { endpointSelector: {}, ingress: [{ fromEndpoints: peers }], egress: [{ toEndpoints: peers }] },
    }
    : {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: peers.map((podSelector) => ({ podSelector })) }] },
    }) as K8sObject);

describe('PeerCandidates |', () => {
  test('the candidates of a policy hold every workload its rules admit, for selector values and labels of any JSON type', () => {
    const arbs = [fc.array(podLabelsArb, { minLength: 1, maxLength: 4 }), fc.array(policyArb, { minLength: 1, maxLength: 3 })] as const;
    fc.assert(fc.property(...arbs, (labels, policies) => {
      const model = buildModel([...labels.map((l, i) => deployment(i % 2 === 0 ? 'pay' : 'other', `w${i}`, l)), ...policies]);
      const index = new PeerCandidates(model.workloads, model.namespaces);
      const check = (admits: (w: Workload) => boolean, candidates: (into: Set<Workload>) => 'all' | undefined) => {
        const into = new Set<Workload>();
        if (candidates(into) === 'all') return;
        for (const w of model.workloads.filter(admits)) expect(into.has(w) ? w.id : `${w.id} missing`).toBe(w.id);
      };
      for (const direction of DIRECTIONS) {
        for (const policy of model.ciliumPolicies) {
          const rules = ciliumRules(policy, direction, false);
          check((w) => rules.some((r) => ciliumRulePeerMatches(r, direction, policy, w)), (into) => index.cilium(policy, rules, direction, into));
        }
        for (const policy of model.networkPolicies) {
          const rules = networkPolicyRules(policy, direction);
          const any = { port: '*' as const, protocol: 'ANY' };
          const admits = (w: Workload) => rules.some((r) => networkPolicyRuleAllows(r, direction, policy, w, any));
          check(admits, (into) => index.networkPolicy(policy, rules, direction, into));
        }
      }
    }), { numRuns: 500 });
  });
});
