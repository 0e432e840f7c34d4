/**
 * hardenObject on malformed input: a clear KubeHardenValidationError naming each field, its value and the fix, all
 * problems at once, and the input left as it was; never a TypeError, never a change that is not in the result.
 */
import { acknowledgementAnnotations, acknowledgementsOf, hardenObject, hardenPodSpec, isWorkloadObject, K8sObject } from '../../lib/core';
import { problemsOf, revokedProxy, validationProblemsOf } from '../helpers/problems';

const containers = [{ name: 'web', image: 'registry.example.com/shop/web:1.0' }];
const pod = (spec: Record<string, unknown>, metadata: unknown = { name: 'x' }): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers, ...spec } } as unknown as K8sObject);

describe('hardenObject on malformed input |', () => {
  test.each(['constructor', 'toString', '__proto__', 'ConfigMap'])('a kind without a pod spec (%s, an Object.prototype member included) comes back unchanged', (kind) => {
    const object = { apiVersion: 'v1', kind, metadata: { name: 'x' } } as K8sObject;
    expect(hardenObject(object)).toEqual({ object, changes: [], acknowledged: [] });
  });

  test('a Pod without metadata, or with metadata: null, is hardened, and an acknowledgement creates its metadata', () => {
    for (const metadata of [{}, { metadata: null }]) {
      const input = { apiVersion: 'v1', kind: 'Pod', ...metadata, spec: { containers: [{ ...containers[0], securityContext: { readOnlyRootFilesystem: false } }] } };
      const { object, changes } = hardenObject(input as unknown as K8sObject, { acknowledgements: { 'KH-POD-019': { reason: 'writes /var/run' } } });
      expect(object.metadata).toEqual({ annotations: { 'kube-harden.io/acknowledge.KH-POD-019': 'writes /var/run' } });
      expect(changes.find((c) => c.path === '/metadata')).toMatchObject({ to: object.metadata, control: 'KH-POD-019' });
    }
  });

  test('fields of the wrong type are each named with the value and the fix, all at once, and the input is not modified', () => {
    const input = pod({ securityContext: 'x', volumes: [null, { name: 'h', hostPath: { path: '/' } }], containers: [{ ...containers[0], securityContext: [] }] },
      { name: 'x', annotations: 'x' });
    const before = structuredClone(input);
    let error: any;
    try {
      hardenObject(input);
    } catch (e) {
      error = e;
    }
    expect(error.problems.map((p: any) => [p.field, p.value, p.message, p.fix])).toEqual([
      ['metadata.annotations', 'x', 'is a string, not an object: the API server rejects the object', 'give an object, or leave the field out.'],
      ['spec.securityContext', 'x', 'is a string, not an object: the API server rejects the object', 'give an object, or leave the field out.'],
      ['spec.volumes[0]', null, 'is null', 'remove the item, or give it as an object.'],
      ['spec.volumes[1].hostPath', { path: '/' }, 'is a hostPath volume (KH-POD-005, KH-POD-013)',
        'use an emptyDir, a persistentVolumeClaim or a csi volume; or acknowledge KH-POD-005 and KH-POD-013 with a reason.'],
      ['spec.containers[0].securityContext', [], 'is a list, not an object: the API server rejects the object', 'give an object, or leave the field out.'],
    ]);
    expect(error.message).toMatch(/^Invalid Pod 'x': 5 problems/);
    expect(input).toEqual(before);
  });

  test('wrongly typed scalars are refused rather than overwritten: the API server rejects them, and the audit cannot judge them', () => {
    expect(problemsOf(() => hardenObject(pod({
      hostNetwork: 'false',
      securityContext: { runAsUser: '0', fsGroup: 1.5, supplementalGroups: ['0'] },
      containers: [{ ...containers[0], imagePullPolicy: 1, resources: { limits: { cpu: true } }, securityContext: { privileged: 'false', capabilities: { drop: 'ALL' } } }],
    })))).toEqual([
      'spec.hostNetwork: is a string, not a boolean: the API server rejects the object',
      'spec.securityContext.runAsUser: is a string, not an integer: the API server rejects the object',
      'spec.securityContext.fsGroup: is a number, not an integer: the API server rejects the object',
      'spec.securityContext.supplementalGroups[0]: is a string, not an integer: the API server rejects the object',
      'spec.containers[0].securityContext.privileged: is a string, not a boolean: the API server rejects the object',
      'spec.containers[0].securityContext.capabilities.drop: is a string, not a list: the API server rejects the object',
      'spec.containers[0].imagePullPolicy: is an integer, not a string: the API server rejects the object',
      'spec.containers[0].resources.limits.cpu: is a boolean, not a string or a number: the API server rejects the object',
    ]);
  });

  test('a workload whose pod spec is missing, or is not an object, is refused; no object at all is refused', () => {
    const deployment = (spec: unknown): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec } as K8sObject);
    expect(problemsOf(() => hardenObject(deployment({ template: {} })))).toEqual([
      'spec.template.spec: is missing: a Deployment carries the spec of its pods there',
    ]);
    expect(problemsOf(() => hardenObject(deployment({ template: 'x' })))).toEqual([
      'spec.template: is a string, not an object: the API server rejects the object',
    ]);
    expect(problemsOf(() => hardenObject(null as unknown as K8sObject))).toEqual(['object: is missing']);
    expect(problemsOf(() => hardenPodSpec(['x'] as unknown as Record<string, unknown>))).toEqual([
      'podSpec: is a list, not an object: the API server rejects the object',
    ]);
  });

  test('a class instance where the hardener reads is refused by its class; one where it does not read passes through, the same object', () => {
    class Deferred {
      constructor(readonly value: unknown) {}
    }
    const image = new Deferred('registry.example.com/shop/web:1.0');
    const env = [{ name: 'MODE', value: new Deferred('prod') }];
    const { podSpec } = hardenPodSpec({ containers: [{ name: 'web', image, env }] });
    expect((podSpec as any).containers[0].image).toBe(image);
    expect((podSpec as any).containers[0].env[0].value).toBe(env[0].value);

    expect(problemsOf(() => hardenPodSpec({ securityContext: new Deferred({ runAsUser: 0 }), containers: [{ name: 'web', image }] }))).toEqual([
      'securityContext: is a Deferred, not plain JSON, and the hardener has to read it',
    ]);
  });

  // (each problem in full: the field from the object's root, the value, the message and the fix)
  const problemsIn = (harden: () => unknown): unknown[][] => validationProblemsOf(harden).map((p) => [p.field, p.value, p.message, p.fix]);
  const revoked = revokedProxy;
  const deployment = (spec: unknown): K8sObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec } as K8sObject);

  test('a revoked Proxy as the object is refused (it used to throw a TypeError)', () => {
    expect(problemsIn(() => hardenObject(revoked()))).toEqual([['object', '<unreadable>', 'is a revoked Proxy', 'give plain data.']]);
  });

  test('a revoked Proxy as the pod spec is refused (it used to throw a TypeError)', () => {
    expect(problemsIn(() => hardenPodSpec(revoked()))).toEqual([['podSpec', '<unreadable>', 'is a revoked Proxy', 'give plain data.']]);
  });

  test('an object whose kind getter throws is refused at kind (it used to throw the getter\'s error)', () => {
    const object = { apiVersion: 'v1', get kind(): string { throw new Error('boom'); }, spec: {} };
    expect(problemsIn(() => hardenObject(object as unknown as K8sObject))).toEqual([
      ['kind', '<unreadable>', 'could not be read (boom)', 'give plain data.'],
    ]);
  });

  test('a revoked Proxy as a container\'s securityContext is named there, alone (it used to be the container\'s, with "is null" besides)', () => {
    const input = deployment({ template: { spec: { containers: [{ ...containers[0], securityContext: revoked() }] } } });
    expect(problemsIn(() => hardenObject(input))).toEqual([
      ['spec.template.spec.containers[0].securityContext', '<unreadable>', 'is a revoked Proxy', 'give plain data.'],
    ]);
  });

  test('a spec getter that throws is named at spec, alone (it used to be named "", with "spec.template.spec is missing" besides)', () => {
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, get spec(): never { throw new Error('boom'); } };
    expect(problemsIn(() => hardenObject(object as unknown as K8sObject))).toEqual([
      ['spec', '<unreadable>', 'could not be read (boom)', 'give plain data.'],
    ]);
  });

  test('an acknowledge annotation with a blank reason is refused as that annotation (it used to be named acknowledgements.KH-POD-003.reason)', () => {
    const input = pod({ containers: [{ ...containers[0], securityContext: { privileged: true } }] },
      { name: 'x', annotations: { 'kube-harden.io/acknowledge.KH-POD-003': '  ' } });
    expect(problemsIn(() => hardenObject(input))).toEqual([[
      'metadata.annotations["kube-harden.io/acknowledge.KH-POD-003"]', '  ', 'is blank, invisible or holds control characters, so it acknowledges nothing',
      'say in a sentence of visible characters (on one line) why the weakening is needed, or remove the annotation.',
    ]]);
  });

  test('isWorkloadObject and acknowledgementsOf refuse an unreadable object or kind as hardenObject does (they threw the getter\'s error)', () => {
    const throwingKind = { apiVersion: 'v1', get kind(): string { throw new Error('boom'); }, spec: {} } as unknown as K8sObject;
    const throwingTraps = new Proxy({}, { getPrototypeOf: () => { throw new Error('trap'); } }) as K8sObject;
    for (const read of [isWorkloadObject, acknowledgementsOf]) {
      expect(problemsIn(() => read(throwingKind))).toEqual([['kind', '<unreadable>', 'could not be read (boom)', 'give plain data.']]);
      expect(problemsIn(() => read(revoked()))).toEqual([['object', '<unreadable>', 'is a revoked Proxy', 'give plain data.']]);
      expect(problemsIn(() => read(throwingTraps))).toEqual([['object', '<unreadable>', 'could not be read (trap)', 'give plain data.']]);
    }
  });

  test('acknowledgementsOf names a metadata field that throws, or a revoked Proxy in it, at its own field, all at once', () => {
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', get metadata(): never { throw new Error('boom'); }, spec: { template: { metadata: revoked() } } };
    expect(problemsIn(() => acknowledgementsOf(object as unknown as K8sObject))).toEqual([
      ['metadata', '<unreadable>', 'could not be read (boom)', 'give plain data.'],
      ['spec.template.metadata', '<unreadable>', 'is a revoked Proxy', 'give plain data.'],
    ]);
  });

  test('a null-prototype object is read as plain data, and a value of another type is no workload and acknowledges nothing', () => {
    const annotations = Object.assign(Object.create(null) as object, { 'kube-harden.io/acknowledge.KH-POD-019': 'writes /var/run' });
    const nullProto = Object.assign(Object.create(null) as object, { apiVersion: 'v1', kind: 'Pod', metadata: Object.assign(Object.create(null) as object, { annotations }) });
    expect(isWorkloadObject(nullProto as K8sObject)).toBe(true);
    expect(acknowledgementsOf(nullProto as K8sObject)).toEqual({ 'KH-POD-019': { reason: 'writes /var/run' } });
    for (const other of [null, undefined, 42, 'Pod', ['Pod'], () => 'Pod']) {
      expect(isWorkloadObject(other as unknown as K8sObject)).toBe(false);
      expect(acknowledgementsOf(other as unknown as K8sObject)).toEqual({});
    }
  });

  test('acknowledgementAnnotations names an acknowledgement that throws when read (it threw the getter\'s error)', () => {
    const acks = { 'KH-POD-019': { get reason(): string { throw new Error('boom'); } }, 'KH-POD-003': revoked() };
    expect(problemsIn(() => acknowledgementAnnotations(acks as never))).toEqual([
      ['acknowledgements.KH-POD-019.reason', '<unreadable>', 'could not be read (boom)', 'give plain data.'],
      ['acknowledgements.KH-POD-003', '<unreadable>', 'is a revoked Proxy', 'give plain data.'],
    ]);
    expect(acknowledgementAnnotations({ 'KH-POD-019': { reason: 'writes /var/run' } })).toEqual({ 'kube-harden.io/acknowledge.KH-POD-019': 'writes /var/run' });
  });

  test('a cycle in the input is a problem, not a stack overflow', () => {
    const labels: Record<string, unknown> = {};
    labels.self = labels;
    expect(problemsOf(() => hardenPodSpec({ containers, extra: labels }))).toEqual(['extra.self: refers back to itself']);
  });
});
