import { dnsSelectorMatches, matchPatternRegExp } from '../../../lib/audit/reach';

// Cases from cilium pkg/fqdn/matchpattern/matchpattern_test.go (TestAnchoredMatchPatternMatching,
// TestAnchoredMatchPatternREConversion) and the conversion in pkg/fqdn/matchpattern/matchpattern.go
// (ToAnchoredRegexp: '*' -> [-a-zA-Z0-9_]*, never a dot; an all-star pattern matches every name; leading '**.' matches
// one or more whole labels; Sanitize makes the pattern fully qualified).
describe('Cilium matchPattern |', () => {
  test.each([
    ['cilium.io.', ['cilium.io.'], ['', 'anysub.cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.']],
    ['*.cilium.io.', ['anysub.cilium.io.'], ['', 'cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.', 'a.b.cilium.io.']],
    ['*.ci*.io.', ['anysub.cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.'], ['', 'cilium.io.']],
    ['*', ['.', 'io.', 'cilium.io.', 'svc.cluster.local.', 'service.namesace.svc.cluster.local.', '_foobar._tcp.cilium.io.'],
      ['', '.io.', '.cilium.io.', '.svc.cluster.local.', 'cilium.io']],
    ['.', ['.'], ['', '.io.', '.cilium.io']],
    ['_foobar._tcp.cilium.io.', ['_foobar._tcp.cilium.io.'], ['', '_tcp.cilium.io.', 'cilium.io.']],
    ['*.*.cilium.io.', ['_foobar._tcp.cilium.io.'], ['']],
    ['**.cilium.io.', ['a.cilium.io.', 'a.b.c.cilium.io.'], ['cilium.io.', '']],
    ['*.com', ['example.com.'], ['a.example.com.']],
  ])('%s', (pattern, accept, reject) => {
    const re = matchPatternRegExp(pattern);
    for (const name of accept) expect([name, re.test(name)]).toEqual([name, true]);
    for (const name of reject) expect([name, re.test(name)]).toEqual([name, false]);
  });

  test("issue 11: '*.*.svc.cluster.local.' refuses the search-path expansions a pod sends first", () => {
    const rule = { matchPattern: '*.*.svc.cluster.local.' };
    expect(dnsSelectorMatches(rule, 'payment-service.payments.svc.cluster.local')).toBe(true);
    expect(dnsSelectorMatches(rule, 'payment-service.payments.svc.payments.svc.cluster.local.')).toBe(false);
    expect(dnsSelectorMatches(rule, 'api.bank-gateway.example.com.payments.svc.cluster.local.')).toBe(false);
    expect(dnsSelectorMatches({ matchPattern: '*' }, 'api.bank-gateway.example.com.payments.svc.cluster.local.')).toBe(true);
  });

  test('matchName compares fully qualified, lower-case names', () => {
    expect(dnsSelectorMatches({ matchName: 'API.Bank.example.com' }, 'api.bank.example.com.')).toBe(true);
    expect(dnsSelectorMatches({ matchName: 'api.bank.example.com' }, 'x.api.bank.example.com')).toBe(false);
  });
});
