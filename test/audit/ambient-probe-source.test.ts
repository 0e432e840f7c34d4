/**
 * The IPv6 ambient probe source (istio-cni's HOST_PROBE_SNAT_IPV6, istio/istio cni/pkg/nodeagent/options.go) that
 * default deny admits beside the IPv4 one changes no finding, score or reach answer: the audit and `reach` judge the
 * ambient namespace and workload exactly as they did when only 169.254.7.127/32 was admitted. An ipBlock or fromCIDR
 * source lies outside the cluster and admits no pod (Kubernetes "Network Policies": ipBlock selects "particular IP CIDR
 * ranges" of traffic from outside; Cilium's CRD: "Only connections which do *not* originate from the cluster or from
 * the local host are subject to CIDR rules"), and the internet-share measure of KH-NET-003 reads egress only (the block
 * is ingress, and fd00::/8 lies outside IPv6's internet, 2000::/3, anyway).
 */
import { audit, computeReach } from '../../lib/audit';
import { K8sObject, RESTRICTED_PROFILE, renderSecureDeployment, renderZeroTrustNamespace } from '../../lib/core';
import { VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

const V6 = RESTRICTED_PROFILE.network.ambientProbeSourceCidrIpv6;

/** The ambient namespace and a workload in it. */
function ambientObjects(): K8sObject[] {
  return [
    ...renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient', waypoint: 'waypoint' }),
    ...renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, meshMode: 'ambient', waypoint: 'waypoint' }),
  ];
}

/** `objects` as rendered before the IPv6 probe source was admitted: every `fromCIDR` and `ipBlock` of it left out. */
function withoutIpv6Source(objects: readonly K8sObject[]): K8sObject[] {
  return JSON.parse(JSON.stringify(objects), (key, value) => {
    if (key === 'fromCIDR') return (value as string[]).filter((cidr) => cidr !== V6);
    if (key === 'from') return (value as Array<{ ipBlock?: { cidr: string } }>).filter((peer) => peer.ipBlock?.cidr !== V6);
    return value;
  });
}

describe('IPv6 ambient probe source in the audit and reach |', () => {
  const objects = ambientObjects();
  const before = withoutIpv6Source(objects);

  test('the rendered policies admit it, and nothing else differs from the IPv4-only rendering', () => {
    const text = JSON.stringify(objects);
    expect(text.split(V6).length - 1).toBe(4); // CiliumNetworkPolicy and NetworkPolicy, of the namespace and the workload
    expect(JSON.stringify(before)).not.toContain(V6);
  });

  test('the audit gives the same findings and score, and no finding is about the network policies', () => {
    const report = audit(objects);
    expect(report).toEqual(audit(before));
    expect(report.findings.filter((f) => f.object?.kind.includes('NetworkPolicy'))).toEqual([]);
  });

  test('reach gives the same flows, DNS answers and notes', () => {
    const reach = computeReach(objects);
    const old = computeReach(before);
    expect(reach.flows).toEqual(old.flows);
    expect([...reach.dns]).toEqual([...old.dns]);
    expect(reach.notes).toEqual(old.notes);
  });
});
