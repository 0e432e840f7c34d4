import { Problems, checkAbsolutePath, checkCidr, checkLabelMap, checkPortName, checkQuantity, isLabelKey, parseCidr, quantityValue } from '../../lib/core';

// Cases from apimachinery's own tests: pkg/api/resource/quantity_test.go (TestQuantityParse: the table and `invalid`),
// and the grammar in pkg/api/resource/quantity.go (decimalSI ::= n | u | m | "" | k | M | G | T | P | E).
describe('quantities as apimachinery parses them', () => {
  test.each([
    ['5n', 5e-9], ['4u', 4e-6], ['100n', 100e-9], ['3m', 0.003], ['8k', 8000], ['7M', 7e6], ['2P', 2e15], ['1E', 1e18], ['12E', 12e18],
    ['1Ki', 1024], ['3Ei', 3 * 2 ** 60], ['1E-3', 0.001], ['1E6', 1e6], ['1.3E+6', 1.3e6], ['0.5e-1', 0.05],
    ['100.035k', 100035], ['.001', 0.001], ['1.', 1], ['1.G', 1e9], ['+1', 1], ['-1', -1], ['0.5Mi', 0.5 * 2 ** 20],
  ])('%s is %d', (quantity, value) => {
    expect(quantityValue(quantity)).toBeCloseTo(value, 12);
    const problems = new Problems();
    checkQuantity(problems, 'q', quantity);
    expect(problems.isEmpty).toBe(true);
  });

  test.each(['1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', ' 1', '1 ', '1e', '1Ki5', '.'])(
    '%j is not a quantity', (quantity) => {
      expect(quantityValue(quantity)).toBeUndefined();
    });
});

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

// apimachinery pkg/util/validation/validation_test.go (TestIsQualifiedName): label keys are `[prefix/]name`, the
// prefix a DNS-1123 subdomain, the name at most 63 characters.
describe('label keys', () => {
  test.each([
    'simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple',
    'now.with.dots/simple', '1-num.2-num/3-num', '1234/5678', '1.2.3.4/5678', 'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123', 'requests.storage-foo', 'a'.repeat(63), `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ])('%j is a label key', (key) => {
    expect(isLabelKey(key)).toBe(true);
  });

  test.each([
    'nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc',
    'example_com/abc', 'example.com/', '/simple', 'a'.repeat(64), `${'a'.repeat(254)}/abc`,
  ])('%j is not a label key, and a label map that has it says how to fix it', (key) => {
    expect(isLabelKey(key)).toBe(false);
    const problems = new Problems();
    checkLabelMap(problems, 'labels', { [key]: 'v' });
    expect(problems.list).toEqual([expect.objectContaining({ field: `labels.${key}`, message: 'is not a valid label key' })]);
  });
});

// Addresses are parsed by node:net (isIP), as Go's net.ParseCIDR does for NetworkPolicy ipBlock.cidr.
describe('CIDR blocks', () => {
  test.each([
    ['10.0.0.0/8', 4, 8], ['0.0.0.0/0', 4, 0], ['::/0', 6, 0], ['2001:db8::/32', 6, 32], ['::ffff:10.0.0.0/104', 6, 104], ['fd00:10::1/128', 6, 128],
  ])('%s is an IPv%d block of prefix %d', (cidr, family, prefix) => {
    expect(parseCidr(cidr)).toEqual({ family, prefix });
  });

  test.each([':::::/64', '10.0.0.0/33', '10.0.0/8', '10.0.0.0', '::/129', '300.0.0.0/8', '10.0.0.0/-1', ' 10.0.0.0/8', 42])(
    '%j is refused with a fix', (cidr) => {
      const problems = new Problems();
      checkCidr(problems, 'egress[0].cidr', cidr);
      expect(problems.list).toEqual([expect.objectContaining({ field: 'egress[0].cidr', message: 'is not a CIDR block' })]);
    });
});
