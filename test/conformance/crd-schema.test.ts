import { CRD_DIR, expectValidCustomResources, isBuiltInApiVersion, validateCustomResource } from './crd-schema';

const peerAuthentication = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'default', namespace: 'payments' }) => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata,
  spec,
});

const cnp = (spec: Record<string, unknown>) => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: { name: 'default-deny', namespace: 'payments', labels: { 'app.kubernetes.io/managed-by': 'kube-harden' } },
  spec,
});

describe('CRD schema helper |', () => {
  test('reads the upstream CRDs from the shared directory', () => {
    expect(CRD_DIR).toMatch(/shared\/crds$/);
  });

  test('a known-good object passes', () => {
    expect(validateCustomResource(peerAuthentication({ mtls: { mode: 'STRICT' } }))).toEqual([]);
  });

  test('a misspelled field fails although the API server would only prune it', () => {
    expect(validateCustomResource(peerAuthentication({ mtls: { mdoe: 'STRICT' } }))).toEqual([
      "/spec/mtls: must NOT have additional properties 'mdoe'",
    ]);
  });

  test('a wrong enum value fails', () => {
    const errors = validateCustomResource(peerAuthentication({ mtls: { mode: 'STRICTER' } }));
    expect(errors.join('\n')).toMatch(/\/spec\/mtls\/mode: must be equal to one of the allowed values/);
  });

  test('metadata is checked: namespaced kinds need a namespace, labels are strings', () => {
    const errors = validateCustomResource(peerAuthentication({}, { name: 'default', labels: { a: 1 } }));
    expect(errors).toEqual(expect.arrayContaining([
      "/metadata: must have required property 'namespace'",
      '/metadata/labels/a: must be string',
    ]));
  });

  test("the CRD's own metadata constraints apply (HNC HierarchyConfiguration must be named 'hierarchy')", () => {
    const hc = (name: string) => ({ apiVersion: 'hnc.x-k8s.io/v1alpha2', kind: 'HierarchyConfiguration', metadata: { name, namespace: 'payments' }, spec: { parent: 'finance' } });
    expect(validateCustomResource(hc('hierarchy'))).toEqual([]);
    expect(validateCustomResource(hc('other')).join('\n')).toMatch(/metadata\/name/);
  });

  test("Cilium's Go regexes (\\PC) compile and an FQDN rule validates", () => {
    expect(validateCustomResource(cnp({
      endpointSelector: {},
      egress: [{ toFQDNs: [{ matchName: 'api.bank.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }],
    }))).toEqual([]);
    expect(validateCustomResource(cnp({ endpointSelector: {}, egress: [{ toFQDN: [{ matchName: 'x' }] }] })).join('\n'))
      .toMatch(/additional properties 'toFQDN'/);
  });

  test("Chaos Mesh's boolean exclusiveMinimum is understood", () => {
    const schedule = (startingDeadlineSeconds: number) => ({
      apiVersion: 'chaos-mesh.org/v1alpha1',
      kind: 'Schedule',
      metadata: { name: 's', namespace: 'chaos' },
      spec: { schedule: '@every 1h', type: 'PodChaos', historyLimit: 1, concurrencyPolicy: 'Forbid', startingDeadlineSeconds, podChaos: { action: 'pod-kill', mode: 'one', selector: { namespaces: ['payments'] } } },
    });
    expect(validateCustomResource(schedule(10))).toEqual([]);
    expect(validateCustomResource(schedule(0)).join('\n')).toMatch(/startingDeadlineSeconds: must be > 0/);
  });

  test('free-form nodes (x-kubernetes-preserve-unknown-fields) stay open', () => {
    const filter = {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: { name: 'rl', namespace: 'payments' },
      spec: { configPatches: [{ applyTo: 'HTTP_FILTER', patch: { operation: 'INSERT_BEFORE', value: { anything: { goes: true } } } }] },
    };
    expect(validateCustomResource(filter)).toEqual([]);
  });

  test('an unserved version or an unknown custom kind is an error, never a silent pass', () => {
    expect(() => validateCustomResource({ ...peerAuthentication({}), apiVersion: 'security.istio.io/v2' })).toThrow(/version v2 is not served/);
    expect(() => expectValidCustomResources([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).toThrow(/no CRD file/);
  });

  test('built-in kinds are skipped and the count of checked custom resources is returned', () => {
    expect(isBuiltInApiVersion('networking.k8s.io/v1')).toBe(true);
    expect(isBuiltInApiVersion('hnc.x-k8s.io/v1alpha2')).toBe(false);
    const count = expectValidCustomResources([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      peerAuthentication({ mtls: { mode: 'STRICT' } }),
    ]);
    expect(count).toBe(1);
  });
});
