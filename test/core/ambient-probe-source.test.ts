/**
 * The ambient probe sources of a profile are admitted by default deny on every port of every pod, so only what they
 * are upstream is taken. istio-cni SNATs kubelet probes of ambient pods in the host network namespace, so that the
 * pod's own rules can tell them from other node traffic (istio/istio cni/pkg/iptables/iptables.go AppendHostRules:
 * `SNAT --to-source` HostProbeSNATAddress, and for IPv6 HostProbeV6SNATAddress; cni/pkg/nftables/nftables.go the same
 * with `snat to`), and sets the address from its environment (cni/pkg/nodeagent/options.go):
 * - IPv4, `network.ambientProbeSourceCidr`: HOST_PROBE_SNAT_IP, default 169.254.7.127 (DefaultHostProbeSNATIP), which
 *   "use any address from the 169.254.0.0/16 block" overrides (cni/README.md "Notable Env Vars"). One IPv4
 *   link-local address as a /32.
 * - IPv6, `network.ambientProbeSourceCidrIpv6`: HOST_PROBE_SNAT_IPV6, default fd16:9254:7127:1337:ffff:ffff:ffff:ffff
 *   (DefaultHostProbeSNATIPV6), since Istio 1.23.0 (istio/istio#50747, commit 0378317c; the in-pod rules use it since
 *   #51221, commit 110dae48, also 1.23.0; 1.22 SNATs IPv4 probes only). The README says it "probably never needs to be
 *   overridden" because the range is collision-resistant: that is RFC 4193's locally assigned unique local block
 *   fd00::/8 (random 40-bit global IDs), where the default lies. The variable itself takes any address
 *   (netip.MustParseAddr), so we take one address of fd00::/8 as a /128: never the internet (IPv6's is 2000::/3).
 */
import { HardeningProfile, RESTRICTED_PROFILE, renderSecureDeployment, renderZeroTrustNamespace } from '../../lib/core';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';
import { VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

const V4 = '169.254.7.127/32';
const V6 = 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128';

const withProbeSources = (ambientProbeSourceCidr: string, ambientProbeSourceCidrIpv6: string): HardeningProfile => ({
  ...RESTRICTED_PROFILE,
  name: 'probe-source',
  network: { ...RESTRICTED_PROFILE.network, ambientProbeSourceCidr, ambientProbeSourceCidrIpv6 },
});

const AMBIENT_DEPLOYMENT = { ...VALID_SECURE_DEPLOYMENT, meshMode: 'ambient' as const, waypoint: 'waypoint' };
const V4_REFUSAL = 'profile.network.ambientProbeSourceCidr: is not one IPv4 link-local address (169.254.0.0/16) written as a /32 block';
const V6_REFUSAL = 'profile.network.ambientProbeSourceCidrIpv6: is not one IPv6 unique local address (fd00::/8) written as a /128 block';

/** The problems ZeroTrustNamespace and SecureDeployment report for `profile` (the same, or the test fails). */
function refusals(profile: HardeningProfile): string[] {
  const namespace = problemsOf(() => renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient' }, {}, profile));
  expect(problemsOf(() => renderSecureDeployment(AMBIENT_DEPLOYMENT, {}, profile))).toEqual(namespace);
  return namespace;
}

/** The ingress rules of the namespace's default deny and of the workload's own policies, by kind. */
function probeRules(profile: HardeningProfile = RESTRICTED_PROFILE): Array<{ cilium: unknown[]; networkPolicy: unknown[] }> {
  const namespace = renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient' }, {}, profile);
  const workload = renderSecureDeployment(AMBIENT_DEPLOYMENT, {}, profile);
  return ([[namespace, 'default-deny'], [workload, 'api']] as const).map(([objects, name]) => ({
    cilium: findObject(objects, 'CiliumNetworkPolicy', name, 'shop').spec.ingress,
    networkPolicy: findObject(objects, 'NetworkPolicy', name, 'shop').spec.ingress,
  }));
}

describe('network.ambientProbeSourceCidr and ambientProbeSourceCidrIpv6 |', () => {
  test.each([
    '0.0.0.0/0', 'not-a-cidr', '169.254.0.0/16', '169.254.7.127', '169.254.7.127/31', '10.0.0.1/32', '::ffff:169.254.7.127/128', V6, '',
  ])('IPv4 %j is refused by ZeroTrustNamespace and SecureDeployment', (cidr) => {
    expect(refusals(withProbeSources(cidr, V6))).toEqual([V4_REFUSAL]);
  });

  test.each([
    '::/0', 'fd00::/8', 'fd16:9254:7127:1337::/64', 'fd16:9254:7127:1337:ffff:ffff:ffff:fffe/127', 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff',
    'fe80::1/128', 'fc00::1/128', '2001:db8::1/128', '::ffff:169.254.7.127/128', 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff%eth0/128',
    V4, 'not-a-cidr', '',
  ])('IPv6 %j is refused by ZeroTrustNamespace and SecureDeployment', (cidr) => {
    expect(refusals(withProbeSources(V4, cidr))).toEqual([V6_REFUSAL]);
  });

  test('both wrong: both reported at once', () => {
    expect(refusals(withProbeSources('0.0.0.0/0', '::/0'))).toEqual([V4_REFUSAL, V6_REFUSAL]);
  });

  test('by default both upstream addresses are admitted, as one rule, by the namespace\'s and the workload\'s policies', () => {
    for (const { cilium, networkPolicy } of probeRules()) {
      expect(cilium).toContainEqual({ fromCIDR: [V4, V6] });
      expect(networkPolicy).toContainEqual({ from: [{ ipBlock: { cidr: V4 } }, { ipBlock: { cidr: V6 } }] });
    }
  });

  test("the cluster's own HOST_PROBE_SNAT_IP and HOST_PROBE_SNAT_IPV6 are admitted instead of the defaults", () => {
    for (const { cilium, networkPolicy } of probeRules(withProbeSources('169.254.10.20/32', 'fd00:abcd::7/128'))) {
      expect(cilium).toContainEqual({ fromCIDR: ['169.254.10.20/32', 'fd00:abcd::7/128'] });
      expect(networkPolicy).toContainEqual({ from: [{ ipBlock: { cidr: '169.254.10.20/32' } }, { ipBlock: { cidr: 'fd00:abcd::7/128' } }] });
      expect(JSON.stringify([cilium, networkPolicy])).not.toContain('fd16:');
    }
  });

  test.each(['sidecar', 'none'] as const)('%s mode admits neither address (no probe is SNATed)', (meshMode) => {
    const acknowledgements = { 'KH-MESH-001': { reason: 'no mesh in this test' } };
    const objects = renderZeroTrustNamespace({ name: 'shop', meshMode, acknowledgements }, {});
    const text = JSON.stringify(objects);
    expect(text).not.toContain('169.254.');
    expect(text).not.toContain('fd16:');
  });
});
