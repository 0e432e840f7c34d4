/**
 * The boundary reads plain data only: objects whose prototype is Object.prototype or null, lists and primitives.
 * Found in review: a `Map` given as `podLabels` was copied by its own keys as `{}` and the NetworkPolicy selected
 * every pod of the peer's namespace; `env` as a `Map` was dropped. A class instance, a function or an object that
 * inherits from another is now refused, naming the field, what it is and how to give it.
 */
import * as vm from 'node:vm';
import * as pulumi from '@pulumi/pulumi';
import {
  KubeHardenValidationError, Problem, RESTRICTED_PROFILE, hardenObject, renderCiGate, renderImageSupplyChainPolicy, renderPaymentService,
  renderRuntimeThreatDetection, renderSandboxRuntimes, renderSecureDeployment, renderSecurityChaosProbes, renderZeroTrustNamespace,
} from '../../lib/core';
import { joinPath } from '../../lib/core/boundary';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';
import * as valid from '../helpers/valid-props';

/* eslint-disable @typescript-eslint/no-explicit-any */

const PEER_FROM_WEB = (podLabels: unknown) => ({ allowFrom: [{ peer: { namespace: 'web', podLabels }, ports: [8080] }] });
const deployment = (patch: Record<string, unknown>) =>
  renderSecureDeployment({ ...valid.VALID_SECURE_DEPLOYMENT, allowFrom: undefined, ...patch } as any);

function problemsThrown(render: () => unknown): readonly Problem[] {
  try {
    render();
  } catch (error) {
    if (KubeHardenValidationError.isValidationError(error)) return error.problems;
    throw error;
  }
  throw new Error('expected a KubeHardenValidationError, but it rendered');
}

class Labels {
  public readonly app = 'gateway';
}

describe('the reviewer\'s case |', () => {
  test('podLabels as a plain object selects those pods; as a Map it is refused (it used to select every pod of web)', () => {
    const np = findObject(deployment(PEER_FROM_WEB({ app: 'gateway' })), 'NetworkPolicy', 'api');
    expect(np.spec.ingress[0].from).toEqual([expect.objectContaining({ podSelector: { matchLabels: { app: 'gateway' } } })]);

    expect(problemsThrown(() => deployment(PEER_FROM_WEB(new Map([['app', 'gateway']]))))).toEqual([{
      field: 'allowFrom[0].peer.podLabels', value: '<a Map>', message: 'is a Map, not plain data', fix: 'pass a plain object: Object.fromEntries(map).',
    }]);
  });

  test('env as a Map is refused (it used to be dropped), and so is writablePaths as a Set', () => {
    expect(problemsOf(() => deployment({ env: new Map([['LOG_LEVEL', 'debug']]) }))).toEqual(['env: is a Map, not plain data']);
    expect(problemsThrown(() => deployment({ writablePaths: new Set(['/var/cache']) }))).toEqual([
      expect.objectContaining({ field: 'writablePaths', message: 'is a Set, not plain data', fix: 'pass a list: [...set].' }),
    ]);
  });
});

describe('what is not plain data, and the fix each gets |', () => {
  test.each([
    ['a Date', new Date(0), /never converted/],
    ['a Labels', new Labels(), /plain object or list with the documented fields/],
    ['a function', () => ({ app: 'gateway' }), /not a function/],
    ['a Promise', Promise.resolve({ app: 'gateway' }), /await it/],
    ['an object that inherits from another', Object.create({ app: 'gateway' }), /inherited fields are never read/],
    ['a String object', Object.assign(Object.create(null), { app: new String('gateway') }), /value\.valueOf\(\)/],
    // a Pulumi Output given to the core (or cdk8s): only kube-harden/pulumi resolves them
    ['a Pulumi Output', pulumi.output({ app: 'gateway' }), /kube-harden\/pulumi component/],
  ])('%s', (kind, podLabels, fix) => {
    const [problem] = problemsThrown(() => deployment(PEER_FROM_WEB(podLabels)));

    expect(problem.field).toMatch(/^allowFrom\[0\]\.peer\.podLabels/);
    expect(problem.message).toBe(`is ${kind}, not plain data`);
    expect(problem.value).toBe(`<${kind}>`);
    expect(problem.fix).toMatch(fix);
  });

  test('a Pulumi Output where a string belongs is named as one (it used to be judged by its own fields)', () => {
    expect(problemsOf(() => deployment({ allowFrom: [{ peer: { namespace: pulumi.output('web') }, ports: [8080] }] })))
      .toEqual(['allowFrom[0].peer.namespace: is a Pulumi Output, not plain data']);
  });

  test('plain data passes: an Object.create(null) record, and an object of another realm', () => {
    const bare = Object.assign(Object.create(null), { app: 'gateway' });
    const foreign = vm.runInNewContext('({ app: "gateway" })');
    for (const podLabels of [bare, foreign]) {
      const np = findObject(deployment(PEER_FROM_WEB(podLabels)), 'NetworkPolicy', 'api');
      expect(np.spec.ingress[0].from[0].podSelector).toEqual({ matchLabels: { app: 'gateway' } });
    }
  });

  test('lists where records belong and records where lists belong are refused, saying which is wanted', () => {
    expect(problemsThrown(() => deployment(PEER_FROM_WEB([['app', 'gateway']])))).toEqual([expect.objectContaining({
      field: 'allowFrom[0].peer.podLabels', message: 'must be an object', fix: expect.stringContaining('a list is never taken as an object'),
    })]);
    expect(problemsThrown(() => deployment({ env: [{ name: 'LOG_LEVEL', value: 'debug' }] }))).toEqual([
      expect.objectContaining({ field: 'env', message: 'must be an object' }),
    ]);
    expect(problemsThrown(() => deployment({ ports: { 0: { name: 'http', port: 8080 } } }))).toEqual([expect.objectContaining({
      field: 'ports', message: 'must be an array', fix: expect.stringContaining('an object is never taken as a list'),
    })]);
  });

  test('every problem at once: each non-plain value once (no "must be an object" or "is required" for it), and the others', () => {
    expect(problemsOf(() => deployment({
      env: new Map([['LOG_LEVEL', 'debug']]),
      writablePaths: new Set(['/var/cache']),
      replica: 2,
      ...PEER_FROM_WEB(new Date(0)),
    }))).toEqual([
      'env: is a Map, not plain data',
      'writablePaths: is a Set, not plain data',
      'allowFrom[0].peer.podLabels: is a Date, not plain data',
      'replica: is not a known field',
    ]);
  });

  test('props that are a Map or a class instance are refused whole', () => {
    expect(problemsOf(() => renderSecureDeployment(new Map(Object.entries(valid.VALID_SECURE_DEPLOYMENT)) as any))).toEqual(['props: is a Map, not plain data']);
  });
});

/** Every plain object and list in `value`, with its path spelled as the boundary spells fields. */
function containers(value: unknown, path = ''): Array<{ path: readonly (string | number)[]; field: string; value: object }> {
  if (typeof value !== 'object' || value === null) return [];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    ...(path === '' ? [{ path: [], field: 'props', value }] : []),
    ...keys.flatMap((key) => {
      const item = (value as Record<string | number, unknown>)[key];
      const field = joinPath(path, key);
      const here = typeof item === 'object' && item !== null ? [{ path: [key], field, value: item }] : [];
      return [...here, ...containers(item, field).filter((c) => c.path.length > 0).map((c) => ({ ...c, path: [key, ...c.path] }))];
    }),
  ];
}

function replaced(value: unknown, path: readonly (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [key, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[key] = replaced(copy[key], rest, by);
  return copy;
}

const POD = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'pod', namespace: 'shop' }, spec: valid.PLAIN_POD_SPEC };
/** Each construct: name, valid props, render, and the prefix of its fields in problems (a profile's are `profile.`). */
const CONSTRUCTS: Array<[string, unknown, (props: any) => unknown, string]> = [
  ['SecureDeployment', valid.VALID_SECURE_DEPLOYMENT, (p) => renderSecureDeployment(p), ''],
  ['PaymentService', valid.VALID_PAYMENT_SERVICE, (p) => renderPaymentService(p), ''],
  ['ZeroTrustNamespace', valid.VALID_NAMESPACE, (p) => renderZeroTrustNamespace(p), ''],
  ['SandboxRuntimes', valid.VALID_SANDBOX_RUNTIMES, (p) => renderSandboxRuntimes(p), ''],
  ['ImageSupplyChainPolicy', valid.VALID_IMAGE_POLICY, (p) => renderImageSupplyChainPolicy(p), ''],
  ['RuntimeThreatDetection', valid.VALID_RUNTIME_DETECTION, (p) => renderRuntimeThreatDetection(p), ''],
  ['SecurityChaosProbes', valid.VALID_CHAOS_PROBES, (p) => renderSecurityChaosProbes(p), ''],
  ['harden options', valid.VALID_HARDEN_OPTIONS, (p) => hardenObject(POD, p), ''],
  ['CI gate options', { ci: 'github', manifestsDir: 'dist' }, (p) => renderCiGate(p), ''],
  ['custom profile', RESTRICTED_PROFILE, (p) => renderSecureDeployment(valid.VALID_SECURE_DEPLOYMENT, {}, p), 'profile'],
];

describe('every record and list of every construct\'s props |', () => {
  test.each(CONSTRUCTS)('%s: each record given as a Map and each list as a Set is refused, naming it', (_, base, render, prefix) => {
    const places = containers(base);
    expect(places.length).toBeGreaterThan(0);
    for (const place of places) {
      const props = replaced(base, place.path, Array.isArray(place.value) ? new Set(place.value) : new Map(Object.entries(place.value)));
      const field = prefix === '' ? place.field : place.field === 'props' ? prefix : `${prefix}.${place.field}`;
      const problems = problemsOf(() => render(props));
      // named once; what the construct then misses (a port the traffic names) may be reported besides
      expect({ place: place.field, problems: problems.filter((p) => p === field || p.startsWith(`${field}:`) || p.startsWith(`${field}.`) || p.startsWith(`${field}[`)) })
        .toEqual({ place: place.field, problems: [`${field}: is ${Array.isArray(place.value) ? 'a Set' : 'a Map'}, not plain data`] });
    }
  });
});
