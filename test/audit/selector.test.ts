import { isEmptySelector, labelsAsSelector, selectorMatches, stripSource } from '../../lib/audit';

describe('label selectors |', () => {
  const labels = { 'app': 'api', 'tier': 'backend', 'io.kubernetes.pod.namespace': 'pay' };

  test.each([
    [{}, true],
    [{ matchLabels: { app: 'api' } }, true],
    [{ matchLabels: { app: 'web' } }, false],
    [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'pay' } }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'db'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, false],
    [undefined, false],
  ])('%j selects %j', (selector, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });

  test('empty selectors, Cilium source prefixes and plain label maps', () => {
    expect([isEmptySelector({}), isEmptySelector({ matchLabels: {} }), isEmptySelector({ matchLabels: { a: 'b' } }), isEmptySelector(undefined)])
      .toEqual([true, true, false, false]);
    expect(stripSource('k8s:app')).toBe('app');
    expect(stripSource('any:app')).toBe('app');
    expect(selectorMatches(labelsAsSelector({ app: 'api' }), labels)).toBe(true);
  });
});
