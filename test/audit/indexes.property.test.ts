import * as fc from 'fast-check';
import { audit, createAuditContext, objectNamed, SelectorIndex, selectableLabels, selectorMatches } from '../../lib/audit';
import { appliesToPods, covers, overlaps, PodTarget } from '../../lib/audit/rules/mesh/istio';
import { IstioPolicyIndex } from '../../lib/audit/rules/mesh/istio-index';
import { KH_RUN_001 } from '../../lib/audit/rules/runtime/kh-run-001';
import { KH_WKL_003 } from '../../lib/audit/rules/workload/kh-wkl-003';
import { K8sObject, PAYMENT_LABEL } from '../../lib/core';

// The indexes only narrow the candidates: every lookup must return exactly what testing each item returns.
const KEYS = ['app', 'tier', 'version'];
const VALUES = ['a', 'b'];
const labelsArb = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });
const namespaceArb = fc.constantFrom('pay', 'istio-system', 'other');

// targetRefs to the kinds Istio attaches policies to and to others, of their groups and of others (`group` omitted,
// '' and `core` alike for the core group), e.g. Istio's networking.istio.io Gateway
const refOf = (name: fc.Arbitrary<unknown>) => fc.record({
  group: fc.constantFrom(undefined, '', 'core', 'gateway.networking.k8s.io', 'networking.istio.io'),
  kind: fc.constantFrom('Service', 'Gateway', 'GatewayClass', 'ServiceEntry'),
  name,
}, { requiredKeys: ['kind', 'name'] });

// Policies with a selector (AuthorizationPolicy `selector.matchLabels`, EnvoyFilter `workloadSelector.labels`) or with
// one or more targetRefs, repeats included (a policy must come back once).
const policyOf = (kind: 'AuthorizationPolicy' | 'EnvoyFilter') => fc.record({
  name: fc.string({ minLength: 1, maxLength: 4 }),
  namespace: namespaceArb,
  selector: fc.option(labelsArb, { nil: undefined }),
  targetRefs: fc.array(refOf(fc.constantFrom('api', 'waypoint', 'istio-waypoint')), { maxLength: 3 }),
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

/**
 * Checks that an IstioPolicyIndex of the `policies` in `target`'s namespace and istio-system returns exactly what
 * testing every one of them returns (applyingTo `target`; covering and overlapping `probe` moved to that namespace).
 */
function expectIndexExact(policies: K8sObject[], target: PodTarget, probe: K8sObject): void {
  const inScope = policies.filter((p) => p.metadata.namespace === target.namespace || p.metadata.namespace === 'istio-system');
  const index = new IstioPolicyIndex(inScope);
  const scopedProbe = { ...probe, metadata: { ...probe.metadata, namespace: target.namespace } };
  expect(index.applyingTo(target)).toEqual(inScope.filter((p) => appliesToPods(p, target)));
  expect(index.covering(scopedProbe)).toEqual(inScope.filter((p) => covers(p, scopedProbe)));
  expect(index.overlapping(scopedProbe)).toEqual(inScope.filter((p) => overlaps(p, scopedProbe)));
}

describe('IstioPolicyIndex |', () => {
  test('applyingTo, covering and overlapping return exactly what testing every policy returns, in order', () => {
    fc.assert(fc.property(fc.array(policyArb, { maxLength: 12 }), targetArb, policyArb, expectIndexExact), { numRuns: 200 });
  });

  test('applyingTo finds the EnvoyFilters (workloadSelector or targetRefs) that apply to pods exactly, in order', () => {
    fc.assert(fc.property(fc.array(policyOf('EnvoyFilter'), { maxLength: 12 }), targetArb, (filters, target) => {
      const inScope = filters.filter((p) => p.metadata.namespace === target.namespace || p.metadata.namespace === 'istio-system');
      expect(new IstioPolicyIndex(inScope).applyingTo(target)).toEqual(inScope.filter((p) => appliesToPods(p, target)));
    }), { numRuns: 200 });
  });
});

describe('IstioPolicyIndex | values set to null or of the wrong JSON type', () => {
  // selector values and pod labels as manifests may hold them: null (a selector's selects no pod; a pod label's reads
  // as ''), a number, an object; targetRefs of either form, items of the wrong type included
  const rawValueArb = fc.constantFrom<unknown>('a', 'b', '', null, 1, { a: 1 });
  const rawLabelsArb = fc.dictionary(fc.constantFrom(...KEYS), rawValueArb, { maxKeys: 3 });
  const refArb = fc.oneof(
    { weight: 4, arbitrary: refOf(fc.constantFrom<unknown>('api', 'waypoint', 'istio-waypoint', null)) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom<unknown>('Service', 1), name: fc.constantFrom<unknown>('api', null), namespace: fc.constantFrom<unknown>('pay', '', 1) }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('api', null) },
  );
  const weirdPolicyArb = fc.record({
    name: fc.string({ minLength: 1, maxLength: 4 }),
    namespace: namespaceArb,
    selector: fc.option(fc.oneof({ weight: 9, arbitrary: rawLabelsArb }, { weight: 1, arbitrary: fc.constantFrom<unknown>('app=a', ['a']) }), { nil: undefined }),
    targetRefs: fc.option(fc.oneof({ weight: 4, arbitrary: fc.array(refArb, { maxLength: 2 }) }, { weight: 1, arbitrary: fc.constant<unknown>('api') }), { nil: undefined }),
    targetRef: fc.option(refArb, { nil: undefined }),
  }).map(({ name, namespace, selector, targetRefs, targetRef }): K8sObject => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace },
    spec: {
      ...(selector !== undefined ? { selector: { matchLabels: selector } } : {}),
      ...(targetRefs !== undefined ? { targetRefs } : {}),
      ...(targetRef !== undefined ? { targetRef } : {}),
    },
  }));
  const weirdTargetArb = fc.record({
    namespace: fc.constantFrom('pay', 'other'),
    labels: rawLabelsArb.map((raw) => selectableLabels(raw, 'metadata.labels')),
    services: fc.subarray(['api', 'web']),
    waypoint: fc.option(fc.constantFrom('waypoint'), { nil: undefined }),
  }) as fc.Arbitrary<PodTarget>;

  test('applyingTo, covering and overlapping return exactly what testing every policy returns, in order', () => {
    fc.assert(fc.property(fc.array(weirdPolicyArb, { maxLength: 10 }), weirdTargetArb, weirdPolicyArb, expectIndexExact), { numRuns: 1000 });
  });
});

describe('Istio policy tests (what the index must match) |', () => {
  const ap = (name: string, spec: Record<string, unknown>): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: 'pay' }, spec });

  test('a policy attached by targetRef (the single form) neither covers nor overlaps a namespace-wide one, as with targetRefs', () => {
    const single = ap('single', { targetRef: { kind: 'Service', name: 'api' } });
    const list = ap('list', { targetRefs: [{ kind: 'Service', name: 'api' }] });
    const wide = ap('wide', {});
    for (const attached of [single, list]) {
      expect([covers(attached, wide), covers(wide, attached)]).toEqual([false, false]);
      expect([overlaps(attached, wide), overlaps(wide, attached)]).toEqual([false, false]);
    }
    expect(covers(single, ap('other', { targetRef: { kind: 'Service', name: 'web' } }))).toBe(false);
    expect(covers(single, ap('same', { targetRef: { kind: 'Service', name: 'api' } }))).toBe(true);
  });

  test('a Gateway targetRef without a name applies to no pods, also to pods without a waypoint', () => {
    const policy = ap('nameless', { targetRefs: [{ kind: 'Gateway', name: null }] });
    expect(appliesToPods(policy, { namespace: 'pay', labels: {}, services: [] })).toBe(false);
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

  test('a matchLabels value set to null (read as \'\') or of the wrong JSON type, and labels read by selectableLabels, come back exactly', () => {
    // raw values as manifests may hold them: the empty string, null (Kubernetes decodes it as ''), a number, an object
    const rawValueArb = fc.constantFrom<unknown>('a', '', null, 1, { a: 1 }, ['a']);
    const matchLabelsArb = fc.oneof(
      { weight: 9, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), rawValueArb, { maxKeys: 3 }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('app=a', ['app'], null) },
    );
    const selectorArb = fc.option(fc.record({ matchLabels: matchLabelsArb }), { nil: undefined });
    const rawLabelsArb = fc.oneof(
      { weight: 9, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), rawValueArb, { maxKeys: 3 }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('app=a', null) },
    );
    fc.assert(fc.property(fc.array(selectorArb, { maxLength: 12 }), rawLabelsArb, (selectors, rawLabels) => {
      const labels = selectableLabels(rawLabels, 'metadata.labels');
      const index = new SelectorIndex(selectors, (s) => s, (s, l) => selectorMatches(s, l));
      expect(index.selecting(labels)).toEqual(selectors.filter((s) => selectorMatches(s, labels)));
    }), { numRuns: 500 });
  });

  test('a pod labelled app: \'\' is offered to, and selected by, a selector whose matchLabels app is null', () => {
    const selector = { matchLabels: { app: null } };
    const index = new SelectorIndex([selector], (s) => s, (s, l) => selectorMatches(s, l));
    expect(selectorMatches(selector, { app: '' })).toBe(true);
    expect(index.selecting({ app: '' })).toEqual([selector]);
    expect(index.selecting(selectableLabels({ app: null }, 'metadata.labels'))).toEqual([selector]);
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

describe('per-audit indexes of the rules |', () => {
  const nameArb = fc.constantFrom('a', 'b', 'c');

  test('objectNamed returns what find returns (the first of the name), and throws like it on an object without metadata', () => {
    const accountArb = fc.oneof(
      { weight: 9, arbitrary: fc.record({ name: nameArb, namespace: fc.constantFrom('x', 'y') }).map(({ name, namespace }): K8sObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } })) },
      { weight: 1, arbitrary: fc.constant({ apiVersion: 'v1', kind: 'ServiceAccount' } as K8sObject) },
    );
    fc.assert(fc.property(fc.array(accountArb, { maxLength: 8 }), fc.constantFrom(undefined, 'x', 'y'), nameArb, (accounts, namespace, name) => {
      const context = createAuditContext(accounts, { allowedRegistries: [] });
      const scan = () => context.objectsOfKind('ServiceAccount', namespace).find((o) => o.metadata.name === name);
      let expected: K8sObject | undefined | Error;
      try {
        expected = scan();
      } catch (error) {
        expected = error as Error;
      }
      if (expected instanceof Error) {
        expect(() => objectNamed(context, 'ServiceAccount', namespace, name)).toThrow(expected.message);
      } else {
        // twice: the second lookup reads the index the first one built
        expect([objectNamed(context, 'ServiceAccount', namespace, name), objectNamed(context, 'ServiceAccount', namespace, name)]).toEqual([expected, expected]);
      }
    }), { numRuns: 300 });
  });

  test('KH-WKL-003 reads the replicas of the first autoscaler that targets the workload, as a scan of the namespace finds it', () => {
    const hpaArb = fc.record({ kind: fc.constantFrom('Deployment', 'StatefulSet'), name: nameArb, min: fc.integer({ min: 1, max: 3 }) })
      .map(({ kind, name, min }) => ({
        target: { kind, name, min },
        object: {
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: `${kind}-${name}`, namespace: 'x' },
          spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind, name }, minReplicas: min },
        } as K8sObject,
      }));
    const workloadArb = fc.record({ kind: fc.constantFrom('Deployment', 'StatefulSet'), name: nameArb }).map(({ kind, name }): K8sObject => ({
      apiVersion: 'apps/v1', kind, metadata: { name, namespace: 'x' }, spec: { replicas: 1, template: { spec: { containers: [] } } },
    }));
    fc.assert(fc.property(fc.array(workloadArb, { maxLength: 6 }), fc.array(hpaArb, { maxLength: 8 }), (workloads, hpas) => {
      const findings = audit([...workloads, ...hpas.map((h) => h.object)], { rules: [KH_WKL_003] }).findings;
      // what a scan of the autoscalers gives: the first that targets the workload sets its replicas
      const expected = workloads.flatMap((w) => {
        const hpa = hpas.find((h) => h.target.kind === w.kind && h.target.name === w.metadata.name);
        const replicas = hpa ? hpa.target.min : 1;
        return replicas >= 2 ? [] : [`${w.kind}/${w.metadata.name}: runs ${replicas} replica${replicas === 1 ? '' : 's'}`];
      });
      expect(findings.map((f) => `${f.object?.kind}/${f.object?.name}: ${f.message.split(';')[0]}`).sort()).toEqual(expected.sort());
    }), { numRuns: 200 });
  });

  test('KH-RUN-001 finds the allow-list policies of the namespace that select the pods, as a scan finds them', () => {
    const allowListArb = fc.record({ name: fc.string({ minLength: 1, maxLength: 3 }), selects: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('a', 'b'), { maxKeys: 2 }), namespace: fc.constantFrom('x', 'y'), kill: fc.boolean() })
      .map(({ name, selects, namespace, kill }) => ({
        selects,
        namespace,
        kill,
        object: {
          apiVersion: 'cilium.io/v1alpha1',
          kind: 'TracingPolicyNamespaced',
          metadata: { name, namespace },
          spec: {
            podSelector: { matchLabels: selects },
            kprobes: [{ call: 'security_bprm_check', selectors: [{ matchArgs: [{ index: 0, operator: 'NotEqual', values: ['/app'] }], matchActions: [{ action: kill ? 'Sigkill' : 'Post' }] }] }],
          },
        } as K8sObject,
      }));
    const workloadArb = fc.record({ name: nameArb, labels: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('a', 'b'), { maxKeys: 2 }) })
      .map(({ name, labels }) => {
        const podLabels = { ...labels, [PAYMENT_LABEL]: 'true' };
        return { name, podLabels, object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'x', labels: podLabels }, spec: { template: { metadata: { labels: podLabels }, spec: { containers: [] } } } } as K8sObject };
      });
    fc.assert(fc.property(
      fc.uniqueArray(workloadArb, { maxLength: 4, selector: (w) => w.name }),
      fc.array(allowListArb, { minLength: 1, maxLength: 8 }),
      (workloads, policies) => {
        const findings = audit([...workloads.map((w) => w.object), ...policies.map((p) => p.object)], { rules: [KH_RUN_001] }).findings;
        // a scan: the policies of the namespace that select the pods; enforced when one of them kills
        const expected = workloads.flatMap((w) => {
          const selecting = policies.filter((p) => p.namespace === 'x' && selectorMatches({ matchLabels: p.selects }, w.podLabels));
          const enforced = selecting.some((p) => p.kill);
          return enforced ? [] : [`${w.name}: ${selecting.length > 0 ? 'audits' : 'none'}`];
        });
        const actual = findings.map((f) => `${f.object?.name}: ${f.message.startsWith('the exec allow-list deployed') ? 'audits' : 'none'}`);
        expect(actual.sort()).toEqual(expected.sort());
      }), { numRuns: 200 });
  });
});
