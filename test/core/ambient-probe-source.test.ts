/**
 * The ambient probe source of a profile (`network.ambientProbeSourceCidr`) is admitted by default deny on every port
 * of every pod, so only what it is upstream is taken: istio-cni SNATs kubelet probes of ambient pods to
 * HOST_PROBE_SNAT_IP, default 169.254.7.127, which "use any address from the 169.254.0.0/16 block" overrides
 * (istio/istio cni/README.md "Notable Env Vars"; cni/pkg/nodeagent/options.go DefaultHostProbeSNATIP; the SNAT rule
 * in cni/pkg/iptables/iptables.go). One IPv4 link-local address as a /32: never the internet.
 */
import { HardeningProfile, RESTRICTED_PROFILE, renderSecureDeployment, renderZeroTrustNamespace } from '../../lib/core';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';
import { VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

const withProbeSource = (ambientProbeSourceCidr: string): HardeningProfile => ({
  ...RESTRICTED_PROFILE,
  name: 'probe-source',
  network: { ...RESTRICTED_PROFILE.network, ambientProbeSourceCidr },
});

const AMBIENT_DEPLOYMENT = { ...VALID_SECURE_DEPLOYMENT, meshMode: 'ambient' as const, waypoint: 'waypoint' };
const REFUSAL = 'profile.network.ambientProbeSourceCidr: is not one IPv4 link-local address (169.254.0.0/16) written as a /32 block';

describe('network.ambientProbeSourceCidr |', () => {
  test.each([
    '0.0.0.0/0', 'not-a-cidr', '169.254.0.0/16', '169.254.7.127', '169.254.7.127/31', '10.0.0.1/32', '::ffff:169.254.7.127/128',
    'fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128', '',
  ])('%j is refused by ZeroTrustNamespace and SecureDeployment', (cidr) => {
    const profile = withProbeSource(cidr);
    expect(problemsOf(() => renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient' }, {}, profile))).toEqual([REFUSAL]);
    expect(problemsOf(() => renderSecureDeployment(AMBIENT_DEPLOYMENT, {}, profile))).toEqual([REFUSAL]);
  });

  test("the cluster's own HOST_PROBE_SNAT_IP in 169.254.0.0/16 is admitted by the namespace's and the workload's policies", () => {
    const profile = withProbeSource('169.254.10.20/32');
    const namespace = renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient' }, {}, profile);
    const workload = renderSecureDeployment(AMBIENT_DEPLOYMENT, {}, profile);
    for (const [objects, name] of [[namespace, 'default-deny'], [workload, 'api']] as const) {
      expect(findObject(objects, 'CiliumNetworkPolicy', name, 'shop').spec.ingress).toContainEqual({ fromCIDR: ['169.254.10.20/32'] });
      expect(findObject(objects, 'NetworkPolicy', name, 'shop').spec.ingress).toContainEqual({ from: [{ ipBlock: { cidr: '169.254.10.20/32' } }] });
    }
  });
});
