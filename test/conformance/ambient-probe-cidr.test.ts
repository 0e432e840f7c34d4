/**
 * On Cilium, ambient pods' kubelet probes need a CIDR rule, and Cilium takes the IPv6 one we emit.
 *
 * Istio (istio/istio.io content/en/docs/ambient/install/platform-prerequisites/index.md, "CNI plugins" > "Cilium",
 * item 3): Cilium exempts kubelet probes from policy by the node's identity, but istio-cni SNATs them to an address
 * "which Cilium is not aware of", and Cilium "does not have an option to exempt" it, so under default deny the probes
 * are dropped unless a policy admits the address with `fromCIDR` (the page's CiliumClusterwideNetworkPolicy admits
 * `169.254.7.127/32`). The IPv6 address (istio/istio cni/pkg/nodeagent/options.go DefaultHostProbeSNATIPV6) is no
 * node address either, so it needs the same `fromCIDR`, and nothing more: our `fromEntities: [host]` rule stays for
 * probes of pods outside the mesh, and no `health` entity (Cilium's own cilium-health endpoints, not the kubelet) or
 * world entity is added.
 *
 * Cilium's CiliumNetworkPolicy CRD (../shared/crds/cilium/ciliumnetworkpolicy.yaml, v1.19.4) types `fromCIDR` items as
 * `type: string, format: cidr`, which the API server checks with Go's `net.ParseCIDR` (kubernetes/kube-openapi
 * pkg/validation/strfmt/default.go: "cidr" is govalidator.IsCIDR); the agent parses it with `netip.ParsePrefix`
 * (cilium/cilium pkg/policy/api/rule_validation.go, `CIDR.sanitize`). Both take an IPv6 address with `/128`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { CRD_DIR, expectValidCustomResources } from './crd-schema';
import { expectValidKubernetesObjects } from './k8s-schema';
import { parseLegacyCidr } from '../../lib/audit/rules/network/legacy-cidr';
import { RESTRICTED_PROFILE, renderSecureDeployment, renderZeroTrustNamespace } from '../../lib/core';
import { findObject } from '../helpers/objects';
import { VALID_SECURE_DEPLOYMENT } from '../helpers/valid-props';

const V6 = RESTRICTED_PROFILE.network.ambientProbeSourceCidrIpv6;

describe('ambient probe sources on Cilium |', () => {
  test('the CRD takes fromCIDR items as Go CIDRs only, and the IPv6 source is one: an IPv6 address with /128', () => {
    const crd = parse(fs.readFileSync(path.join(CRD_DIR, 'cilium', 'ciliumnetworkpolicy.yaml'), 'utf8'));
    const v2 = crd.spec.versions.find((v: { name: string }) => v.name === 'v2');
    const { description, ...item } = v2.schema.openAPIV3Schema.properties.spec.properties.ingress.items.properties.fromCIDR.items;
    expect(description).toContain('CIDR');
    expect(item).toEqual({ type: 'string', format: 'cidr' });
    // parseLegacyCidr reads a CIDR as Go's net.ParseCIDR does (leading zeros aside, which an IPv6 address never has)
    expect(V6).toBe('fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128');
    expect(parseLegacyCidr(V6)).toEqual({ address: 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff', family: 'ipv6', prefix: 128 });
  });

  test('the probe sources are one fromCIDR rule and nothing else; the host entity rule is unchanged; every object validates', () => {
    const namespace = renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient' });
    const workload = renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, meshMode: 'ambient', waypoint: 'waypoint' });
    for (const [objects, name] of [[namespace, 'default-deny'], [workload, 'api']] as const) {
      const ingress: Array<Record<string, unknown>> = findObject(objects, 'CiliumNetworkPolicy', name, 'shop').spec.ingress;
      expect(ingress.filter((rule) => rule.fromCIDR !== undefined)).toEqual([{ fromCIDR: ['169.254.7.127/32', V6] }]);
      expect(ingress.filter((rule) => rule.fromEntities !== undefined)).toEqual([{ fromEntities: ['host'] }]);
      expect(expectValidCustomResources(objects)).toBeGreaterThan(0);
      expectValidKubernetesObjects(objects);
    }
  });
});
