import { dnsNameMatches, dnsPatternMatches, dnsPatternRegExp, dnsSelectorsMatch, searchPathQueries } from '../../lib/core/traffic/dns-pattern';

/**
 * Cilium's matchPattern semantics, case by case from upstream's own tests:
 * cilium/cilium pkg/fqdn/matchpattern/matchpattern_test.go (TestAnchoredMatchPatternMatching) for the conversion in
 * pkg/fqdn/matchpattern/matchpattern.go (ToAnchoredRegexp, escapeRegexpCharacters, isDNSWildcard, Sanitize).
 */
describe('dnsPatternMatches (Cilium pkg/fqdn/matchpattern)', () => {
  const cases: Array<{ pattern: string; accept: string[]; reject: string[] }> = [
    { pattern: 'cilium.io.', accept: ['cilium.io.'], reject: ['', 'anysub.cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.'] },
    { pattern: '*.cilium.io.', accept: ['anysub.cilium.io.'], reject: ['', 'cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.'] },
    { pattern: '*.ci*.io.', accept: ['anysub.cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.'], reject: ['', 'cilium.io.'] },
    {
      pattern: '*',
      accept: ['.', 'io.', 'cilium.io.', 'svc.cluster.local.', 'service.namesace.svc.cluster.local.', '_foobar._tcp.cilium.io.'],
      reject: ['', '.io.', '.cilium.io.', '.svc.cluster.local.', 'cilium.io'],
    },
    { pattern: '.', accept: ['.'], reject: ['', '.io.', '.cilium.io'] },
    { pattern: '_foobar._tcp.cilium.io.', accept: ['_foobar._tcp.cilium.io.'], reject: ['', '_tcp.cilium.io.', 'cilium.io.'] },
    { pattern: '*.*.cilium.io.', accept: ['_foobar._tcp.cilium.io.'], reject: [''] },
    // Leading `**.`: one or more whole labels (matchpattern.go subdomain wildcard).
    { pattern: '**.cilium.io.', accept: ['a.cilium.io.', 'a.b.cilium.io.'], reject: ['cilium.io.'] },
  ];
  test.each(cases)('$pattern', ({ pattern, accept, reject }) => {
    for (const name of accept) expect([name, dnsPatternMatches(pattern, name)]).toEqual([name, true]);
    for (const name of reject) expect([name, dnsPatternMatches(pattern, name)]).toEqual([name, false]);
  });

  test('conversion: the regular expressions of matchpattern_test.go (TestAnchoredMatchPatternREConversion)', () => {
    expect(dnsPatternRegExp('cilium.io.').source).toBe('^cilium[.]io[.]$');
    expect(dnsPatternRegExp('*.cilium.io.').source).toBe('^[-a-zA-Z0-9_]*[.]cilium[.]io[.]$');
    expect(dnsPatternRegExp('*').source).toBe('(^([-a-zA-Z0-9_]+[.])+$)|(^[.]$)');
    expect(dnsPatternRegExp('.').source).toBe('^[.]$');
  });

  test('patterns are sanitized to fully qualified, lower-case names; `*` never crosses a dot', () => {
    expect(dnsPatternMatches('*.bank.example.com', 'API.bank.example.com.')).toBe(true);
    expect(dnsPatternMatches('*.bank.example.com', 'a.b.bank.example.com.')).toBe(false);
    expect(dnsNameMatches('api.bank-gateway.example.com', 'api.bank-gateway.example.com.')).toBe(true);
    expect(dnsSelectorsMatch([{ matchName: 'a.example.com' }, { matchPattern: '*.example.org' }], 'x.example.org.')).toBe(true);
    expect(dnsSelectorsMatch([{ matchName: 'a.example.com' }], 'b.example.com.')).toBe(false);
  });
});

describe('searchPathQueries (pod resolv.conf: search <ns>.svc.<domain> svc.<domain> <domain>, ndots:5)', () => {
  test('a short name walks the search list first, then is tried as is', () => {
    expect(searchPathQueries('payment-service.payments.svc', 'payments', 'cluster.local')).toEqual([
      'payment-service.payments.svc.payments.svc.cluster.local.',
      'payment-service.payments.svc.svc.cluster.local.',
      'payment-service.payments.svc.cluster.local.',
      'payment-service.payments.svc.',
    ]);
  });

  test('a name with at least ndots dots, or a final dot, is tried as is first', () => {
    expect(searchPathQueries('a.b.c.d.e.f', 'ns', 'cluster.local')[0]).toBe('a.b.c.d.e.f.');
    expect(searchPathQueries('api.example.com.', 'ns', 'cluster.local')).toEqual(['api.example.com.']);
  });

  test('the former in-cluster pattern `*.*.svc.cluster.local.` refuses search-path expansions (the bug this fixes)', () => {
    const refused = searchPathQueries('api.bank-gateway.example.com', 'payments', 'cluster.local').filter((q) => !dnsPatternMatches('*.*.svc.cluster.local.', q));
    expect(refused).toContain('api.bank-gateway.example.com.payments.svc.cluster.local.');
  });
});
