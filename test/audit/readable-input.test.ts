/**
 * The audit's and reach's entry points on input they cannot read (a getter that throws, a revoked Proxy, a Proxy whose
 * traps throw): one KubeHardenValidationError naming each field, all at once, as the hardener reports them; never the
 * getter's error or a TypeError. Null-prototype objects are plain data, and items of another type are judged.
 */
import { audit, auditFindings, buildModel, complianceReport, computeReach, createAuditContext, reachExposure } from '../../lib/audit';
import { K8sObject } from '../../lib/core';
import { revokedProxy, validationProblemsOf } from '../helpers/problems';

/** Each problem of the validation error `run` throws: field, value, message. */
const problemsIn = (run: () => unknown): unknown[][] => validationProblemsOf(run).map((p) => [p.field, p.value, p.message]);
const revoked = revokedProxy;
const throwing = (holder: Record<string, unknown>, key: string): Record<string, unknown> =>
  Object.defineProperty(holder, key, { get: () => { throw new Error(`boom ${key}`); }, enumerable: true });
const deployment = (name: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'nginx' }] } } },
  ...more,
});
const nullPrototype = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(nullPrototype);
  if (typeof value !== 'object' || value === null) return value;
  return Object.assign(Object.create(null) as object, Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullPrototype(v)])));
};

describe('the audit on input it cannot read |', () => {
  const hostile = (): K8sObject[] => [
    throwing(deployment('a'), 'kind'),
    revoked(),
    deployment('c', { metadata: throwing({ namespace: 'shop' }, 'name') }),
    deployment('d', { metadata: revoked() }),
    deployment('e', { metadata: { name: 'e', labels: revoked() } }),
    new Proxy({}, { get: () => { throw new Error('trap'); } }),
  ] as never;
  const expected = [
    ['objects[0].kind', '<unreadable>', 'could not be read (boom kind)'],
    ['objects[1]', '<unreadable>', 'is a revoked Proxy'],
    ['objects[2].metadata.name', '<unreadable>', 'could not be read (boom name)'],
    ['objects[3].metadata', '<unreadable>', 'is a revoked Proxy'],
    ['objects[4].metadata.labels', '<unreadable>', 'is a revoked Proxy'],
    ['objects[5].apiVersion', '<unreadable>', 'could not be read (trap)'],
    ['objects[5].kind', '<unreadable>', 'could not be read (trap)'],
    ['objects[5].metadata', '<unreadable>', 'could not be read (trap)'],
  ];

  test.each([
    ['audit', (objects: K8sObject[]) => audit(objects)],
    ['auditFindings', (objects: K8sObject[]) => auditFindings(objects)],
    ['complianceReport', (objects: K8sObject[]) => complianceReport(objects, { standard: 'nsa' })],
    ['createAuditContext', (objects: K8sObject[]) => createAuditContext(objects, { allowedRegistries: [] })],
  ])('%s names each field it cannot read, all at once (it threw the first one\'s error)', (_, run) => {
    expect(problemsIn(() => run(hostile()))).toEqual(expected);
  });

  test('context objects are named as options.context', () => {
    expect(problemsIn(() => audit([deployment('a') as K8sObject], { context: [revoked()] }))).toEqual([['options.context[0]', '<unreadable>', 'is a revoked Proxy']]);
  });

  test.each([[undefined, 'is missing'], [null, 'is missing'], [42, 'is a number, not a list'], [deployment('a'), 'is an object, not a list']])(
    'objects of %p are refused: %s (it threw a TypeError)', (objects, message) => {
      expect(problemsIn(() => audit(objects as never)).map((p) => [p[0], p[2]])).toEqual([['objects', message]]);
    });

  test('a field deeper than the identity that throws stays a rule error finding of the object (the audit fails closed)', () => {
    const findings = audit([throwing(deployment('a'), 'spec') as K8sObject]).findings;
    expect(findings.filter((f) => f.ruleError).length).toBeGreaterThan(0);
    expect(findings.every((f) => f.object?.name === 'a')).toBe(true);
  });

  test('null-prototype objects are audited as the same plain objects; items of another type are judged, not refused', () => {
    const plain = [deployment('a') as K8sObject];
    expect(audit(nullPrototype(plain) as K8sObject[]).findings).toEqual(audit(plain).findings);
    expect(() => audit([null, 42, 'x', deployment('a')] as never)).not.toThrow();
  });
});

describe('reach on input it cannot read |', () => {
  test.each([
    ['computeReach', (objects: K8sObject[]) => computeReach(objects)],
    ['reachExposure', (objects: K8sObject[]) => reachExposure(objects)],
    ['buildModel', (objects: K8sObject[]) => buildModel(objects)],
  ])('%s names each field it cannot read, its spec included, all at once (it threw the first one\'s error)', (_, run) => {
    const objects = [
      throwing(deployment('a'), 'spec'),
      deployment('b', { spec: { template: { metadata: revoked(), spec: { containers: [] } } } }),
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'shop' }, spec: throwing({}, 'podSelector') },
    ] as K8sObject[];
    expect(problemsIn(() => run(objects))).toEqual([
      ['objects[0].spec', '<unreadable>', 'could not be read (boom spec)'],
      ['objects[1].spec.template.metadata', '<unreadable>', 'is a revoked Proxy'],
      ['objects[2].spec.podSelector', '<unreadable>', 'could not be read (boom podSelector)'],
    ]);
  });

  test('objects that are not a list are refused (it threw "objects is not iterable")', () => {
    expect(problemsIn(() => computeReach(42 as never))).toEqual([['objects', 42, 'is a number, not a list']]);
    expect(problemsIn(() => computeReach(undefined as never))).toEqual([['objects', undefined, 'is missing']]);
  });

  test('null-prototype objects give the flows of the same plain objects', () => {
    const plain = [deployment('a'), deployment('b')] as K8sObject[];
    expect(computeReach(nullPrototype(plain) as K8sObject[]).flows).toEqual(computeReach(plain).flows);
  });
});
