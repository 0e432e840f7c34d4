import { deployment, namespace, policy } from './helpers';
import { computeReach, resolveName } from '../../../lib/audit/reach';

// A ClusterFirst pod's resolv.conf: `search <ns>.svc.cluster.local svc.cluster.local cluster.local` and `ndots:5`
// (kubernetes pkg/kubelet/network/dns/dns.go); names with fewer dots go through the search list first.
// Cilium's DNS proxy answers REFUSED to a query no DNS rule allows (pkg/fqdn/dnsproxy), and an L4-only allow on the
// same port wildcards the L7 rules (cilium PRs #3732, #8106: NetworkPolicy and Cilium allows are a union).
const dnsEgress = (dns: unknown[]) => policy('CiliumNetworkPolicy', 'app', 'dns', {
  endpointSelector: {},
  egress: [{
    toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
    toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns } }],
  }],
}, 'cilium.io/v2');
const service = policy('Service', 'payments', 'payment-service', { selector: { app: 'x' } });
const objects = [namespace('app'), deployment('app', 'client'), service];

describe('DNS through the search path |', () => {
  test("issue 11: '*.*.svc.cluster.local.' refuses the first expansion, so neither service nor external names resolve", () => {
    const result = computeReach([...objects, dnsEgress([{ matchPattern: '*.*.svc.cluster.local.' }, { matchName: 'api.bank.example.com' }])], { cni: 'cilium' });
    expect(resolveName(result, 'app/client', 'payment-service.payments.svc')).toMatchObject({
      resolved: false, refused: 'payment-service.payments.svc.app.svc.cluster.local.',
    });
    expect(resolveName(result, 'app/client', 'api.bank.example.com')).toMatchObject({ resolved: false, refused: 'api.bank.example.com.app.svc.cluster.local.' });
  });

  test("matchPattern '*' lets every expansion through: service and external names resolve (toFQDNs stays the boundary)", () => {
    const result = computeReach([...objects, dnsEgress([{ matchPattern: '*' }])], { cni: 'cilium' });
    expect(resolveName(result, 'app/client', 'payment-service.payments.svc')).toMatchObject({ resolved: true });
    expect(resolveName(result, 'app/client', 'api.bank.example.com').queries).toHaveLength(4);
    expect(resolveName(result, 'app/client', 'api.bank.example.com')).toMatchObject({ resolved: true });
  });

  test('a NetworkPolicy allow to kube-dns:53 beside the Cilium DNS rule removes the filter under cilium', () => {
    const mirror = policy('NetworkPolicy', 'app', 'dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] }],
    }, 'networking.k8s.io/v1');
    const result = computeReach([...objects, dnsEgress([{ matchName: 'only.example.com' }]), mirror], { cni: 'cilium' });
    expect(result.dns.get('app/client')).toEqual({ reachable: true });
    expect(computeReach([...objects, dnsEgress([{ matchName: 'only.example.com' }])], { cni: 'cilium' }).dns.get('app/client'))
      .toEqual({ reachable: true, filter: [{ matchName: 'only.example.com' }] });
  });

  test('no route to kube-dns: nothing resolves', () => {
    const deny = policy('NetworkPolicy', 'app', 'deny', { podSelector: {}, policyTypes: ['Egress'] }, 'networking.k8s.io/v1');
    const result = computeReach([...objects, deny], { cni: 'kubernetes' });
    expect(resolveName(result, 'app/client', 'payment-service.payments.svc')).toMatchObject({ resolved: false });
  });
});
