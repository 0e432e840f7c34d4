import { runInNewContext } from 'node:vm';
import { Lazy } from 'cdk8s';
import { plainObjects } from '../../lib/core/plain-objects';
import { KubeHardenValidationError } from '../../lib/core/validation';

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'pay' }, data: { a: '1' } };

/** The fields of the problems `plainObjects(objects)` throws with (none when it returns). */
function problemFields(objects: unknown): string[] {
  try {
    plainObjects(objects, 'test');
    return [];
  } catch (error) {
    if (!KubeHardenValidationError.isValidationError(error)) throw error;
    return error.problems.map((p) => p.field);
  }
}

describe('plainObjects', () => {
  test('returns copies: equal, not the same objects, and the caller\'s objects stay as they were (not frozen)', () => {
    const given = JSON.parse(JSON.stringify(CONFIG_MAP)) as typeof CONFIG_MAP;
    const [copy] = plainObjects([given], 'test');
    expect(copy).toStrictEqual(given);
    expect(copy).not.toBe(given);
    expect(copy.metadata).not.toBe(given.metadata);
    expect(Object.isFrozen(given)).toBe(false);
    given.data.a = 'changed';
    expect((copy as typeof CONFIG_MAP).data.a).toBe('1');
  });

  test('reads own enumerable data only: an array\'s extra properties and non-enumerable members are not copied', () => {
    const args = Object.assign(['--a'], { value: 'x', resolve: () => ['--privileged'] });
    const data = Object.defineProperty({ a: '1' }, 'resolve', { value: () => ({ b: 2 }), enumerable: false });
    const [copy] = plainObjects([{ ...CONFIG_MAP, data, args }], 'test') as unknown as [{ data: object; args: unknown[] }];
    expect(copy.data).toStrictEqual({ a: '1' });
    expect(copy.args).toStrictEqual(['--a']);
  });

  test('a plain object of another realm (vm, a worker\'s message) is plain', () => {
    const foreign = runInNewContext('({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm" }, data: { a: "1" } })') as object;
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype);
    expect(JSON.stringify(plainObjects([foreign], 'test'))).toBe(JSON.stringify([foreign]));
  });

  test('an own __proto__ key stays an own key of the copy, never its prototype', () => {
    const given = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"__proto__":{"hidden":"x"}}}');
    const [copy] = plainObjects([given], 'test') as unknown as [{ data: Record<string, unknown> }];
    expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
    expect(Object.keys(copy.data)).toEqual(['__proto__']);
  });

  test('names every problem at once: class instances (a cdk8s Lazy), functions, non-finite numbers, cycles, undefined items, missing names', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(problemFields([
      { ...CONFIG_MAP, data: { lazy: Lazy.any({ produce: () => 'x' }), inherits: Object.create({ inherited: 'x' }) } },
      { ...CONFIG_MAP, data: { f: () => 'x', n: Number.NaN } },
      { ...CONFIG_MAP, spec: cyclic },
      { ...CONFIG_MAP, items: ['a', undefined] },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 3 } },
      'ConfigMap',
    ])).toEqual([
      'objects[0].data.lazy', 'objects[0].data.inherits',
      'objects[1].data.f', 'objects[1].data.n',
      'objects[2].spec.self',
      'objects[3].items[1]',
      'objects[4].metadata.name', 'objects[4].metadata.namespace',
      'objects[5]',
    ]);
  });

  // Found in review (helper-34): cdk8s's metadata spreads what it is given, so a list of labels became labels 0, 1, ...
  test('metadata fields cdk8s copies as given must have their types: labels and annotations maps of strings, lists of finalizers and owners', () => {
    const metadata = (extra: Record<string, unknown>) => ({ ...CONFIG_MAP, metadata: { name: 'cm', ...extra } });
    expect(problemFields([
      metadata({ labels: ['a', 'b'], annotations: { a: 1 } }),
      metadata({ finalizers: 'x', ownerReferences: ['x'] }),
      metadata({ labels: { a: 'b' }, annotations: {}, finalizers: ['x'], ownerReferences: [{ kind: 'X' }] }),
    ])).toEqual(['objects[0].metadata.labels', 'objects[0].metadata.annotations', 'objects[1].metadata.finalizers', 'objects[1].metadata.ownerReferences']);
  });

  test('a value that is not a list, and nesting deeper than 100 levels, are problems, not crashes', () => {
    expect(problemFields(CONFIG_MAP)).toEqual(['objects']);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) deep = { deep };
    expect(problemFields([{ ...CONFIG_MAP, spec: deep }])).toHaveLength(1);
  });

  test('a getter runs once, and one that throws is a problem', () => {
    let reads = 0;
    const data = { get a() { reads++; return '1'; } };
    expect(plainObjects([{ ...CONFIG_MAP, data }], 'test')).toStrictEqual([{ ...CONFIG_MAP, data: { a: '1' } }]);
    expect(reads).toBe(1);
    const failing = { get a(): string { throw new Error('no'); } };
    expect(problemFields([{ ...CONFIG_MAP, data: failing }])).toEqual(['objects[0].data']);
  });
});
