import { IMAGE_VERIFICATION_ENABLED, IMAGE_VERIFICATION_LABEL } from '../../lib/core/image-supply-chain-policy';
import { renderZeroTrustNamespace, zeroTrustNamespaceRef } from '../../lib/core/zero-trust-namespace';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { findObject, objectNames } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';

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

  test('default deny keeps DNS (in-cluster names), kubelet probes and istiod working', () => {
    const objects = renderZeroTrustNamespace({ name: 'payments' });
    const cnp = findObject(objects, 'CiliumNetworkPolicy', 'default-deny', 'payments');
    expect(cnp.spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
    expect(cnp.spec.ingress).toContainEqual({ fromEntities: ['host'] });
    const dns = cnp.spec.egress.find((r: any) => r.toPorts?.[0]?.ports?.[0]?.port === '53');
    expect(dns.toPorts[0]).toEqual({ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*.*.svc.cluster.local.' }] } });
    expect(cnp.spec.egress).toContainEqual({
      toEndpoints: [{ matchLabels: { 'k8s:app': 'istiod', 'k8s:io.kubernetes.pod.namespace': 'istio-system' } }],
      toPorts: [{ ports: [{ port: '15012', protocol: 'TCP' }] }],
    });
    const np = findObject(objects, 'NetworkPolicy', 'default-deny', 'payments');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  });

  test('ambient mode: dataplane label, HBONE 15008 both ways and the ztunnel probe address', () => {
    const objects = renderZeroTrustNamespace({ name: 'shop', meshMode: 'ambient', waypoint: 'waypoint' });
    expect(findObject(objects, 'Namespace', 'shop').metadata.labels).toMatchObject({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' });
    expect(findObject(objects, 'Namespace', 'shop').metadata.labels['istio-injection']).toBeUndefined();
    const cnp = findObject(objects, 'CiliumNetworkPolicy', 'default-deny', 'shop');
    expect(cnp.spec.ingress).toEqual(expect.arrayContaining([
      { fromCIDR: ['169.254.7.127/32'] },
      { fromEndpoints: [{}], toPorts: [{ ports: [{ port: '15008', protocol: 'TCP' }] }] },
    ]));
    expect(cnp.spec.egress).toContainEqual({ toEndpoints: [{}], toPorts: [{ ports: [{ port: '15008', protocol: 'TCP' }] }] });
    const np = findObject(objects, 'NetworkPolicy', 'default-deny', 'shop');
    expect(np.spec.ingress).toContainEqual({ from: [{ podSelector: {} }], ports: [{ port: 15008, protocol: 'TCP' }] });
    expectValidCustomResources(objects);
    expectValidKubernetesObjects(objects);
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

  test('HNC anchor mode: a SubnamespaceAnchor in the parent carries the labels, and no Namespace object is emitted', () => {
    const finance = zeroTrustNamespaceRef({ name: 'finance' });
    const objects = renderZeroTrustNamespace({ name: 'payments', parent: { namespace: finance, mode: 'anchor' } });
    expect(objects.filter((o) => o.kind === 'Namespace')).toEqual([]);
    const anchor = findObject(objects, 'SubnamespaceAnchor', 'payments', 'finance');
    expect(anchor.spec.labels).toContainEqual({ key: 'pod-security.kubernetes.io/enforce', value: 'restricted' });
    expect(anchor.spec.labels).toContainEqual({ key: 'istio-injection', value: 'enabled' });
    expect(objects.filter((o) => o.kind === 'HierarchyConfiguration')).toEqual([]);
    expect(objectNames(objects)).toContain('CiliumNetworkPolicy/payments/default-deny');
    expectValidCustomResources(objects);
  });

  test('sigstore engine adds the policy-controller opt-in label; a revision replaces istio-injection', () => {
    const ns = findObject(renderZeroTrustNamespace({ name: 'payments', imageVerification: 'sigstore', istioRevision: 'stable' }), 'Namespace', 'payments');
    expect(ns.metadata.labels).toMatchObject({ 'policy.sigstore.dev/include': 'true', 'istio.io/rev': 'stable' });
    expect(ns.metadata.labels['istio-injection']).toBeUndefined();
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
