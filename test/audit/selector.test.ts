import { isEmptySelector, labelsAsSelector, selectableLabels, SelectorIndex, selectorMatches, stripSource } from '../../lib/audit';
import { closeReading, openReading } from '../../lib/audit/field-types';

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

  // (the rules count a selection as protection: a label Kubernetes would reject must not earn one)
  test.each([
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['public'] }] }],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }],
    [{ matchLabels: { tier: true } }],
  ])('a label value of the wrong type meets no requirement on its key: %j selects nothing', (selector) => {
    expect(selectorMatches(selector, { ...labels, tier: true } as never)).toBe(false);
    expect(selectorMatches(selector, { ...labels, tier: ['x'] } as never)).toBe(false);
  });

  test('empty selectors, Cilium source prefixes and plain label maps', () => {
    expect([isEmptySelector({}), isEmptySelector({ matchLabels: {} }), isEmptySelector({ matchLabels: { a: 'b' } }), isEmptySelector(undefined)])
      .toEqual([true, true, false, false]);
    expect(stripSource('k8s:app')).toBe('app');
    expect(stripSource('any:app')).toBe('app');
    expect(selectorMatches(labelsAsSelector({ app: 'api' }), labels)).toBe(true);
  });
});

describe('label selectors with a field of the wrong type |', () => {
  const labels = { app: 'api' };
  /** `read()` and the wrongly typed fields it noted. */
  const reading = <T>(read: () => T) => {
    const mark = openReading();
    const value = read();
    return { value, noted: closeReading(mark).map(({ path, expected, actual }) => ({ path, expected, actual })) };
  };

  // (each selected the pods before: the field was read as absent, or as a label key that is missing)
  test.each([
    [{ matchLabels: 'app=api' }, 'spec.podSelector.matchLabels', 'object', 'string'],
    [{ matchExpressions: { key: 'app', operator: 'Exists' } }, 'spec.podSelector.matchExpressions', 'list', 'object'],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: 'a' }] }, 'spec.podSelector.matchExpressions[0].values', 'list', 'string'],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: [1] }] }, 'spec.podSelector.matchExpressions[0].values[0]', 'string', 'number'],
    [{ matchExpressions: [{ key: 1, operator: 'DoesNotExist' }] }, 'spec.podSelector.matchExpressions[0].key', 'string', 'number'],
    // (it was not noted: the pair only failed to match)
    [{ matchLabels: { app: 1 } }, 'spec.podSelector.matchLabels.app', 'string', 'number'],
  ])('%j selects nothing (Kubernetes rejects its object), and the field is noted', (selector, path, expected, actual) => {
    expect(reading(() => selectorMatches(selector, labels, 'spec.podSelector'))).toEqual({ value: false, noted: [{ path, expected, actual }] });
  });

  test('a selector of the wrong type is noted and selects nothing; null and undefined are missing, not noted', () => {
    expect(reading(() => selectorMatches('app=api', labels, 'spec.podSelector')))
      .toEqual({ value: false, noted: [{ path: 'spec.podSelector', expected: 'object', actual: 'string' }] });
    expect(reading(() => [selectorMatches(null, labels, 'spec.podSelector'), selectorMatches({ matchLabels: null, matchExpressions: null }, labels)]))
      .toEqual({ value: [false, true], noted: [] });
  });

  // Kubernetes decodes a null in a map of strings or a list of strings as "" (Go's zero value: encoding/json leaves it),
  // so a label or selector value set to null is the empty string, present, and not noted
  test('a null label value, matchLabels value or expression value is the empty string', () => {
    expect(reading(() => selectableLabels({ app: 'api', tier: null }, 'metadata.labels'))).toEqual({ value: { app: 'api', tier: '' }, noted: [] });
    expect(reading(() => [
      selectorMatches({ matchLabels: { tier: null } }, { tier: '' }),
      selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: [null] }] }, { tier: '' }),
      selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: [null] }] }, { tier: '' }),
    ])).toEqual({ value: [true, true, false], noted: [] });
  });

  test('labels whose map is of the wrong type are noted and selected by no selector, not even an empty one or DoesNotExist', () => {
    const unselectable = reading(() => selectableLabels('app=api', 'spec.template.metadata.labels'));
    expect(unselectable.noted).toEqual([{ path: 'spec.template.metadata.labels', expected: 'object', actual: 'string' }]);
    expect([{}, { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }].map((s) => selectorMatches(s, unselectable.value))).toEqual([false, false]);
    expect(selectableLabels(undefined, 'metadata.labels')).toEqual({});
  });

  test('a selector whose matchLabels is of the wrong type is not empty (it was: every pod)', () => {
    expect(reading(() => isEmptySelector({ matchLabels: 'app=api' }, 'spec.podSelector')))
      .toEqual({ value: false, noted: [{ path: 'spec.podSelector.matchLabels', expected: 'object', actual: 'string' }] });
  });
});

describe('SelectorIndex at scale', () => {
  test('labels matched by the first pair of 200,000 selectors and of another one: every selector is found', () => {
    // one selector indexed under app=web, 200,000 under tier=backend: the lookup merges both candidate lists
    const selectors = [{ matchLabels: { app: 'web' } }, ...Array.from({ length: 200_000 }, () => ({ matchLabels: { tier: 'backend' } }))];
    const index = new SelectorIndex(selectors, (s) => s, (s, l) => selectorMatches(s, l));
    expect(index.selecting({ app: 'web', tier: 'backend' })).toHaveLength(200_001);
  });
});
