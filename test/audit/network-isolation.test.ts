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

  // (review helper-43: a Cilium policy matched a copy of the labels with the namespace label added, which no longer
  // was the unselectable map, and a template metadata of the wrong type read as no labels: an empty selector selected
  // the pods, and the workload passed, only unknown)
  test.each([
    ['labels', { labels: ['role'] }, 'spec.template.metadata.labels is a list, not an object', {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'deny', namespace: 'shop' },
      spec: { endpointSelector: {}, ingress: [{ fromEntities: ['cluster'] }], egress: [{ toEntities: ['cluster'] }] },
    }],
    ['metadata', 'role', 'spec.template.metadata is a string, not an object', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    }],
  ])('a pod template whose %s is of the wrong type is selected by no policy, not even one with an empty selector', (_field, metadata, unknown, policy) => {
    const objects: K8sObject[] = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop' },
        spec: { template: { metadata, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } } as never,
      },
      policy as K8sObject,
    ];
    const findings = findingsOf(audit(objects), 'KH-NET-001').map((f) => [findingStatus(f), f.message.split(':')[0]]);
    expect(findings.sort()).toEqual([['error', 'egress is open'], ['error', 'ingress is open'], ['unknown', unknown]]);
  });

  // (review: a pod label of the wrong type meets no requirement on its key, but a labels map of the wrong type read as
  // empty, so DoesNotExist and NotIn requirements selected the pods and the workload passed, only unknown)
  test.each([
    ['DoesNotExist', { key: 'tier', operator: 'DoesNotExist' }],
    ['NotIn', { key: 'tier', operator: 'NotIn', values: ['public'] }],
  ])('a pod labels map of the wrong type meets no %s requirement: the pods are not isolated', (_operator, requirement) => {
    const objects = (labels: unknown): K8sObject[] => [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop' },
        spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny', namespace: 'shop' },
        spec: { podSelector: { matchExpressions: [requirement] }, policyTypes: ['Ingress', 'Egress'] },
      },
    ];
    // (correctly typed, tier: public is not selected, and the pods are open)
    expect(findingsOf(audit(objects({ app: 'api', tier: 'public' })), 'KH-NET-001').map((f) => f.message.split(':')[0]))
      .toEqual(['egress is open', 'ingress is open']);
    const findings = findingsOf(audit(objects('app=api,tier=public')), 'KH-NET-001').map((f) => [findingStatus(f), f.message.split(':')[0]]);
    expect(findings.sort()).toEqual([
      ['error', 'egress is open'],
      ['error', 'ingress is open'],
      ['unknown', 'spec.template.metadata.labels is a string, not an object'],
    ]);
  });

  // (review: Kubernetes decodes a null label value as "" (encoding/json keeps a map's zero value for null): a valid,
  // present label that NotIn and Exists requirements select, as they did at c65db75; it now met no requirement on its
  // key, and the valid workload was open, with no unknown to say why)
  test.each([
    ['NotIn', { key: 'tier', operator: 'NotIn', values: ['public'] }],
    ['Exists', { key: 'tier', operator: 'Exists' }],
  ])('a pod label set to null is present with the empty value, as Kubernetes decodes it: a %s requirement on its key selects the pods', (_operator, requirement) => {
    const objects: K8sObject[] = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'api', namespace: 'shop' },
        spec: { template: { metadata: { labels: { app: 'api', tier: null } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      } as never,
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny', namespace: 'shop' },
        spec: { podSelector: { matchExpressions: [requirement] }, policyTypes: ['Ingress', 'Egress'] },
      },
    ];
    expect(findingsOf(audit(objects), 'KH-NET-001')).toEqual([]);
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

/** A Namespace and a Deployment of it (pods labelled `app: api`), for the policies below. */
const shop = (): K8sObject[] => [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  },
];

const networkPolicy = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'api', namespace: 'shop' }, spec,
});

const ciliumPolicy = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'api', namespace: 'shop' }, spec,
});

/** The findings of rule `id` as status (`error`, `warning` or `unknown`) and message. */
const judged = (objects: K8sObject[], id: string) => findingsOf(audit(objects), id).map((f) => [findingStatus(f), f.message]);

/** What KH-NET-001 and KH-NET-002 add about `policy` (kind and name) that the cluster rejects for `reason`, its first. */
const rejectedFor = (policy: string, reason: string) => `; ${policy} isolates nothing, as the cluster rejects it (${reason})`;

/** The unknown of a field of the wrong type of `policy` (kind and name), as a rule that looked it up reports it. */
const wrongIn = (policy: string, field: string, type: string) =>
  ['unknown', `${field} of ${policy} is ${type}: Kubernetes rejects that object, and the rule cannot judge this one by it`];

describe('KH-NET-001 and KH-NET-002 with policy fields of the wrong type |', () => {
  const isolating = { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress', 'Egress'], egress: [{ to: [{ podSelector: {} }] }] };
  const open = (direction: string, note = '') => ['error', `${direction} is open: the policies selecting the pods (NetworkPolicy api) do not restrict ${direction}${note}`];

  test('correctly typed, the policy isolates both directions', () => {
    expect(judged([...shop(), networkPolicy(isolating)], 'KH-NET-001')).toEqual([]);
  });

  test.each([
    ['policyTypes: a string', { policyTypes: 'Egress' }, 'spec.policyTypes', 'a string, not a list'],
    ['egress: an object, without policyTypes', { policyTypes: undefined, egress: { to: [] } }, 'spec.egress', 'an object, not a list'],
    ['a policy type of the wrong type', { policyTypes: ['Ingress', 'Egress', 1] }, 'spec.policyTypes[2]', 'a number, not a string'],
  ])('%s: the policy isolates nothing (Kubernetes rejects it), and the field is unknown, naming the policy', (_name, change, field, type) => {
    expect(judged([...shop(), networkPolicy({ ...isolating, ...change })], 'KH-NET-001'))
      .toEqual([open('egress'), open('ingress'), wrongIn('NetworkPolicy shop/api', field, type)]);
  });

  test('a matchLabels of the wrong type selects nothing (it selected every pod)', () => {
    expect(judged([...shop(), networkPolicy({ ...isolating, podSelector: { matchLabels: 'app=api' } })], 'KH-NET-001')).toEqual([
      ['error', 'egress is open: no network policy in the audit selects the pods'],
      ['error', 'ingress is open: no network policy in the audit selects the pods'],
      wrongIn('NetworkPolicy shop/api', 'spec.podSelector.matchLabels', 'a string, not an object'),
    ]);
  });

  test('without policyTypes, an empty or null egress does not isolate egress, as Kubernetes defaults the types (len(egress) != 0)', () => {
    const { policyTypes: _, ...untyped } = isolating;
    expect(judged([...shop(), networkPolicy(untyped)], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), networkPolicy({ ...untyped, egress: [] })], 'KH-NET-001')).toEqual([open('egress')]);
    expect(judged([...shop(), networkPolicy({ ...untyped, egress: null })], 'KH-NET-001')).toEqual([open('egress')]);
  });

  // (review: ValidateNetworkPolicySpec in kubernetes/kubernetes pkg/apis/networking/validation/validation.go rejects
  // more than two policyTypes (Invalid) and any that is not Ingress or Egress (NotSupported), '' too, as a null item
  // decodes; the audit read a null item as no type and counted the Ingress beside it). The finding says why.
  test.each([
    ['a null item', ['Ingress', null], "spec.policyTypes[1] is '', not Ingress or Egress"],
    ['an unsupported value', ['Ingress', 'egress'], "spec.policyTypes[1] is 'egress', not Ingress or Egress"],
    ['more than two', ['Ingress', 'Egress', 'Ingress'], 'spec.policyTypes has 3 items, more than two'],
  ])('policyTypes with %s: the policy isolates nothing (Kubernetes rejects it), and the finding says why', (_name, policyTypes, reason) => {
    expect(judged([...shop(), networkPolicy({ ...isolating, policyTypes: ['Ingress', 'Ingress'] })], 'KH-NET-001')).toEqual([open('egress')]);
    const note = rejectedFor('NetworkPolicy api', reason as string);
    expect(judged([...shop(), networkPolicy({ ...isolating, policyTypes })], 'KH-NET-001')).toEqual([open('egress', note), open('ingress', note)]);
  });

  const cilium = {
    endpointSelector: { matchLabels: { app: 'api' } },
    ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }],
    egress: [{ toEndpoints: [{ matchLabels: { app: 'db' } }] }],
  };
  const ciliumOpen = (direction: string) => ['error', `${direction} is open: the policies selecting the pods (CiliumNetworkPolicy api) do not restrict ${direction}`];

  test.each([
    ['a string', 'true', 'spec.enableDefaultDeny', 'a string, not an object'],
    // (a field of the wrong type for one direction rejects the whole policy: egress is open too)
    ['an object with a string', { ingress: 'true' }, 'spec.enableDefaultDeny.ingress', 'a string, not a boolean'],
  ])('a Cilium enableDefaultDeny of %s: the policy isolates nothing, and the field is unknown', (_name, enableDefaultDeny, field, type) => {
    expect(judged([...shop(), ciliumPolicy(cilium)], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), ciliumPolicy({ ...cilium, enableDefaultDeny })], 'KH-NET-001'))
      .toEqual([ciliumOpen('egress'), ciliumOpen('ingress'), wrongIn('CiliumNetworkPolicy shop/api', field, type)]);
  });

  // (review: Kubernetes rejects the whole CiliumNetworkPolicy when its `spec` or `specs` is of the wrong type, yet the
  // rule sets of the other field were still counted: both rules passed silently, the field unknown only for KH-NET-003/-004)
  test.each([
    ['spec', { spec: 'default deny', specs: [{ endpointSelector: {}, ingress: [{}], egress: [{}] }] }],
    ['specs', { spec: { endpointSelector: {}, ingress: [{}], egress: [{}] }, specs: { endpointSelector: {} } }],
  ])('a Cilium policy whose %s is of the wrong type isolates nothing with its other rule sets either (Kubernetes rejects the object)', (_field, fields) => {
    const policy: K8sObject = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, ...fields };
    const counted = (id: string) => judged([...shop(), policy], id).filter(([status]) => status === 'error').map(([, message]) => message.split(':')[0]);
    expect(counted('KH-NET-001')).toEqual(['egress is open', 'ingress is open']);
    expect(counted('KH-NET-002')).toEqual(['no policy denies ingress or egress traffic by default in the namespace']);
  });

  // A null item of `specs` is no empty rule set: the CRD (cilium/cilium
  // pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml, v1.19.4) types the items as objects, not
  // nullable; the API server prunes a null field of an object but not a null list item (kubernetes/kubernetes
  // staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/prunenulls.go) and its type validator
  // rejects a null of a non-nullable type (kubernetes/kube-openapi pkg/validation/validate/type.go). Cilium itself never
  // reads it as empty: `Parse` (cilium/cilium pkg/k8s/apis/cilium.io/v2/cnp_types.go) calls `Sanitize` on each rule of
  // `specs`, and a nil one is dereferenced. (The audit read it as an empty rule set, and the other rule sets isolated.)
  test.each([
    ['beside spec', { spec: { endpointSelector: {}, ingress: [{}], egress: [{}] }, specs: [null] }],
    ['beside another item', { specs: [{ endpointSelector: {}, ingress: [{}], egress: [{}] }, null] }],
  ])('a Cilium policy with a null item in specs (%s) isolates nothing: the API server rejects it', (_where, fields) => {
    const policy = (more: Record<string, unknown>): K8sObject => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, ...more });
    const valid = { ...fields, specs: (fields.specs as unknown[]).filter((item) => item !== null) };
    expect(judged([...shop(), policy(valid)], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), policy(valid)], 'KH-NET-002')).toEqual([]);
    const counted = (id: string) => judged([...shop(), policy(fields)], id).map(([status, message]) => [status, message.split(':')[0]]);
    expect(counted('KH-NET-001')).toEqual([['error', 'egress is open'], ['error', 'ingress is open']]);
    const index = (fields.specs as unknown[]).indexOf(null);
    expect(judged([...shop(), policy(fields)], 'KH-NET-002')).toEqual([
      ['error', `no policy denies ingress or egress traffic by default in the namespace${rejectedFor('CiliumNetworkPolicy deny', `specs[${index}] is null`)}`],
    ]);
  });

  // (review: `isolates` rejects a rule set for a field of the wrong type in either direction, but another rule set of the
  // same object, which Kubernetes rejects as a whole, still isolated)
  test('a Cilium policy with one rule set of the wrong type isolates nothing with its other rule sets (Kubernetes rejects the object)', () => {
    const policy: K8sObject = {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'deny', namespace: 'shop' },
      specs: [
        { endpointSelector: {}, ingress: [{}], egress: [{}] },
        { endpointSelector: { matchLabels: { app: 'api' } }, enableDefaultDeny: { ingress: 'false' } },
      ],
    };
    const counted = judged([...shop(), policy], 'KH-NET-001').filter(([status]) => status === 'error').map(([, message]) => message.split(':')[0]);
    expect(counted).toEqual(['egress is open', 'ingress is open']);
  });

  // (review: Kubernetes rejects a policy with a rule field of the wrong type as a whole, yet `isolates` did not read the
  // rules: KH-NET-001 passed silently, and KH-NET-002 rejected the policy for that direction only)
  const ruled = {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } } }], ports: [{ port: 80 }] }],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
  };
  const ciliumRuled = {
    endpointSelector: {},
    ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }],
    egress: [{ toEntities: ['cluster'], toPorts: [{ ports: [{ port: '53' }] }] }],
  };
  test.each([
    ['from', networkPolicy({ ...ruled, ingress: [{ from: 'everyone' }] }), 'spec.ingress[0].from', 'a string, not a list'],
    ['namespaceSelector label', networkPolicy({ ...ruled, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 1 } } }] }] }),
      'spec.ingress[0].from[0].namespaceSelector.matchLabels.team', 'a number, not a string'],
    ['ports', networkPolicy({ ...ruled, ingress: [{ ports: { port: 80 } }] }), 'spec.ingress[0].ports', 'an object, not a list'],
    // (a port is an IntOrString: a number or a named port; anything else fails to decode, see field-types.test.ts)
    ['port: a boolean', networkPolicy({ ...ruled, ingress: [{ ports: [{ port: true }] }] }), 'spec.ingress[0].ports[0].port', 'a boolean, not an integer or string'],
    ['port: a number with a fraction', networkPolicy({ ...ruled, egress: [{ ports: [{ port: 443.5 }] }] }), 'spec.egress[0].ports[0].port', 'a number, not an integer or string'],
    ['port: an object', networkPolicy({ ...ruled, ingress: [{ ports: [{ port: { name: 'http' } }] }] }), 'spec.ingress[0].ports[0].port', 'an object, not an integer or string'],
    ['ipBlock cidr', networkPolicy({ ...ruled, egress: [{ to: [{ ipBlock: { cidr: ['10.0.0.0/8'] } }] }] }), 'spec.egress[0].to[0].ipBlock.cidr', 'a list, not a string'],
    ['Cilium fromEndpoints', ciliumPolicy({ ...ciliumRuled, ingress: [{ fromEndpoints: 'app=web' }] }), 'spec.ingress[0].fromEndpoints', 'a string, not a list'],
    ['Cilium toEntities', ciliumPolicy({ ...ciliumRuled, egress: [{ toEntities: 'cluster' }] }), 'spec.egress[0].toEntities', 'a string, not a list'],
    ['Cilium toPorts', ciliumPolicy({ ...ciliumRuled, egress: [{ toEntities: ['cluster'], toPorts: { ports: [] } }] }), 'spec.egress[0].toPorts', 'an object, not a list'],
    ['Cilium egressDeny toCIDR', ciliumPolicy({ ...ciliumRuled, egressDeny: [{ toCIDR: '0.0.0.0/0' }] }), 'spec.egressDeny[0].toCIDR', 'a string, not a list'],
  ])('a rule field of the wrong type (%s): the policy isolates and denies nothing, in either direction, and the field is unknown', (_name, policy, field, type) => {
    const valid = policy.kind === 'NetworkPolicy' ? networkPolicy(ruled) : ciliumPolicy(ciliumRuled);
    expect(judged([...shop(), valid], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), valid], 'KH-NET-002')).toEqual([]);
    const unknown = wrongIn(`${policy.kind} shop/api`, field, type);
    const notRestricted = (direction: string) => ['error', `${direction} is open: the policies selecting the pods (${policy.kind} api) do not restrict ${direction}`];
    expect(judged([...shop(), policy], 'KH-NET-001')).toEqual([notRestricted('egress'), notRestricted('ingress'), unknown]);
    expect(judged([...shop(), policy], 'KH-NET-002')).toEqual([['error', 'no policy denies ingress or egress traffic by default in the namespace'], unknown]);
  });

  test('a port that is a number, a named port or null is valid: the policy isolates both directions, and nothing is unknown', () => {
    for (const port of [80, 'http', null]) {
      const policy = networkPolicy({ ...ruled, ingress: [{ ports: [{ port, protocol: 'TCP' }] }], egress: [{ ports: [{ port, endPort: port === 80 ? 90 : undefined }] }] });
      expect(judged([...shop(), policy], 'KH-NET-001')).toEqual([]);
      expect(judged([...shop(), policy], 'KH-NET-002')).toEqual([]);
    }
  });

  // A NetworkPolicy's podSelector is optional, and absent (or null) it is the empty selector: every pod of the policy's
  // namespace. kubernetes/kubernetes staging/src/k8s.io/api/networking/v1/types.go: `PodSelector metav1.LabelSelector`
  // is a value, not a pointer ("This field is optional. If it is not specified, it defaults to an empty selector",
  // documented so from v1.34, kubernetes/kubernetes#131354, for what the API server always did, #130896); JSON null
  // leaves a struct value as it is. pkg/apis/networking/validation/validation.go `ValidateNetworkPolicySpec` only
  // validates the selector, and pkg/apis/networking/v1/defaults.go `SetDefaults_NetworkPolicy` defaults the policy
  // types, even of a policy without spec, to Ingress (plus Egress with egress rules). (The audit read an absent or null
  // podSelector as selecting nothing: the pods were open, KH-NET-001 and KH-NET-002 failed.)
  test.each([
    ['absent', undefined],
    ['null', null],
  ])('a NetworkPolicy whose podSelector is %s selects every pod of its namespace: it isolates and denies by default', (_how, podSelector) => {
    const deny = networkPolicy({ podSelector, policyTypes: ['Ingress', 'Egress'] });
    expect(judged([...shop(), deny], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), deny], 'KH-NET-002')).toEqual([]);
  });

  test('a NetworkPolicy without spec isolates every pod of its namespace for ingress, its default policy type', () => {
    const bare: K8sObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'api', namespace: 'shop' } };
    expect(judged([...shop(), bare], 'KH-NET-001')).toEqual([open('egress')]);
    expect(judged([...shop(), bare], 'KH-NET-002')).toEqual([['error', 'no policy denies egress traffic by default in the namespace']]);
  });

  test('KH-NET-002: a default deny whose podSelector or policyTypes is of the wrong type denies nothing, and the field is unknown', () => {
    const deny = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };
    expect(judged([...shop(), networkPolicy(deny)], 'KH-NET-002')).toEqual([]);
    expect(judged([...shop(), networkPolicy({ ...deny, podSelector: { matchExpressions: {} } })], 'KH-NET-002')).toEqual([
      ['error', 'no policy denies ingress or egress traffic by default in the namespace'],
      wrongIn('NetworkPolicy shop/api', 'spec.podSelector.matchExpressions', 'an object, not a list'),
    ]);
    expect(judged([...shop(), networkPolicy({ ...deny, policyTypes: 'Ingress,Egress' })], 'KH-NET-002')).toEqual([
      ['error', 'no policy denies ingress or egress traffic by default in the namespace'],
      wrongIn('NetworkPolicy shop/api', 'spec.policyTypes', 'a string, not a list'),
    ]);
  });
});

/** `spec` with the field at `at` (dotted, with `[index]` for list items) set to `value`. */
function withField(spec: Record<string, unknown>, at: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(spec);
  const keys = at.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let holder = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  holder[keys[keys.length - 1]] = value;
  return copy;
}

describe('KH-NET-001 and KH-NET-002 with Cilium rule fields of the wrong type |', () => {
  // Every field below as Cilium's CRD types it: the v1.19.4 CiliumNetworkPolicy schema (the CRD schemas this project
  // validates against) and its Go types, cilium/cilium pkg/policy/api ingress.go and egress.go (the peers, with
  // `fromGroups`/`toGroups` of groups.go, `toServices` of service.go and the node selectors), l4.go (`toPorts`: a
  // PortRule has `ports`, a list of PortProtocol with `port` a string, `endPort` an int32 and `protocol` a string, and
  // `rules`, `serverNames` and `listener`; a PortDenyRule, in `ingressDeny`/`egressDeny`, has only `ports`), fqdn.go
  // (`toFQDNs`, egress only: `matchName` and `matchPattern`) and icmp.go (`icmps`: `fields`, with `family` and `type`,
  // an IntOrString). A CRD's schema makes the API server reject a field of the wrong type, and prune one it does not
  // declare. `full` validates against that schema.
  const full = {
    endpointSelector: { matchLabels: { app: 'api' } },
    ingress: [{
      fromEndpoints: [{ matchLabels: { app: 'web' } }],
      fromNodes: [{ matchLabels: { 'node-role.kubernetes.io/ingress': '' } }],
      fromGroups: [{ aws: { labels: { team: 'web' }, region: 'eu-west-1', securityGroupsIds: ['sg-1'], securityGroupsNames: ['web'] } }],
      icmps: [{ fields: [{ family: 'IPv4', type: 8 }, { family: 'IPv6', type: 'EchoRequest' }] }],
      toPorts: [{
        ports: [{ port: '8443', protocol: 'TCP' }, { port: '9000', endPort: 9100, protocol: 'TCP' }],
        rules: { http: [{ method: 'GET', path: '/healthz' }] },
        serverNames: ['api.shop.example.com'],
        listener: { envoyConfig: { kind: 'CiliumEnvoyConfig', name: 'api' }, name: 'api', priority: 10 },
      }],
    }],
    egress: [
      { toFQDNs: [{ matchName: 'bank.example.com' }, { matchPattern: '*.bank.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] },
      {
        toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
        toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }],
      },
      {
        toServices: [{ k8sService: { serviceName: 'db', namespace: 'shop' } }, { k8sServiceSelector: { selector: { matchLabels: { app: 'db' } }, namespace: 'shop' } }],
        toNodes: [{ matchLabels: { 'node-role.kubernetes.io/db': '' } }],
        toGroups: [{ aws: { securityGroupsIds: ['sg-2'] } }],
        icmps: [{ fields: [{ type: 0 }] }],
      },
    ],
    egressDeny: [{ toCIDRSet: [{ cidr: '169.254.169.254/32' }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }],
  };
  const notRestricted = (direction: string) => ['error', `${direction} is open: the policies selecting the pods (CiliumNetworkPolicy api) do not restrict ${direction}`];

  test('correctly typed, every field read: the policy isolates both directions, and nothing is unknown', () => {
    expect(judged([...shop(), ciliumPolicy(full)], 'KH-NET-001')).toEqual([]);
  });

  test.each([
    ['spec.ingress[0].fromRequires', 'env=prod', 'a string, not a list'],
    ['spec.ingress[0].fromNodes', { matchLabels: {} }, 'an object, not a list'],
    ['spec.egress[2].toNodes[0].matchExpressions', 'role', 'a string, not a list'],
    ['spec.ingress[0].fromGroups[0].aws', 'sg-1', 'a string, not an object'],
    ['spec.ingress[0].fromGroups[0].aws.labels.team', 1, 'a number, not a string'],
    ['spec.egress[2].toGroups[0].aws.securityGroupsIds', 'sg-2', 'a string, not a list'],
    ['spec.egress[2].toServices', { k8sService: { serviceName: 'db' } }, 'an object, not a list'],
    ['spec.egress[2].toServices[0].k8sService.serviceName', ['db'], 'a list, not a string'],
    ['spec.egress[2].toServices[1].k8sServiceSelector.selector', 'app=db', 'a string, not an object'],
    ['spec.egress[0].toFQDNs', 'bank.example.com', 'a string, not a list'],
    ['spec.egress[0].toFQDNs[1].matchPattern', 1, 'a number, not a string'],
    ['spec.ingress[0].icmps[0].fields', { type: 8 }, 'an object, not a list'],
    ['spec.ingress[0].icmps[0].fields[0].type', true, 'a boolean, not an integer or string'],
    ['spec.egress[2].icmps[0].fields[0].family', 4, 'a number, not a string'],
    ['spec.ingress[0].toPorts[0].ports', { port: '8443' }, 'an object, not a list'],
    ['spec.ingress[0].toPorts[0].ports[0].port', 8443, 'a number, not a string'],
    ['spec.ingress[0].toPorts[0].ports[1].endPort', '9100', 'a string, not an integer'],
    ['spec.egress[0].toPorts[0].ports[0].protocol', ['TCP'], 'a list, not a string'],
    ['spec.egressDeny[0].toPorts[0].ports[0].port', 80, 'a number, not a string'],
    ['spec.ingress[0].toPorts[0].rules', [{ http: [] }], 'a list, not an object'],
    ['spec.ingress[0].toPorts[0].rules.http', { method: 'GET' }, 'an object, not a list'],
    ['spec.egress[1].toPorts[0].rules.dns[0].matchPattern', true, 'a boolean, not a string'],
    ['spec.ingress[0].toPorts[0].serverNames', 'api.shop.example.com', 'a string, not a list'],
    ['spec.ingress[0].toPorts[0].listener', 'api', 'a string, not an object'],
    ['spec.ingress[0].toPorts[0].listener.priority', '10', 'a string, not an integer'],
  ])('%s: %j is unknown, naming the policy, and the policy isolates nothing (Kubernetes rejects it; it isolated)', (field, value, type) => {
    const policy = ciliumPolicy(withField(full, field.replace(/^spec\./, ''), value));
    expect(judged([...shop(), policy], 'KH-NET-001'))
      .toEqual([notRestricted('egress'), notRestricted('ingress'), wrongIn('CiliumNetworkPolicy shop/api', field, type)]);
  });

  // `fromRequires`/`toRequires` are lists of endpoint selectors up to Cilium 1.18 (cilium/cilium pkg/policy/api
  // ingress.go and egress.go before commit c98e572b, "policy: Remove support for FromRequires and ToRequires"); 1.19
  // keeps them only as deprecated lists that must stay empty (`FromRequires []string` with MaxItems=0, commit
  // 4fbbc8b7; Documentation/operations/upgrade.rst). Not knowing the cluster's version, the audit reads them as
  // selectors: an item that is no object, or a selector field of the wrong type, is rejected by every version.
  test.each([
    ['spec.ingress[0].fromRequires', ['env=prod'], 'spec.ingress[0].fromRequires[0]', 'a string, not an object'],
    ['spec.egress[2].toRequires', [{ matchLabels: ['env'] }], 'spec.egress[2].toRequires[0].matchLabels', 'a list, not an object'],
  ])('%s: %j is unknown at its item, and the policy isolates nothing (it isolated)', (at, value, field, type) => {
    const policy = ciliumPolicy(withField(full, at.replace(/^spec\./, ''), value));
    expect(judged([...shop(), policy], 'KH-NET-001'))
      .toEqual([notRestricted('egress'), notRestricted('ingress'), wrongIn('CiliumNetworkPolicy shop/api', field, type)]);
  });

  test('fromRequires/toRequires selectors, as Cilium 1.18 and earlier take them, are no unknown: the policy isolates', () => {
    const required = withField(withField(full, 'ingress[0].fromRequires', [{ matchLabels: { env: 'prod' } }]), 'egress[2].toRequires', [{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }]);
    expect(judged([...shop(), ciliumPolicy(required)], 'KH-NET-001')).toEqual([]);
  });

  // A null list item anywhere in a Cilium policy: the CRD (v1.19.4, as above) types no list item as nullable; the API
  // server prunes a null field of an object but not a null list item (kubernetes/kubernetes
  // staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/prunenulls.go), and its type validator
  // rejects a null of a type that is not nullable (kubernetes/kube-openapi pkg/validation/validate/type.go). The audit
  // read such an item as an empty one (`ingress: [null]`, a section that isolates).
  test.each([
    ['spec.ingress[0]', null],
    ['spec.egressDeny[0]', null],
    ['spec.egress[1].toEndpoints[0]', null],
    ['spec.egress[2].toGroups[0].aws.securityGroupsIds[0]', null],
    ['spec.egress[0].toFQDNs[1]', null],
    ['spec.egressDeny[0].toCIDRSet[0]', null],
    ['spec.ingress[0].icmps[0].fields[0]', null],
    ['spec.ingress[0].toPorts[0]', null],
    ['spec.ingress[0].toPorts[0].ports[1]', null],
    ['spec.ingress[0].toPorts[0].rules.http[0]', null],
    ['spec.ingress[0].toPorts[0].serverNames[0]', null],
    ['spec.ingress[0].fromNodes[0].matchExpressions', [null]],
    ['spec.ingress[0].fromEndpoints[0].matchExpressions', [{ key: 'app', operator: 'In', values: ['web', null] }]],
  ])('a null item at %s (%j): the policy isolates nothing (the API server rejects it; it isolated), and the finding says why', (at, value) => {
    const policy = ciliumPolicy(withField(full, at.replace(/^spec\./, ''), value));
    const item = Array.isArray(value) ? `${at}[0]${value[0] === null ? '' : '.values[1]'}` : at;
    const note = rejectedFor('CiliumNetworkPolicy api', `${item} is null`);
    expect(judged([...shop(), policy], 'KH-NET-001')).toEqual([
      ['error', `egress is open: the policies selecting the pods (CiliumNetworkPolicy api) do not restrict egress${note}`],
      ['error', `ingress is open: the policies selecting the pods (CiliumNetworkPolicy api) do not restrict ingress${note}`],
    ]);
  });

  // What the CRD's schema (v1.19.4, as above) enumerates or bounds, and the audit reads: a selector's matchLabels values
  // (`pattern`, `maxLength: 63`), its expressions' `key` and `operator` (`required`; null is pruned, so absent) and
  // operator (`enum`), the entities (`enum`), a port's `protocol` (`enum`, case-sensitive) and `endPort` (0-65535).
  // The API server rejects the whole policy for any of them. (The audit read them as valid.)
  const web = 'spec.ingress[0].fromEndpoints[0]';
  test.each([
    [`${web}.matchLabels.app`, 'web server', `${web}.matchLabels.app is 'web server', not a label value`],
    [`${web}.matchExpressions`, [{ key: 'app', operator: 'in', values: ['web'] }], `${web}.matchExpressions[0].operator is 'in', not In, NotIn, Exists or DoesNotExist`],
    [`${web}.matchExpressions`, [{ operator: 'Exists' }], `${web}.matchExpressions[0] has no key`],
    [`${web}.matchExpressions`, [{ key: 'app', operator: null }], `${web}.matchExpressions[0] has no operator`],
    ['spec.egress[2].toEntities', ['World'], "spec.egress[2].toEntities[0] is 'World', not an entity Cilium knows"],
    ['spec.ingress[0].toPorts[0].ports[0].protocol', 'tcp', "spec.ingress[0].toPorts[0].ports[0].protocol is 'tcp', not TCP, UDP, SCTP, VRRP, IGMP, ANY"],
    ['spec.egressDeny[0].toPorts[0].ports[0].protocol', 'ICMP', "spec.egressDeny[0].toPorts[0].ports[0].protocol is 'ICMP', not TCP, UDP, SCTP, VRRP, IGMP, ANY"],
    ['spec.ingress[0].toPorts[0].ports[1].endPort', 70000, 'spec.ingress[0].toPorts[0].ports[1].endPort is 70000, not from 0 to 65535'],
  ])('%s: %j, which the CRD rejects, makes the policy isolate nothing (it isolated), and the finding says why', (at, value, reason) => {
    const note = rejectedFor('CiliumNetworkPolicy api', reason);
    expect(judged([...shop(), ciliumPolicy(withField(full, at.replace(/^spec\./, ''), value))], 'KH-NET-001')).toEqual([
      ['error', `egress is open: the policies selecting the pods (CiliumNetworkPolicy api) do not restrict egress${note}`],
      ['error', `ingress is open: the policies selecting the pods (CiliumNetworkPolicy api) do not restrict ingress${note}`],
    ]);
  });

  test('a null matchLabels value of a Cilium selector is no reason: the API server prunes it as a null field', () => {
    expect(judged([...shop(), ciliumPolicy(withField(full, 'ingress[0].fromEndpoints[0].matchLabels.app', null))], 'KH-NET-001')).toEqual([]);
  });

  // (the API server prunes a field the CRD does not declare, whatever its type: a deny rule's `toPorts` has only
  // `ports`, and `toFQDNs` is not a field of `egressDeny`)
  test.each([
    ['spec.egressDeny[0].toPorts[0].rules', 'dns'],
    ['spec.egressDeny[0].toFQDNs', 'bank.example.com'],
    ['spec.ingress[0].toFQDNs', 'bank.example.com'],
  ])('%s, a field its section does not have, is not read: %j is no unknown, and the policy isolates', (field, value) => {
    expect(judged([...shop(), ciliumPolicy(withField(full, field.replace(/^spec\./, ''), value))], 'KH-NET-001')).toEqual([]);
  });
});

describe('KH-NET-001 and KH-NET-002 with Cilium node selectors |', () => {
  // A Cilium rule selects endpoints (`endpointSelector`) or nodes (`nodeSelector`: a host policy), exactly one of the
  // two: the CRD's schema (`oneOf`, cilium/cilium pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml and
  // ciliumclusterwidenetworkpolicies.yaml, v1.19.4) and `Rule.Sanitize` (pkg/policy/api/rule_validation.go: "rule must
  // have one of EndpointSelector or NodeSelector", "rule cannot have both"). Only a clusterwide policy may select
  // nodes: `Parse` of a CiliumNetworkPolicy (pkg/k8s/apis/cilium.io/v2/cnp_types.go: "rule cannot have NodeSelector")
  // refuses the whole policy. The API server prunes a selector set to null (it is absent).
  const policy = (kind: string, fields: Record<string, unknown>): K8sObject => ({
    apiVersion: 'cilium.io/v2', kind, metadata: kind === 'CiliumNetworkPolicy' ? { name: 'deny', namespace: 'shop' } : { name: 'deny' }, ...fields,
  });
  const deny = { endpointSelector: {}, ingress: [{}], egress: [{}] };
  const host = { nodeSelector: { matchLabels: { 'node-role.kubernetes.io/worker': '' } }, ingress: [{ fromEntities: ['cluster'] }], egress: [{ toEntities: ['cluster'] }] };
  const counted = (objects: K8sObject[], id: string) => judged(objects, id).map(([status, message]) => [status, message.split(':')[0]]);
  const open = [['error', 'egress is open'], ['error', 'ingress is open']];
  const noDefaultDeny = (kind: string, reason: string) => [['error', `no policy denies ingress or egress traffic by default in the namespace${rejectedFor(`${kind} deny`, reason)}`]];

  test('a clusterwide host policy selects nodes, not pods: alone it isolates no pod, and beside a rule set for pods it leaves that one isolating', () => {
    expect(judged([...shop(), policy('CiliumClusterwideNetworkPolicy', { spec: host })], 'KH-NET-001')).toEqual([
      ['error', 'egress is open: no network policy in the audit selects the pods'],
      ['error', 'ingress is open: no network policy in the audit selects the pods'],
    ]);
    expect(judged([...shop(), policy('CiliumClusterwideNetworkPolicy', { specs: [deny, host] })], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), policy('CiliumClusterwideNetworkPolicy', { specs: [deny, host] })], 'KH-NET-002')).toEqual([]);
  });

  test.each(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'].flatMap((kind) => [
    [kind, 'both selectors', { ...deny, nodeSelector: {} }, 'both an endpointSelector and a nodeSelector'],
    [kind, 'neither selector', { ingress: [{}], egress: [{}] }, 'neither an endpointSelector nor a nodeSelector'],
    [kind, 'an endpoint selector set to null, and no node selector', { ...deny, endpointSelector: null }, 'neither an endpointSelector nor a nodeSelector'],
  ]))('%s: a rule set with %s isolates nothing, nor do the policy\'s other rule sets (Kubernetes rejects it; they isolated)', (kind, _name, rule, reason) => {
    expect(counted([...shop(), policy(kind, { specs: [deny] })], 'KH-NET-001')).toEqual([]);
    expect(counted([...shop(), policy(kind, { specs: [deny, rule] })], 'KH-NET-001')).toEqual(open);
    expect(judged([...shop(), policy(kind, { specs: [deny, rule] })], 'KH-NET-002')).toEqual(noDefaultDeny(kind, `specs[1] has ${reason}`));
  });

  test('a CiliumNetworkPolicy with a host rule set isolates nothing with its other rule sets (Cilium refuses it; they isolated)', () => {
    expect(counted([...shop(), policy('CiliumNetworkPolicy', { specs: [deny, host] })], 'KH-NET-001')).toEqual(open);
    expect(judged([...shop(), policy('CiliumNetworkPolicy', { specs: [deny, host] })], 'KH-NET-002'))
      .toEqual(noDefaultDeny('CiliumNetworkPolicy', 'specs[1].nodeSelector is set, which only a CiliumClusterwideNetworkPolicy may set'));
  });

  test('a node selector of the wrong type is unknown, naming the policy, and the policy isolates nothing with any rule set (it isolated)', () => {
    const wrong = policy('CiliumClusterwideNetworkPolicy', { specs: [deny, { ...host, nodeSelector: { matchLabels: { worker: true } } }] });
    expect(judged([...shop(), wrong], 'KH-NET-001')).toEqual([
      ['error', 'egress is open: the policies selecting the pods (CiliumClusterwideNetworkPolicy deny) do not restrict egress'],
      ['error', 'ingress is open: the policies selecting the pods (CiliumClusterwideNetworkPolicy deny) do not restrict ingress'],
      wrongIn('CiliumClusterwideNetworkPolicy deny', 'specs[1].nodeSelector.matchLabels.worker', 'a boolean, not a string'),
    ]);
  });
});

describe('KH-NET-003 and KH-NET-004 with fields of the wrong type |', () => {
  /** The findings of rule `id` for the policy alone, as status, message and path. */
  const own = (policy: K8sObject, id: string) => findingsOf(audit([policy]), id).map((f) => [findingStatus(f), f.message, f.path]);
  const unknownAt = (field: string, type: string) => ['unknown', `${field} is ${type}: Kubernetes rejects the object, and the rule cannot judge it`, field];

  test.each([
    ['a Cilium toEntities string', ciliumPolicy({ endpointSelector: {}, egress: [{ toEntities: 'world' }] }), 'spec.egress[0].toEntities', 'a string, not a list'],
    ['a Cilium egress object', ciliumPolicy({ endpointSelector: {}, egress: { toEntities: ['world'] } }), 'spec.egress', 'an object, not a list'],
    ['a CIDR of the wrong type', networkPolicy({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: ['0.0.0.0/0'] } }] }] }), 'spec.egress[0].to[0].ipBlock.cidr', 'a list, not a string'],
  ])('KH-NET-003, %s: unknown (it passed silently)', (_name, policy, field, type) => {
    expect(own(policy, 'KH-NET-003')).toEqual([unknownAt(field, type)]);
  });

  test('KH-NET-003: egress to the world with ports of the wrong type fails closed (every port) beside its unknown', () => {
    const policy = networkPolicy({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: { port: 443 } }] });
    expect(own(policy, 'KH-NET-003')).toEqual([
      ['warning', 'egress rule 0 allows ipBlock 0.0.0.0/0 on every port', 'spec.egress[0]'],
      unknownAt('spec.egress[0].ports', 'an object, not a list'),
    ]);
  });

  test('KH-NET-004: a namespaceSelector of the wrong type fails closed (every namespace) beside its unknown; Cilium fromEntities is unknown', () => {
    const policy = networkPolicy({ podSelector: {}, ingress: [{ from: [{ namespaceSelector: 'team=shop' }] }] });
    expect(own(policy, 'KH-NET-004')).toEqual([
      ['warning', 'ingress rule 0 allows an empty namespaceSelector (every namespace)', 'spec.ingress[0]'],
      unknownAt('spec.ingress[0].from[0].namespaceSelector', 'a string, not an object'),
    ]);
    expect(own(ciliumPolicy({ endpointSelector: {}, ingress: [{ fromEntities: 'all' }] }), 'KH-NET-004'))
      .toEqual([unknownAt('spec.ingress[0].fromEntities', 'a string, not a list')]);
  });
});

describe('KH-NET-001 and KH-NET-002 with Cilium rule sets without rules |', () => {
  // A Cilium rule set needs a rule in one of its sections at least. The CRD's schema (cilium/cilium
  // pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml, v1.19.4) requires one of `ingress`,
  // `ingressDeny`, `egress` and `egressDeny` to be present (`anyOf`), and the API server prunes one set to null
  // (kubernetes/kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/prunenulls.go);
  // from Cilium 1.17 `Rule.Sanitize` (cilium/cilium pkg/policy/api/rule_validation.go, cilium/cilium#35904, for the
  // CFP cilium/cilium#35558) refuses a rule whose four are all empty, `ingress: []` too: "rule must have at least one of
  // Ingress, IngressDeny, Egress, EgressDeny". `enableDefaultDeny` alone is no rule: the audit counted it as isolating.
  const policy = (specs: Record<string, unknown>[]): K8sObject => ({
    apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, specs,
  });
  const everything = { endpointSelector: {}, enableDefaultDeny: { ingress: true, egress: true } };
  const note = (index: number) => rejectedFor('CiliumNetworkPolicy deny', `specs[${index}] has no rule in ingress, ingressDeny, egress or egressDeny`);

  test('with a rule, enableDefaultDeny isolates both directions', () => {
    expect(judged([...shop(), policy([{ ...everything, ingress: [{}] }])], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), policy([{ ...everything, egressDeny: [{ toEntities: ['world'] }] }])], 'KH-NET-002')).toEqual([]);
  });

  test.each([
    ['only enableDefaultDeny', everything],
    ['empty sections', { ...everything, ingress: [], egress: [], ingressDeny: [], egressDeny: [] }],
    ['sections set to null', { ...everything, ingress: null, egressDeny: null }],
  ])('a rule set with %s isolates nothing, and the policy\'s other rule sets neither (the cluster rejects it; it isolated)', (_name, rules) => {
    expect(judged([...shop(), policy([rules])], 'KH-NET-001')).toEqual([
      ['error', `egress is open: the policies selecting the pods (CiliumNetworkPolicy deny) do not restrict egress${note(0)}`],
      ['error', `ingress is open: the policies selecting the pods (CiliumNetworkPolicy deny) do not restrict ingress${note(0)}`],
    ]);
    expect(judged([...shop(), policy([{ ...everything, ingress: [{}] }, rules])], 'KH-NET-002'))
      .toEqual([['error', `no policy denies ingress or egress traffic by default in the namespace${note(1)}`]]);
  });
});

describe('KH-NET-001 and KH-NET-002 with NetworkPolicy values Kubernetes rejects |', () => {
  // kubernetes/kubernetes pkg/apis/networking/validation/validation.go: ValidateNetworkPolicySpec validates the pod
  // selector, every rule's ports (ValidateNetworkPolicyPort) and peers (ValidateNetworkPolicyPeer, ValidateIPBlock),
  // and the policy types; one error rejects the whole object. Every field of `valid` is valid.
  const valid = {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{
      from: [{ podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } }],
      ports: [{ port: 8443 }, { protocol: 'TCP', port: 'https' }, { protocol: 'UDP', port: 9000, endPort: 9100 }],
    }],
    egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { namespaceSelector: {} }], ports: [{ protocol: 'SCTP' }] }],
  };
  const isolatesNothing = (reason: string) => {
    const note = rejectedFor('NetworkPolicy api', reason);
    return [
      ['error', `egress is open: the policies selecting the pods (NetworkPolicy api) do not restrict egress${note}`],
      ['error', `ingress is open: the policies selecting the pods (NetworkPolicy api) do not restrict ingress${note}`],
    ];
  };
  const deniesNothing = (reason: string) => [['error', `no policy denies ingress or egress traffic by default in the namespace${rejectedFor('NetworkPolicy api', reason)}`]];

  test('a valid policy isolates the pods and denies both directions by default', () => {
    expect(judged([...shop(), networkPolicy(valid)], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), networkPolicy(valid)], 'KH-NET-002')).toEqual([]);
  });

  // ValidateNetworkPolicyPeer: "must specify a peer" (none of podSelector, namespaceSelector and ipBlock; one set to
  // null is a nil pointer, and a null peer decodes as the empty peer, see below), "may not specify both ipBlock and
  // another peer". (The audit read an empty peer as one that allows nothing, and counted the policy.)
  test.each([
    ['ingress[0].from[0]', {}, 'is empty, with no podSelector, namespaceSelector or ipBlock'],
    ['ingress[0].from[0]', null, 'is empty, with no podSelector, namespaceSelector or ipBlock'],
    ['ingress[0].from[0]', { podSelector: null, namespaceSelector: null, ipBlock: null }, 'is empty, with no podSelector, namespaceSelector or ipBlock'],
    ['egress[0].to[0]', { ipBlock: { cidr: '10.0.0.0/8' }, namespaceSelector: {} }, 'has an ipBlock beside a namespaceSelector'],
    // ValidateNetworkPolicyPort: the protocol (TCP, UDP or SCTP, case-sensitive), a number port (IsValidPortNum, 1 to
    // 65535), a named port (IsValidPortName, kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/
    // validation.go: at least one letter, so `'8443'`, which intstr decodes as a string, is no name), and endPort: only
    // with a number port, not below it, 1 to 65535. (The audit read these ports as valid.)
    ['ingress[0].ports[0].protocol', 'tcp', "is 'tcp', not TCP, UDP or SCTP"],
    ['ingress[0].ports[0].port', 0, 'is 0, not a port number from 1 to 65535'],
    ['ingress[0].ports[0].port', 70000, 'is 70000, not a port number from 1 to 65535'],
    ['ingress[0].ports[0].port', '8443', "is '8443', not a port name of 1 to 15 of a-z, 0-9 and '-' with a letter (a number in quotes is a name)"],
    ['ingress[0].ports[1].port', 'HTTPS', "is 'HTTPS', not a port name of 1 to 15 of a-z, 0-9 and '-' with a letter"],
    ['ingress[0].ports[1].port', 'web--tls', "is 'web--tls', not a port name of 1 to 15 of a-z, 0-9 and '-' with a letter"],
    ['ingress[0].ports[1].endPort', 9100, 'is set with a named port'],
    ['ingress[0].ports[2].endPort', 8999, 'is 8999, below port 9000'],
    ['ingress[0].ports[2].endPort', 70000, 'is 70000, not a port number from 1 to 65535'],
    ['egress[0].ports[0].endPort', 9100, 'is set without a port'],
    // ValidateIPBlock: `cidr` is required and a CIDR block (IsValidCIDRForLegacyField: netutils.ParseCIDRSloppy, see
    // below), and each `except` a CIDR block that is a strict subset of it (a null item decodes as ''). (The audit read
    // these blocks as valid.)
    ['egress[0].to[0].ipBlock.cidr', '10.0.0.0/33', "is '10.0.0.0/33', not a CIDR block"],
    ['egress[0].to[0].ipBlock.cidr', '10.0.0.1', "is '10.0.0.1', not a CIDR block"],
    ['egress[0].to[0].ipBlock.cidr', 'fd00::/129', "is 'fd00::/129', not a CIDR block"],
    ['egress[0].to[0].ipBlock.cidr', null, 'is not set'],
    ['egress[0].to[0].ipBlock.except[0]', '192.168.0.0/16', "is '192.168.0.0/16', not a strict subset of the cidr '10.0.0.0/8'"],
    ['egress[0].to[0].ipBlock.except[0]', '10.0.0.0/8', "is '10.0.0.0/8', not a strict subset of the cidr '10.0.0.0/8'"],
    ['egress[0].to[0].ipBlock.except[0]', 'fd00::/16', "is 'fd00::/16', not a strict subset of the cidr '10.0.0.0/8'"],
    ['egress[0].to[0].ipBlock.except[0]', '10.1.0.0', "is '10.1.0.0', not a CIDR block"],
    ['egress[0].to[0].ipBlock.except[0]', null, "is '', not a CIDR block"],
  ])('spec.%s: %j isolates nothing (Kubernetes rejects the policy), and the findings say why', (at, value, what) => {
    const policy = networkPolicy(withField(valid, at, value));
    expect(judged([...shop(), policy], 'KH-NET-001')).toEqual(isolatesNothing(`spec.${at} ${what}`));
    expect(judged([...shop(), policy], 'KH-NET-002')).toEqual(deniesNothing(`spec.${at} ${what}`));
  });
});

describe('KH-NET-001 and KH-NET-002 with NetworkPolicy label selectors Kubernetes rejects |', () => {
  // ValidateNetworkPolicySpec validates the pod selector and each peer's selectors with ValidateLabelSelector
  // (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go): matchLabels keys
  // (IsQualifiedName) and values (IsValidLabelValue), and each expression: its operator, its values (required by In and
  // NotIn, forbidden by Exists and DoesNotExist, each a label value) and its key. A null expression decodes as the zero
  // requirement (empty key and operator), a null value as ''. (The audit read these selectors as valid.)
  const policy = (podSelector: unknown, peer: unknown) => networkPolicy({
    podSelector, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [peer] }], egress: [{ to: [{ podSelector: {} }] }],
  });
  const team = { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['shop', null] }] } };

  test('valid selectors, a null value among them (\'\'), isolate and deny by default', () => {
    expect(judged([...shop(), policy({}, team)], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), policy({}, team)], 'KH-NET-002')).toEqual([]);
    expect(judged([...shop(), policy({ matchExpressions: [{ key: 'app', operator: 'In', values: ['api', null] }] }, team)], 'KH-NET-001')).toEqual([]);
  });

  const expression = (fields: Record<string, unknown>) => ({ namespaceSelector: { matchExpressions: [fields] } });
  const at = 'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0]';
  test.each([
    ['a matchLabels key', { podSelector: { matchLabels: { 'app name': 'web' } } }, "spec.ingress[0].from[0].podSelector.matchLabels has the key 'app name', not a label key"],
    ['a matchLabels value', { podSelector: { matchLabels: { app: 'web server' } } }, "spec.ingress[0].from[0].podSelector.matchLabels.app is 'web server', not a label value"],
    ['an operator', expression({ key: 'team', operator: 'in', values: ['shop'] }), `${at}.operator is 'in', not In, NotIn, Exists or DoesNotExist`],
    ['In without values', expression({ key: 'team', operator: 'In' }), `${at}.values is empty, which operator In needs`],
    ['Exists with values', expression({ key: 'team', operator: 'Exists', values: ['shop'] }), `${at}.values is set, which operator Exists forbids`],
    ['a key', expression({ key: 'Team.example.com/name', operator: 'Exists' }), `${at}.key is 'Team.example.com/name', not a label key`],
    ['a value', expression({ key: 'team', operator: 'NotIn', values: ['shop floor'] }), `${at}.values[0] is 'shop floor', not a label value`],
    // (two reasons: the empty operator and the empty key; the findings give the first)
    ['a null expression', { namespaceSelector: { matchExpressions: [null] } }, `${at}.operator is '', not In, NotIn, Exists or DoesNotExist, and 1 more`],
  ])('a peer selector with an invalid %s: the policy isolates nothing (Kubernetes rejects it), and the findings say why', (_name, peer, reason) => {
    expect(judged([...shop(), policy({}, team)], 'KH-NET-001')).toEqual([]);
    const note = rejectedFor('NetworkPolicy api', reason);
    expect(judged([...shop(), policy({}, peer)], 'KH-NET-001')).toEqual([
      ['error', `egress is open: the policies selecting the pods (NetworkPolicy api) do not restrict egress${note}`],
      ['error', `ingress is open: the policies selecting the pods (NetworkPolicy api) do not restrict ingress${note}`],
    ]);
  });

  test('a pod selector that selects the pods with an invalid value: the policy isolates nothing, and the finding says why', () => {
    const selector = { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front end'] }] };
    const note = rejectedFor('NetworkPolicy api', "spec.podSelector.matchExpressions[0].values[0] is 'front end', not a label value");
    expect(judged([...shop(), policy(selector, team)], 'KH-NET-001')).toEqual([
      ['error', `egress is open: the policies selecting the pods (NetworkPolicy api) do not restrict egress${note}`],
      ['error', `ingress is open: the policies selecting the pods (NetworkPolicy api) do not restrict ingress${note}`],
    ]);
  });
});

describe('KH-NET-001 and KH-NET-002 with ipBlock CIDRs Kubernetes accepts |', () => {
  // IsValidCIDRForLegacyField (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/validation/ip.go) takes
  // what netutils.ParseCIDRSloppy (k8s.io/utils/net, Go 1.16's net.ParseCIDR) parses unless the StrictIPCIDRValidation
  // feature gate is on (alpha from 1.33, off by default, pkg/features/kube_features.go): bits past the prefix, leading
  // zeros in IPv4 octets and in the prefix length, IPv4-mapped IPv6 addresses. Go's IPNet.Contains compares an
  // IPv4-mapped address as IPv4.
  test.each([
    ['10.0.0.1/8', ['10.1.0.0/16']],
    ['010.000.000.000/08', ['10.1.0.0/016']],
    ['::ffff:10.0.0.0/104', ['::ffff:10.2.0.0/112']],
    ['10.0.0.0/8', ['::ffff:10.2.0.0/112']],
    ['fd00::/8', ['fd00:1::/32']],
    ['0.0.0.0/0', ['10.0.0.0/8', '172.16.0.0/12']],
  ])('cidr %s with except %j is valid: the policy isolates and denies by default', (cidr, except) => {
    const policy = networkPolicy({ podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [{ to: [{ ipBlock: { cidr, except } }] }] });
    expect(judged([...shop(), policy], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), policy], 'KH-NET-002')).toEqual([]);
  });
});

describe('KH-NET-001, KH-NET-002 and KH-NET-004 with null items of NetworkPolicy lists |', () => {
  // The API server decodes a built-in object with sigs.k8s.io/json, a fork of encoding/json (golang/go
  // src/encoding/json/decode.go): `array` grows the slice by a zero element before decoding an item into it, and
  // `literalStore` leaves a struct or string unchanged for a null. So a null item of a NetworkPolicy list is the zero
  // value of its type, not rejected: a null rule is the empty rule, which allows every peer on every port, a null port
  // the empty port (TCP by default, every port), a null peer the empty peer (which ValidateNetworkPolicyPeer rejects,
  // see above), a null policy type ''.
  const base = { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{ to: [{ podSelector: {} }] }] };

  test('ingress: [null] is one rule that allows every source: the pods are isolated, but ingress is not denied by default', () => {
    const policy = networkPolicy({ ...base, ingress: [null] });
    expect(judged([...shop(), policy], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), policy], 'KH-NET-002')).toEqual([['error', 'no policy denies ingress traffic by default in the namespace']]);
    expect(judged([policy], 'KH-NET-004')).toEqual([['warning', 'ingress rule 0 allows every source']]);
  });

  test('egress: [null] without policyTypes is an egress rule: it adds the Egress type (and allows every destination)', () => {
    const { policyTypes: _, ...untyped } = base;
    const policy = networkPolicy({ ...untyped, egress: [null] });
    expect(judged([...shop(), policy], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), policy], 'KH-NET-002')).toEqual([['error', 'no policy denies egress traffic by default in the namespace']]);
  });

  test('ports: [null] is the empty port (TCP, every port): the policy is valid, and denies both directions by default', () => {
    const policy = networkPolicy({ ...base, ingress: [{ from: [{ podSelector: {} }], ports: [null] }] });
    expect(judged([...shop(), policy], 'KH-NET-001')).toEqual([]);
    expect(judged([...shop(), policy], 'KH-NET-002')).toEqual([]);
  });
});

// KH-NET-003 judges address blocks as construction refuses them (lib/core/traffic/workload-traffic.ts, INTERNET_SHARE_LIMIT):
// blocks of one family that cover 1/16 of its internet or more, alone or together across a rule set's port-less egress
// rules; CIDRs read as the API server reads an ipBlock (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/
// validation/ip.go IsValidCIDRForLegacyField: Go 1.16 ParseCIDR, leading zeros allowed, so 0.0.0.0/00 is the world)
describe('KH-NET-003 and address blocks that open the internet |', () => {
  const messages = (policy: K8sObject) => findingsOf(audit([policy]), 'KH-NET-003').map((f) => [findingStatus(f), f.message, f.path]);
  const toBlocks = (...cidrs: string[]) => networkPolicy({ podSelector: {}, policyTypes: ['Egress'], egress: cidrs.map((cidr) => ({ to: [{ ipBlock: { cidr } }] })) });

  test('the world split into halves fails like the whole: each half is 1/16 or more; smaller blocks fail together', () => {
    expect(messages(toBlocks('0.0.0.0/1', '128.0.0.0/1'))).toEqual([
      ['warning', 'egress rule 0 allows ipBlock 0.0.0.0/1 (50% of the IPv4 internet) on every port', 'spec.egress[0]'],
      ['warning', 'egress rule 1 allows ipBlock 128.0.0.0/1 (50% of the IPv4 internet) on every port', 'spec.egress[1]'],
    ]);
    expect(messages(toBlocks('0.0.0.0/6', '4.0.0.0/6', '8.0.0.0/6', '12.0.0.0/6'))).toEqual([
      ['warning', 'egress rules allow 0.0.0.0/6, 4.0.0.0/6, 8.0.0.0/6, 12.0.0.0/6 on every port: together 6.25% of the IPv4 internet', 'spec.egress'],
    ]);
    expect(messages(toBlocks('0.0.0.0/6', '4.0.0.0/6', '8.0.0.0/6'))).toEqual([]);
  });

  test('one block of 1/16 of the IPv4 internet or more fails, with its share; a leading zero in the prefix is still the world', () => {
    expect(messages(toBlocks('16.0.0.0/4'))).toEqual([['warning', 'egress rule 0 allows ipBlock 16.0.0.0/4 (6.25% of the IPv4 internet) on every port', 'spec.egress[0]']]);
    expect(messages(toBlocks('0.0.0.0/00'))).toEqual([['warning', 'egress rule 0 allows ipBlock 0.0.0.0/00 on every port', 'spec.egress[0]']]);
  });

  test('Cilium CIDR sets count together too; private and narrow blocks, and blocks with ports, pass', () => {
    const cilium = ciliumPolicy({ endpointSelector: {}, egress: [{ toCIDR: ['0.0.0.0/6', '4.0.0.0/6'] }, { toCIDRSet: [{ cidr: '8.0.0.0/6' }, { cidr: '12.0.0.0/6' }] }] });
    expect(messages(cilium)).toEqual([
      ['warning', 'egress rules allow 0.0.0.0/6, 4.0.0.0/6, 8.0.0.0/6, 12.0.0.0/6 on every port: together 6.25% of the IPv4 internet', 'spec.egress'],
    ]);
    // ::/1 holds IPv6's internet (2000::/3) whole; 8000::/1 none of it
    expect(messages(ciliumPolicy({ endpointSelector: {}, egress: [{ toCIDRSet: [{ cidr: '::/1' }, { cidr: '8000::/1' }] }] })))
      .toEqual([['warning', 'egress rule 0 allows CIDR ::/1 on every port', 'spec.egress[0]']]);
    expect(messages(toBlocks('10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '203.0.113.0/24', 'fc00::/7'))).toEqual([]);
    const withPorts = networkPolicy({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1' } }], ports: [{ port: 443 }] }] });
    expect(messages(withPorts)).toEqual([]);
  });
});
