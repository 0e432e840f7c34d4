import { canonicalize, finalizeObjects, K8sObject, objectKey } from '../../lib/core';

describe('canonicalize', () => {
  test('sorts keys, prunes undefined and keeps explicit false and 0', () => {
    // GIVEN
    const value = { b: 1, a: { d: false, c: undefined, e: 0 }, list: [undefined, '', { z: 1, y: 2 }] };
    // WHEN
    const result = canonicalize(value);
    // THEN
    expect(JSON.stringify(result)).toBe('{"a":{"d":false,"e":0},"b":1,"list":["",{"y":2,"z":1}]}');
  });

  test('refuses class instances and non-finite numbers', () => {
    expect(() => canonicalize({ when: new Date(0) })).toThrow(/non-plain object \(Date\) at '\/when'/);
    expect(() => canonicalize({ n: NaN })).toThrow(/non-finite number NaN at '\/n'/);
  });
});

describe('finalizeObjects', () => {
  const obj = (kind: string, name: string, namespace?: string): K8sObject => ({ apiVersion: 'v1', kind, metadata: { name, namespace } });

  test('orders objects by kind rank, then namespace and name', () => {
    const ordered = finalizeObjects([obj('Service', 'b', 'x'), obj('Deployment', 'a', 'x'), obj('Namespace', 'x'), obj('Service', 'a', 'x')]);
    expect(ordered.map(objectKey)).toEqual(['v1/Namespace//x', 'v1/Service/x/a', 'v1/Service/x/b', 'v1/Deployment/x/a']);
  });

  test('rejects two objects with the same key', () => {
    expect(() => finalizeObjects([obj('Service', 'a', 'x'), obj('Service', 'a', 'x')])).toThrow(/same key 'v1\/Service\/x\/a'/);
  });
});
