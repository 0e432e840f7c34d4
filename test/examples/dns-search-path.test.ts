import { Testing } from 'cdk8s';
import { buildPaymentPlatform } from '../../examples/cdk8s-payment-platform/main';
import { BANK_GATEWAY } from '../../examples/shared/payment-platform';
import { DnsSelector, dnsSelectorsMatch, searchPathQueries } from '../../lib/core/traffic/dns-pattern';

/**
 * Every DNS rule of the example lets through every name a pod's resolver sends (search-path expansions included),
 * judged by Cilium's matchpattern semantics (cilium/cilium pkg/fqdn/matchpattern/matchpattern.go, see
 * test/core/dns-pattern.test.ts). A REFUSED answer to an expansion stops glibc and musl resolvers.
 */
describe('examples/cdk8s-payment-platform: DNS under Cilium', () => {
  const app = Testing.app();
  const platform = buildPaymentPlatform(app);
  const objects = [platform.namespaces, platform.payments, platform.security].flatMap((chart) => Testing.synth(chart));
  const dnsRules = objects
    .filter((o) => o.kind === 'CiliumNetworkPolicy')
    .flatMap((o) => (o.spec.egress ?? []).flatMap((rule: any) => (rule.toPorts ?? [])
      .filter((p: any) => p.rules?.dns !== undefined)
      .map((p: any) => ({ policy: `${o.metadata.namespace}/${o.metadata.name}`, namespace: o.metadata.namespace as string, dns: p.rules.dns as DnsSelector[] }))));

  test('the example has DNS rules in the namespaces, the workloads and the probe namespace', () => {
    expect(dnsRules.map((r) => r.policy)).toEqual(expect.arrayContaining([
      'payments/default-deny', 'payments/payment-service', 'payments/api-gateway', 'finance/default-deny', 'kube-harden-probes/security-probes',
    ]));
  });

  test('every search-path expansion of in-cluster and external names is allowed', () => {
    const refused: string[] = [];
    for (const rule of dnsRules) {
      const names = ['payment-service.payments.svc', 'payment-service', 'kubernetes.default', BANK_GATEWAY];
      const queries = names.flatMap((n) => searchPathQueries(n, rule.namespace, 'cluster.local'));
      // The acceptance names of issue 11, spelled out.
      queries.push(`payment-service.payments.svc.${rule.namespace}.svc.cluster.local.`, 'payment-service.payments.svc.svc.cluster.local.',
        `${BANK_GATEWAY}.${rule.namespace}.svc.cluster.local.`);
      for (const q of queries) if (!dnsSelectorsMatch(rule.dns, q)) refused.push(`${rule.policy}: ${q}`);
    }
    expect(refused).toEqual([]);
  });
});
