import { audit } from '../../lib/audit';
import { IMAGE_VERIFICATION_ENABLED, IMAGE_VERIFICATION_LABEL } from '../../lib/core/image-supply-chain-policy';
import { K8sObject } from '../../lib/core/manifest';
import { renderZeroTrustNamespace, zeroTrustNamespaceRef } from '../../lib/core/zero-trust-namespace';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { findObject, objectNames } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';
import { HNC_MANAGED_PROFILE, KUBERNETES_CNI_PROFILE } from '../helpers/profiles';

describe('ZeroTrustNamespace |', () => {
  test('sidecar mode (default): PSA pinned, injection label, STRICT mTLS, allow-nothing, default deny, quota', () => {
    // WHEN
    const objects = renderZeroTrustNamespace({ name: 'payments' });
    // THEN
    expect(objects).toMatchSnapshot();
    const ns = findObject(objects, 'Namespace', 'payments');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.33',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.33',
      'istio-injection': 'enabled',
      [IMAGE_VERIFICATION_LABEL]: IMAGE_VERIFICATION_ENABLED,
    });
    expect(findObject(objects, 'PeerAuthentication', 'default', 'payments').spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(findObject(objects, 'AuthorizationPolicy', 'allow-nothing', 'payments').spec).toEqual({});
    expect(expectValidCustomResources(objects)).toBe(3);
    expectValidKubernetesObjects(objects);
  });

  test('default deny keeps DNS (every name, through the proxy), kubelet probes and istiod working', () => {
    const objects = renderZeroTrustNamespace({ name: 'payments' });
    const cnp = findObject(objects, 'CiliumNetworkPolicy', 'default-deny', 'payments');
    expect(cnp.spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
    expect(cnp.spec.ingress).toContainEqual({ fromEntities: ['host'] });
    const dns = cnp.spec.egress.find((r: any) => r.toPorts?.[0]?.ports?.[0]?.port === '53');
    // Cilium's DNS examples allow every name through the proxy (examples/policies/l7/dns/dns-visibility.yaml);
    // test/core/dns-pattern.test.ts checks every search-path expansion against Cilium's matchpattern semantics.
    expect(dns.toPorts[0]).toEqual({ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } });
    expect(cnp.spec.egress).toContainEqual({
      toEndpoints: [{ matchLabels: { 'k8s:app': 'istiod', 'k8s:io.kubernetes.pod.namespace': 'istio-system' } }],
      toPorts: [{ ports: [{ port: '15012', protocol: 'TCP' }] }],
    });
    const np = findObject(objects, 'NetworkPolicy', 'default-deny', 'payments');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  });

  test("ambient mode: dataplane label, HBONE 15008 both ways and istio-cni's probe addresses (IPv4 and IPv6)", () => {
    const objects = renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient', waypoint: 'waypoint' });
    expect(findObject(objects, 'Namespace', 'shop').metadata.labels).toMatchObject({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' });
    expect(findObject(objects, 'Namespace', 'shop').metadata.labels['istio-injection']).toBeUndefined();
    const cnp = findObject(objects, 'CiliumNetworkPolicy', 'default-deny', 'shop');
    expect(cnp.spec.ingress).toEqual(expect.arrayContaining([
      { fromCIDR: ['169.254.7.127/32', 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128'] },
      { fromEndpoints: [{}], toPorts: [{ ports: [{ port: '15008', protocol: 'TCP' }] }] },
    ]));
    expect(cnp.spec.egress).toContainEqual({ toEndpoints: [{}], toPorts: [{ ports: [{ port: '15008', protocol: 'TCP' }] }] });
    const np = findObject(objects, 'NetworkPolicy', 'default-deny', 'shop');
    expect(np.spec.ingress).toContainEqual({ from: [{ podSelector: {} }], ports: [{ port: 15008, protocol: 'TCP' }] });
    expectValidCustomResources(objects);
    expectValidKubernetesObjects(objects);
  });

  test('ambient mode: the pods of the namespace, waypoints included, reach istiod on 15012 under both policy flavours', () => {
    // A waypoint is an Envoy that gets its configuration and certificates from istiod over 15012 (istio
    // pilot/pkg/networking/core/listener_waypoint.go builds its listeners there); the default deny selects it too.
    const objects = renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient', waypoint: 'waypoint' });
    expect(findObject(objects, 'CiliumNetworkPolicy', 'default-deny', 'shop').spec.egress).toContainEqual({
      toEndpoints: [{ matchLabels: { 'k8s:app': 'istiod', 'k8s:io.kubernetes.pod.namespace': 'istio-system' } }],
      toPorts: [{ ports: [{ port: '15012', protocol: 'TCP' }] }],
    });
    const np = findObject(objects, 'NetworkPolicy', 'default-deny', 'shop');
    expect(np.spec.podSelector).toEqual({});
    expect(np.spec.egress).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
      ports: [{ port: 15012, protocol: 'TCP' }],
    });
  });

  test("network.cni 'kubernetes': only the standard NetworkPolicy, no Cilium object (its CRDs do not exist there)", () => {
    const objects = renderZeroTrustNamespace({ name: 'payments' }, {}, KUBERNETES_CNI_PROFILE);
    expect(objects.filter((o) => o.kind.startsWith('Cilium'))).toEqual([]);
    expect(findObject(objects, 'NetworkPolicy', 'default-deny', 'payments').spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  test('mesh none needs an acknowledgement and then emits no Istio objects', () => {
    expect(problemsOf(() => renderZeroTrustNamespace({ name: 'legacy', meshMode: 'none' }))).toEqual([
      'meshMode: a namespace without a mesh has no mTLS and no workload identity (control KH-MESH-001)',
    ]);
    const objects = renderZeroTrustNamespace({ name: 'legacy', meshMode: 'none', acknowledgements: { 'KH-MESH-001': { reason: 'batch jobs, no service traffic' } } });
    expect(objects.filter((o) => o.apiVersion.startsWith('security.istio.io'))).toEqual([]);
    expect(findObject(objects, 'Namespace', 'legacy').metadata.annotations).toEqual({ 'kube-harden.io/acknowledge.KH-MESH-001': 'batch jobs, no service traffic' });
  });

  test('HNC default: a HierarchyConfiguration named hierarchy in the child', () => {
    const objects = renderZeroTrustNamespace({ name: 'payments', parent: { namespace: 'finance' } });
    expect(findObject(objects, 'HierarchyConfiguration', 'hierarchy', 'payments').spec).toEqual({ parent: 'finance' });
    findObject(objects, 'Namespace', 'payments');
    expectValidCustomResources(objects);
  });

  test('HNC anchor mode is refused while the security labels are not HNC managed labels', () => {
    // HNC's anchor webhook rejects every spec.labels key that is not a managed label
    // (hierarchical-namespaces internal/anchor/validator.go: config.ValidateManagedLabels), and HNC manages no label
    // unless started with --managed-namespace-label (internal/config/namespace.go).
    const finance = zeroTrustNamespaceRef({ name: 'finance' });
    const problems = problemsOf(() => renderZeroTrustNamespace({ name: 'payments', parent: { namespace: finance, mode: 'anchor' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^parent\.mode: the child namespace's labels .*istio-injection.*pod-security\.kubernetes\.io\/enforce.* are not HNC managed labels/);
  });

  test('HNC anchor mode with managed labels: the anchor carries only managed keys, and no Namespace object is emitted', () => {
    const finance = zeroTrustNamespaceRef({ name: 'finance' });
    const objects = renderZeroTrustNamespace({
      name: 'payments',
      parent: { namespace: finance, mode: 'anchor' },
      podSecurityVersion: 'latest',
      acknowledgements: { 'KH-NS-002': { reason: 'tracks the cluster version' } },
    }, {}, HNC_MANAGED_PROFILE);
    expect(objects.filter((o) => o.kind === 'Namespace')).toEqual([]);
    const anchor = findObject(objects, 'SubnamespaceAnchor', 'payments', 'finance');
    expect(anchor.spec.labels).toContainEqual({ key: 'pod-security.kubernetes.io/enforce', value: 'restricted' });
    expect(anchor.spec.labels).toContainEqual({ key: 'istio-injection', value: 'enabled' });
    expect(anchor.spec.labels.every((l: { key: string }) => HNC_MANAGED_PROFILE.namespace.hncManagedLabels.some((p) => new RegExp(`^${p}$`).test(l.key)))).toBe(true);
    // Acknowledgements are no managed annotations: they stay on the anchor's metadata, not in spec.annotations.
    expect(anchor.spec.annotations).toBeUndefined();
    expect(anchor.metadata.annotations).toEqual({ 'kube-harden.io/acknowledge.KH-NS-002': 'tracks the cluster version' });
    expect(objects.filter((o) => o.kind === 'HierarchyConfiguration')).toEqual([]);
    expect(objectNames(objects)).toContain('CiliumNetworkPolicy/payments/default-deny');
    expectValidCustomResources(objects);
  });

  test('HNC managed-label patterns of the profile must be regular expressions', () => {
    const profile = { ...HNC_MANAGED_PROFILE, namespace: { ...HNC_MANAGED_PROFILE.namespace, hncManagedLabels: ['pod-security\\.kubernetes\\.io/(enforce'] } };
    expect(problemsOf(() => renderZeroTrustNamespace({ name: 'payments', parent: { namespace: 'finance', mode: 'anchor' } }, {}, profile))).toEqual([
      'profile.namespace.hncManagedLabels[0]: is not a regular expression',
    ]);
  });

  test('HNC managed labels in configuration mode are declared in the HierarchyConfiguration, so HNC keeps them', () => {
    // HNC deletes managed labels set directly on a namespace unless its HierarchyConfiguration (or an ancestor's)
    // declares them (internal/hierarchyconfig/reconciler.go syncLabels).
    const objects = renderZeroTrustNamespace({ name: 'payments', labels: { team: 'payments' } }, {}, HNC_MANAGED_PROFILE);
    const hc = findObject(objects, 'HierarchyConfiguration', 'hierarchy', 'payments');
    expect(hc.spec.parent).toBeUndefined();
    expect(hc.spec.labels).toContainEqual({ key: 'pod-security.kubernetes.io/enforce', value: 'restricted' });
    expect(hc.spec.labels).not.toContainEqual({ key: 'team', value: 'payments' });
    expect(findObject(objects, 'Namespace', 'payments').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expectValidCustomResources(objects);
  });

  test('sigstore engine adds the policy-controller opt-in label; a revision replaces istio-injection', () => {
    const ns = findObject(renderZeroTrustNamespace({ name: 'payments', imageVerification: 'sigstore', istioRevision: 'stable' }), 'Namespace', 'payments');
    expect(ns.metadata.labels).toMatchObject({ 'policy.sigstore.dev/include': 'true', 'istio.io/rev': 'stable' });
    expect(ns.metadata.labels['istio-injection']).toBeUndefined();
  });

  // Istio's per-revision injector selects namespaces with istio.io/rev In [<revision>] and istio-injection DoesNotExist;
  // the default revision's needs istio-injection In [enabled] (istio/istio
  // manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml, "precedence to the legacy one").
  test.each(['disabled', 'enabled'])("an istio-injection label '%s' beside istioRevision is refused, acknowledged or not", (value) => {
    const acknowledgements = { 'KH-MESH-001': { reason: 'canary rollout' } };
    expect(problemsOf(() => renderZeroTrustNamespace({ name: 'shop', istioRevision: 'canary', labels: { 'istio-injection': value }, acknowledgements }))).toEqual([
      "labels.istio-injection: stops sidecar injection of revision 'canary' (istioRevision): Istio's revision injector skips a namespace with an "
        + "istio-injection label of any value, so the pods get no sidecar ('enabled' gets them the default revision's, if one is installed)",
    ]);
  });

  test('the audit reads the injection labels: a namespace patched to opt out of the mesh fails KH-MESH-001 beside its STRICT policy', () => {
    const objects = renderZeroTrustNamespace({ name: 'shop', istioRevision: 'canary' });
    expect(audit(objects).findings.filter((f) => f.ruleId === 'KH-MESH-001')).toEqual([]);
    const ns = findObject(objects, 'Namespace', 'shop');
    const patched: K8sObject[] = objects.map((o) => (o === ns ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, 'istio-injection': 'disabled' } } } : o));
    expect(findObject(patched, 'PeerAuthentication', 'default', 'shop').spec.mtls.mode).toBe('STRICT');
    expect(audit(patched).findings.filter((f) => f.ruleId === 'KH-MESH-001').map((f) => [f.path, f.message])).toEqual([[
      'metadata.labels.istio-injection',
      "the namespace's istio-injection label 'disabled' turns off every Istio sidecar injector (the injector of istio.io/rev 'canary' included), "
        + 'and the namespace is not ambient: its pods get no proxy, so STRICT mTLS is not enforced on them',
    ]]);
  });

  test('quota and container defaults come from the profile and can be overridden', () => {
    const objects = renderZeroTrustNamespace({ name: 'payments', quota: { pods: 0 } });
    expect(findObject(objects, 'ResourceQuota', 'quota', 'payments').spec.hard).toEqual({
      'limits.cpu': '16', 'limits.memory': '32Gi', 'pods': '0', 'requests.cpu': '8', 'requests.memory': '16Gi',
    });
    expect(findObject(objects, 'LimitRange', 'container-defaults', 'payments').spec.limits[0].type).toBe('Container');
  });

  test('quota and container defaults are checked quantities with requests at most limits; undefined fields keep the default', () => {
    expect(problemsOf(() => renderZeroTrustNamespace({
      name: 'payments',
      quota: { requestsCpu: 'lots', requestsMemory: '64Gi', pods: 1.5 },
      containerDefaults: { requests: { cpu: '2', memory: 'big' }, limits: { cpu: '500m', memory: '256Mi' } },
    }))).toEqual([
      'containerDefaults.requests.memory: is not a Kubernetes quantity',
      'quota.pods: must be an integer',
      'quota.requestsCpu: is not a Kubernetes quantity',
      'quota.requestsMemory: is more than quota.limitsMemory (32Gi)',
      'containerDefaults.requests.cpu: is more than containerDefaults.limits.cpu (500m)',
    ]);
    const objects = renderZeroTrustNamespace({ name: 'payments', quota: { pods: undefined, limitsCpu: '20' } });
    expect(findObject(objects, 'ResourceQuota', 'quota', 'payments').spec.hard).toEqual({
      'limits.cpu': '20', 'limits.memory': '32Gi', 'pods': '50', 'requests.cpu': '8', 'requests.memory': '16Gi',
    });
  });

  test('reports every problem at once', () => {
    expect(problemsOf(() => renderZeroTrustNamespace({
      name: 'Bad_Name', podSecurityVersion: 'latest', meshMode: 'sidecar', waypoint: 'wp', imageVerification: 'none', parent: { namespace: 'Bad_Name' },
    }))).toEqual([
      'name: must be a DNS-1123 label of at most 63 characters',
      "podSecurityVersion: 'latest' picks up new checks on every cluster upgrade (control KH-NS-002)",
      'waypoint: applies to ambient mode only',
      'parent.namespace: must be a DNS-1123 label of at most 63 characters',
      'parent.namespace: is the namespace itself',
      'imageVerification: images in this namespace are not checked for signatures at admission (control KH-SUP-001)',
    ]);
  });
});
