import * as fc from 'fast-check';
import { SelectorIndex, selectorMatches } from '../../lib/audit';
import { appliesToPods, covers, overlaps, PodTarget } from '../../lib/audit/rules/mesh/istio';
import { IstioPolicyIndex } from '../../lib/audit/rules/mesh/istio-index';
import { K8sObject } from '../../lib/core';

// The indexes only narrow the candidates: every lookup must return exactly what testing each item returns.
const KEYS = ['app', 'tier', 'version'];
const VALUES = ['a', 'b'];
const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });
const namespaceArb = fc.constantFrom('pay', 'istio-system', 'other');

// Policies with a selector (AuthorizationPolicy `selector.matchLabels`, EnvoyFilter `workloadSelector.labels`) or with
// one or more targetRefs, repeats included (a policy must come back once).
const policyOf = (kind: 'AuthorizationPolicy' | 'EnvoyFilter') => fc.record({
  name: fc.string({ minLength: 1, maxLength: 4 }),
  namespace: namespaceArb,
  selector: fc.option(labelsArb, { nil: undefined }),
  targetRefs: fc.array(fc.record({ kind: fc.constantFrom('Service', 'Gateway'), name: fc.constantFrom('api', 'waypoint') }), { maxLength: 3 }),
}).map(({ name, namespace, selector, targetRefs }): K8sObject => {
  const selectorField = kind === 'EnvoyFilter' ? { workloadSelector: { labels: selector } } : { selector: { matchLabels: selector } };
  return {
    apiVersion: kind === 'EnvoyFilter' ? 'networking.istio.io/v1alpha3' : 'security.istio.io/v1',
    kind,
    metadata: { name, namespace },
    spec: { ...(targetRefs.length > 0 ? { targetRefs } : selector ? selectorField : {}) },
  };
});
const policyArb = policyOf('AuthorizationPolicy');

const targetArb = fc.record({
  namespace: fc.constantFrom('pay', 'other'),
  labels: labelsArb,
  services: fc.subarray(['api', 'web']),
  waypoint: fc.option(fc.constantFrom('waypoint'), { nil: undefined }),
}) as fc.Arbitrary<PodTarget>;

describe('IstioPolicyIndex |', () => {
  test('applyingTo, covering and overlapping return exactly what testing every policy returns, in order', () => {
    fc.assert(fc.property(fc.array(policyArb, { maxLength: 12 }), targetArb, policyArb, (policies, target, probe) => {
      const inScope = policies.filter((p) => p.metadata.namespace === target.namespace || p.metadata.namespace === 'istio-system');
      const index = new IstioPolicyIndex(inScope);
      const scopedProbe = { ...probe, metadata: { ...probe.metadata, namespace: target.namespace } };
      expect(index.applyingTo(target)).toEqual(inScope.filter((p) => appliesToPods(p, target)));
      expect(index.covering(scopedProbe)).toEqual(inScope.filter((p) => covers(p, scopedProbe)));
      expect(index.overlapping(scopedProbe)).toEqual(inScope.filter((p) => overlaps(p, scopedProbe)));
    }), { numRuns: 200 });
  });

  test('applyingTo finds the EnvoyFilters (workloadSelector or targetRefs) that apply to pods exactly, in order', () => {
    fc.assert(fc.property(fc.array(policyOf('EnvoyFilter'), { maxLength: 12 }), targetArb, (filters, target) => {
      const inScope = filters.filter((p) => p.metadata.namespace === target.namespace || p.metadata.namespace === 'istio-system');
      expect(new IstioPolicyIndex(inScope).applyingTo(target)).toEqual(inScope.filter((p) => appliesToPods(p, target)));
    }), { numRuns: 200 });
  });
});

describe('SelectorIndex |', () => {
  test('selecting returns exactly the items whose selector matches the labels, in order', () => {
    const selectorArb = fc.option(fc.record({
      matchLabels: labelsArb,
      matchExpressions: fc.array(fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.subarray(VALUES) }), { maxLength: 2 }),
    }), { nil: undefined });
    fc.assert(fc.property(fc.array(selectorArb, { maxLength: 12 }), labelsArb, (selectors, labels) => {
      const index = new SelectorIndex(selectors, (s) => s, (s, l) => selectorMatches(s, l));
      expect(index.selecting(labels)).toEqual(selectors.filter((s) => selectorMatches(s, labels)));
    }), { numRuns: 200 });
  });

  test('with lookup labels (more labels, e.g. the Cilium namespace label), items matched against either come back exactly', () => {
    // keys with Cilium source prefixes too; items matched against the lookup labels (Cilium rules) or the pod's own
    const keyArb = fc.constantFrom(...KEYS, 'k8s:app', 'any:tier', 'ns');
    const selectorArb = fc.option(fc.record({ matchLabels: fc.dictionary(keyArb, fc.constantFrom(...VALUES), { maxKeys: 3 }) }), { nil: undefined });
    const itemArb = fc.record({ selector: selectorArb, againstLookup: fc.boolean() });
    fc.assert(fc.property(fc.array(itemArb, { maxLength: 12 }), labelsArb, fc.constantFrom(...VALUES), (items, labels, namespace) => {
      const lookup = { ...labels, ns: namespace };
      const test = (item: typeof items[number], l: Readonly<Record<string, string>>, withNamespace: Readonly<Record<string, string>>) =>
        selectorMatches(item.selector, item.againstLookup ? withNamespace : l);
      const index = new SelectorIndex(items, (item) => item.selector, test);
      expect(index.selecting(labels, lookup)).toEqual(items.filter((item) => test(item, labels, lookup)));
    }), { numRuns: 300 });
  });
});
