import { Problems, checkAbsolutePath, checkPortName, checkQuantity, quantityValue } from '../../lib/core';

describe('quantities', () => {
  test.each([['250m', 0.25], ['1', 1], ['1.5', 1.5], ['.5', 0.5], ['1e3', 1000], ['160Mi', 160 * 2 ** 20], ['2k', 2000], ['1Gi', 2 ** 30]])(
    '%s is %d', (quantity, value) => {
      expect(quantityValue(quantity)).toBe(value);
    });

  test.each(['', 'lots', '1.5.5', '10 Mi', 'Mi', '1mi', '1Ki5'])('%j is refused with a fix', (quantity) => {
    const problems = new Problems();
    checkQuantity(problems, 'resources.limits.cpu', quantity);
    expect(problems.list).toEqual([expect.objectContaining({ field: 'resources.limits.cpu', message: 'is not a Kubernetes quantity' })]);
    expect(quantityValue(quantity)).toBeUndefined();
  });
});

describe('names and paths', () => {
  test.each([['http', true], ['grpc-api', true], ['a-very-long-name-x', false], ['8080', false], ['http--x', false], ['HTTP', false]])(
    'port name %j valid: %s', (name, valid) => {
      const problems = new Problems();
      checkPortName(problems, 'ports[0].name', name);
      expect(problems.isEmpty).toBe(valid);
    });

  test.each([['/etc/app', true], ['/', false], ['etc', false], ['/a/../b', false], ['/a b', false]])('mount path %j valid: %s', (path, valid) => {
    const problems = new Problems();
    checkAbsolutePath(problems, 'writablePaths[0]', path);
    expect(problems.isEmpty).toBe(valid);
  });
});
