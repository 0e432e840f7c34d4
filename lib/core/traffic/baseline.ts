import { CILIUM_NAMESPACE_LABEL, NAMESPACE_NAME_LABEL } from '../mesh';
import { HardeningProfile, MeshMode } from '../profile';
import { CiliumRules, FqdnSelector, NetworkPolicyRules } from './policy-types';

/**
 * What default deny must keep working (issue item 6, reference.md §3.2, §5.4): DNS to kube-dns with a DNS
 * section (in-cluster names plus the declared FQDNs), kubelet probes, and the mesh's own traffic (istiod for
 * sidecars, HBONE on 15008 both ways and the ztunnel probe address for ambient).
 * Used by the namespace-wide default deny and by each workload's own policy (so a workload stays correct in any namespace).
 */

/** The in-cluster DNS pattern `*.*.svc.<cluster domain>.` (service names; `*` does not cross a dot). */
export function inClusterDnsPattern(clusterDomain: string): string {
  return `*.*.svc.${clusterDomain}.`;
}

/** Cilium rules of the baseline; `fqdns` are added to the DNS section so that `toFQDNs` egress resolves. */
export function baselineCiliumRules(meshMode: MeshMode, profile: HardeningProfile, fqdns: readonly FqdnSelector[] = []): CiliumRules {
  const net = profile.network;
  const hbone = { ports: [{ port: String(net.hbonePort), protocol: 'TCP' as const }] };
  return {
    ingress: [
      { fromEntities: ['host'] },
      ...(meshMode === 'ambient' ? [{ fromCIDR: [net.ambientProbeSourceCidr] }, { fromEndpoints: [{}], toPorts: [hbone] }] : []),
    ],
    egress: [
      {
        toEndpoints: [{ matchLabels: { [CILIUM_NAMESPACE_LABEL]: net.dnsNamespace, 'k8s:k8s-app': net.dnsK8sApp } }],
        toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: inClusterDnsPattern(net.clusterDomain) }, ...fqdns] } }],
      },
      ...(meshMode === 'sidecar' ? [{
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
      ? [{ from: [{ ipBlock: { cidr: net.ambientProbeSourceCidr } }] }, { from: [{ podSelector: {} }], ports: hbone }]
      : [],
    egress: [
      {
        to: [{
          namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: net.dnsNamespace } },
          podSelector: { matchLabels: { 'k8s-app': net.dnsK8sApp } },
        }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      },
      ...(meshMode === 'sidecar' ? [{
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
