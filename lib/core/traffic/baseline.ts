import { K8sObject } from '../manifest';
import { CILIUM_NAMESPACE_LABEL, NAMESPACE_NAME_LABEL } from '../mesh';
import { HardeningProfile, MeshMode } from '../profile';
import { CiliumRules, FqdnSelector, NetworkPolicyRules } from './policy-types';

/**
 * What default deny must keep working (issue item 6, reference.md §3.2, §5.4): DNS to kube-dns through Cilium's DNS
 * proxy (every name may resolve; see `DNS_RULE`), kubelet probes, and the mesh's own traffic (istiod for
 * sidecars and waypoints, HBONE on 15008 both ways and istio-cni's probe source addresses for ambient, IPv4 and IPv6).
 * Used by the namespace-wide default deny and by each workload's own policy (so a workload stays correct in any namespace).
 */

/**
 * The DNS rule of every policy: `matchPattern: "*"`, as Cilium's own DNS examples do
 * (`examples/policies/l7/dns/dns-visibility.yaml`). The rule sends DNS through Cilium's proxy (which `toFQDNs` needs)
 * and lets every name resolve: a pod's resolver walks its search list (`ndots:5`), so a lookup of
 * `payment-service.payments.svc` is first sent as `payment-service.payments.svc.payments.svc.cluster.local.`, and a
 * narrower pattern answers those expansions REFUSED, which stops glibc and musl resolvers short. What a pod may reach
 * outside the cluster is decided by `toFQDNs` (IPs learned from allowed answers), not by which names it may resolve.
 */
export const DNS_RULE: readonly FqdnSelector[] = [{ matchPattern: '*' }];

/**
 * The source addresses istio-cni SNATs kubelet probes of ambient pods to, IPv4 and IPv6 (`HOST_PROBE_SNAT_IP`,
 * `HOST_PROBE_SNAT_IPV6`): neither is a node address, so Cilium's `host` entity does not cover them.
 */
function ambientProbeSources(profile: HardeningProfile): string[] {
  return [profile.network.ambientProbeSourceCidr, profile.network.ambientProbeSourceCidrIpv6];
}

/** Cilium rules of the baseline. */
export function baselineCiliumRules(meshMode: MeshMode, profile: HardeningProfile): CiliumRules {
  const net = profile.network;
  const hbone = { ports: [{ port: String(net.hbonePort), protocol: 'TCP' as const }] };
  return {
    ingress: [
      { fromEntities: ['host'] },
      ...(meshMode === 'ambient' ? [{ fromCIDR: ambientProbeSources(profile) }, { fromEndpoints: [{}], toPorts: [hbone] }] : []),
    ],
    egress: [
      {
        toEndpoints: [{ matchLabels: { [CILIUM_NAMESPACE_LABEL]: net.dnsNamespace, 'k8s:k8s-app': net.dnsK8sApp } }],
        toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [...DNS_RULE] } }],
      },
      // Sidecars, and in ambient mode the waypoints (selected by the namespace's default deny too), get their
      // configuration and certificates from istiod on 15012.
      ...(meshMode !== 'none' ? [{
        toEndpoints: [{ matchLabels: { [CILIUM_NAMESPACE_LABEL]: net.istioNamespace, 'k8s:app': net.istiodApp } }],
        toPorts: [{ ports: [{ port: String(net.istiodXdsPort), protocol: 'TCP' as const }] }],
      }] : []),
      ...(meshMode === 'ambient' ? [{ toEndpoints: [{}], toPorts: [hbone] }] : []),
    ],
  };
}

/**
 * Standard NetworkPolicy rules of the baseline. Kubelet probes need no rule (node traffic is allowed by
 * NetworkPolicy implementations); FQDNs cannot be expressed and are never widened to an address block.
 */
export function baselineNetworkPolicyRules(meshMode: MeshMode, profile: HardeningProfile): NetworkPolicyRules {
  const net = profile.network;
  const hbone = [{ port: net.hbonePort, protocol: 'TCP' as const }];
  return {
    ingress: meshMode === 'ambient'
      ? [{ from: ambientProbeSources(profile).map((cidr) => ({ ipBlock: { cidr } })) }, { from: [{ podSelector: {} }], ports: hbone }]
      : [],
    egress: [
      {
        to: [{
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: net.dnsNamespace } },
          podSelector: { matchLabels: { 'k8s-app': net.dnsK8sApp } },
        }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      },
      ...(meshMode !== 'none' ? [{
        to: [{
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: net.istioNamespace } },
          podSelector: { matchLabels: { app: net.istiodApp } },
        }],
        ports: [{ port: net.istiodXdsPort, protocol: 'TCP' as const }],
      }] : []),
      ...(meshMode === 'ambient' ? [{ to: [{ podSelector: {} }], ports: hbone }] : []),
    ],
  };
}

/**
 * The network policy objects the cluster's policy engine applies (`profile.network.cni`): everything on Cilium
 * (CiliumNetworkPolicy and the NetworkPolicy mirror, whose allows Cilium unions with its own), and no Cilium object
 * on a cluster that enforces only NetworkPolicy (the Cilium CRDs do not exist there).
 */
export function objectsForCni(objects: readonly K8sObject[], profile: HardeningProfile): K8sObject[] {
  return profile.network.cni === 'cilium' ? [...objects] : objects.filter((o) => !o.kind.startsWith('Cilium'));
}
