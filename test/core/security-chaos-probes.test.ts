import { K8sObject, RESTRICTED_PROFILE, workloadRef } from '../../lib/core';
import { admissionProbes, renderSecurityChaosProbes, SecurityChaosProbesProps } from '../../lib/core/security-chaos-probes';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { expectPssRestricted, pssViolations } from '../conformance/pss';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';
import { KUBERNETES_CNI_PROFILE } from '../helpers/profiles';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const ledger = workloadRef({
  name: 'ledger',
  namespace: 'payments',
  serviceAccountName: 'ledger',
  ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
  selector: { 'app.kubernetes.io/name': 'ledger', 'app.kubernetes.io/instance': 'ledger' },
});

const probeProps: SecurityChaosProbesProps = {
  name: 'security-probes',
  image: `gcr.io/distroless/nodejs22-debian12:nonroot@${DIGEST}`,
  command: ['/nodejs/bin/node'],
  protectedNamespaces: ['payments', 'shop'],
  compliantImage: `registry.example.cn/pay/canary:1.0.0@${DIGEST}`,
  unsignedImage: `registry.example.cn/pay/unsigned:1.0.0@${DIGEST}`,
  forbiddenPaths: [{ name: 'ledger-from-undeclared-peer', workload: ledger }, { name: 'non-allowed-fqdn', host: 'example.org', port: 443 }],
  allowedPaths: [{ name: 'bank-gateway', host: 'api.bank-gw.example.cn', port: 443 }],
};

const find = (objects: readonly K8sObject[], kind: string, name: string, ns?: string): any => findObject(objects, kind, name, ns);

describe('SecurityChaosProbes', () => {
  const objects = renderSecurityChaosProbes(probeProps);

  test('renders valid Kubernetes objects and a valid Cilium policy', () => {
    expect(objects).toMatchSnapshot();
    expectValidKubernetesObjects(objects);
    expect(expectValidCustomResources(objects)).toBe(1);
  });

  test('the probe namespace enforces PSS restricted and the CronJob pod meets it', () => {
    expect(find(objects, 'Namespace', 'kube-harden-probes').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.33',
    });
    const cron = find(objects, 'CronJob', 'security-probes', 'kube-harden-probes');
    expect(pssViolations(cron.spec.jobTemplate.spec.template.spec)).toEqual([]);
    expect(cron.spec.schedule).toBe('17 */6 * * *');
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].command).toEqual(['/nodejs/bin/node', '/probe/probe.js']);
  });

  test('each protected namespace grants only pod create, and a ValidatingAdmissionPolicy allows the account dry-run only', () => {
    for (const ns of ['payments', 'shop']) {
      expect(find(objects, 'Role', 'security-probes', ns).rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }]);
      expect(find(objects, 'RoleBinding', 'security-probes', ns).subjects).toEqual([{ kind: 'ServiceAccount', name: 'security-probes', namespace: 'kube-harden-probes' }]);
    }
    const guard = find(objects, 'ValidatingAdmissionPolicy', 'security-probes-dry-run-only');
    expect(guard.spec.matchConditions[0].expression).toBe("request.userInfo.username == 'system:serviceaccount:kube-harden-probes:security-probes'");
    expect(guard.spec.validations[0].expression).toBe('request.dryRun == true');
  });

  test('the probe namespace may reach the API server, DNS and the probed paths only', () => {
    const policy = find(objects, 'CiliumNetworkPolicy', 'security-probes', 'kube-harden-probes');
    expect(policy.spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
    expect(policy.spec.egress[0].toEntities).toEqual(['kube-apiserver']);
    expect(policy.spec.egress).toContainEqual({ toFQDNs: [{ matchName: 'api.bank-gw.example.cn' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] });
  });

  test('forbidden destinations are allowed by the probe namespace itself, so only the target side can block them', () => {
    // GIVEN a forbidden FQDN probe: the probe namespace's own default deny would make it pass whatever the cluster does
    const policy = find(objects, 'CiliumNetworkPolicy', 'security-probes', 'kube-harden-probes');
    // THEN the probe namespace's egress opens it (and the forbidden workload path), leaving the verdict to the target side
    expect(policy.spec.egress).toContainEqual({ toFQDNs: [{ matchName: 'example.org' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] });
    expect(policy.spec.egress).toContainEqual(expect.objectContaining({ toEndpoints: [{ matchLabels: expect.objectContaining({ 'k8s:io.kubernetes.pod.namespace': 'payments' }) }] }));
    const ip = renderSecurityChaosProbes({ ...probeProps, forbiddenPaths: [{ name: 'metadata-api', host: '169.254.169.254', port: 80 }] });
    expect(find(ip, 'CiliumNetworkPolicy', 'security-probes', 'kube-harden-probes').spec.egress)
      .toContainEqual({ toCIDR: ['169.254.169.254/32'], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] });
  });

  test.each(['999.1.1.1', '1.2', '10.0.0.256'])('a host of digits and dots that is no IPv4 address (%s) is refused, never emitted as a CIDR', (host) => {
    expect(problemsOf(() => renderSecurityChaosProbes({ ...probeProps, forbiddenPaths: [{ name: 'bad-address', host, port: 80 }] })))
      .toEqual(['forbiddenPaths[0].host: is not a host name or IPv4 address']);
  });

  // The probe's policies select a target workload by its namespace (`kubernetes.io/metadata.name`) and labels: an
  // invalid one makes the API server reject them (ValidateLabelSelector, as for any peer, see workload-traffic.test.ts).
  test('a target workload whose namespace or labels are invalid is refused', () => {
    const workload = { ...ledger, namespace: 'Pay/ments', selector: { ...ledger.selector, 'app.kubernetes.io/name': 'ledger db' } };
    expect(problemsOf(() => renderSecurityChaosProbes({ ...probeProps, forbiddenPaths: [{ name: 'ledger', workload }] }))).toEqual([
      'forbiddenPaths[0].workload.namespace: must be a DNS-1123 label of at most 63 characters',
      'forbiddenPaths[0].workload.podLabels.app.kubernetes.io/name: is not a valid label value',
    ]);
  });

  // A custom profile's DNS and istiod namespaces and labels become policy selectors (the DNS egress rule of every
  // construct): the boundary checks them as namespace names and label values.
  test("a custom profile's network namespaces and labels that are no DNS label or label value are refused", () => {
    const network = { ...RESTRICTED_PROFILE.network, dnsNamespace: 'kube system', dnsK8sApp: '__proto__', istioNamespace: 'Istio', istiodApp: 'istiod!' };
    expect(problemsOf(() => renderSecurityChaosProbes(probeProps, {}, { ...RESTRICTED_PROFILE, network }))).toEqual([
      'profile.network.dnsK8sApp: is not a valid label value',
      'profile.network.dnsNamespace: must be a DNS-1123 label of at most 63 characters',
      'profile.network.istioNamespace: must be a DNS-1123 label of at most 63 characters',
      'profile.network.istiodApp: is not a valid label value',
    ]);
  });

  test('the probe namespace has a standard NetworkPolicy too: no ingress, DNS and the paths it can name', () => {
    const np = find(objects, 'NetworkPolicy', 'security-probes', 'kube-harden-probes');
    expect(np.spec.podSelector).toEqual({});
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([]);
    expect(np.spec.egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
    expect(np.spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } }, podSelector: { matchLabels: ledger.selector } }],
      ports: [{ port: 8443, protocol: 'TCP' }],
    });
    // On Cilium it allows nothing the CiliumNetworkPolicy does not (no API-server or DNS-name rule: the CNP has them).
    expect(np.spec.egress).toHaveLength(2);
  });

  test("network.cni 'kubernetes': the NetworkPolicy alone, with the API server ports, and DNS-name targets refused", () => {
    expect(problemsOf(() => renderSecurityChaosProbes(probeProps, {}, KUBERNETES_CNI_PROFILE))).toEqual([
      "forbiddenPaths[1].host: is a DNS name: a standard NetworkPolicy cannot allow the probe to reach it (the profile's network.cni is 'kubernetes')",
      "allowedPaths[0].host: is a DNS name: a standard NetworkPolicy cannot allow the probe to reach it (the profile's network.cni is 'kubernetes')",
    ]);
    const out = renderSecurityChaosProbes({ ...probeProps, forbiddenPaths: [{ name: 'metadata-api', host: '169.254.169.254', port: 80 }], allowedPaths: [] }, {}, KUBERNETES_CNI_PROFILE);
    expect(out.filter((o) => o.kind.startsWith('Cilium'))).toEqual([]);
    const egress = find(out, 'NetworkPolicy', 'security-probes', 'kube-harden-probes').spec.egress;
    expect(egress).toContainEqual({ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] });
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ port: 80, protocol: 'TCP' }] });
    expectValidKubernetesObjects(out);
  });

  test('the config holds one compliant pod and every forbidden variant per protected namespace', () => {
    const config = JSON.parse(find(objects, 'ConfigMap', 'security-probes').data['config.json']);
    expect(config.admission.filter((p: any) => p.namespace === 'shop').map((p: any) => `${p.probe}:${p.expect}`)).toEqual([
      'compliant-pod:admitted', 'privileged-pod:denied', 'host-path-pod:denied', 'host-pid-pod:denied', 'root-pod:denied',
      'latest-image-pod:denied', 'unsigned-image-pod:denied',
    ]);
    expect(config.network).toEqual([
      { probe: 'ledger-from-undeclared-peer', host: 'ledger.payments.svc.cluster.local', port: 8443, expect: 'blocked', fqdn: false },
      { probe: 'non-allowed-fqdn', host: 'example.org', port: 443, expect: 'blocked', fqdn: true },
      { probe: 'bank-gateway', host: 'api.bank-gw.example.cn', port: 443, expect: 'open', fqdn: true },
    ]);
  });

  test('the compliant probe pod is PSS restricted and each forbidden pod breaks it or the image rules', () => {
    const probes = admissionProbes(probeProps);
    const pods = probes.filter((p) => p.namespace === 'payments').map((p) => ({ ...p.pod, name: p.probe }));
    expectPssRestricted(pods.filter((p) => p.name === 'compliant-pod'));
    const violations = (name: string) => pssViolations((pods.find((p) => p.name === name) as any).spec);
    for (const name of ['privileged-pod', 'host-path-pod', 'host-pid-pod', 'root-pod']) expect(violations(name)).not.toEqual([]);
    expect((pods.find((p) => p.name === 'latest-image-pod') as any).spec.containers[0].image).toBe('registry.example.cn/pay/canary:latest');
  });

  test('the probe namespace opts into image signature admission; turning it off needs an acknowledgement', () => {
    expect(find(objects, 'Namespace', 'kube-harden-probes').metadata.labels['kube-harden.io/image-verification']).toBe('enforced');
    expect(() => renderSecurityChaosProbes({ ...probeProps, imageVerification: 'none' })).toThrow(/KH-SUP-001/);
    const off = renderSecurityChaosProbes({ ...probeProps, imageVerification: 'none', acknowledgements: { 'KH-SUP-001': { reason: 'probe image is built in-cluster' } } });
    const ns = find(off, 'Namespace', 'kube-harden-probes');
    expect(ns.metadata.labels['kube-harden.io/image-verification']).toBeUndefined();
    expect(ns.metadata.annotations['kube-harden.io/acknowledge.KH-SUP-001']).toBe('probe image is built in-cluster');
  });

  test('rejects bad input, all problems at once', () => {
    expect(() => renderSecurityChaosProbes({
      ...probeProps,
      image: 'node:latest',
      schedule: 'often',
      protectedNamespaces: ['kube-harden-probes'],
      forbiddenPaths: [{ name: 'x', host: 'a.example' }],
    })).toThrow(/image:[\s\S]*schedule:[\s\S]*protectedNamespaces:[\s\S]*forbiddenPaths\[0\]\.port/);
  });
});
