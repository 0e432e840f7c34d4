import {
  IMAGE_VERIFICATION_LABEL, imageVerificationNamespaceLabels, K8sObject, KubeHardenValidationError,
  renderImageSupplyChainPolicy, RESTRICTED_PROFILE, SIGSTORE_INCLUDE_LABEL, VULN_PREDICATE_TYPE,
} from '../../lib/core';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';

const KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexample0123456789abcdefABCDEF+/=\n-----END PUBLIC KEY-----\n';

const props = {
  name: 'payment-images',
  images: ['registry.example.cn/pay/*'],
  authorities: [
    { name: 'release-key', publicKey: KEY },
    { name: 'ci', issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/acme/pay/.github/workflows/release.yml@refs/heads/main', rekor: { url: 'https://rekor.intra.example.cn' } },
  ],
};

const find = (objects: readonly K8sObject[], kind: string, name: string): any => findObject(objects, kind, name);

describe('ImageSupplyChainPolicy | kyverno', () => {
  const objects = renderImageSupplyChainPolicy(props);
  const policy = find(objects, 'ClusterPolicy', 'payment-images');
  const rule = (name: string) => policy.spec.rules.find((r: any) => r.name === name);

  test('renders one ClusterPolicy that validates against the Kyverno CRD', () => {
    expect(objects).toMatchSnapshot();
    expect(expectValidCustomResources(objects)).toBe(1);
  });

  test('verifies signatures by any authority, mutates and verifies digests, in Enforce mode', () => {
    const verify = rule('verify-signature-and-scan').verifyImages[0];
    expect(verify).toMatchObject({ failureAction: 'Enforce', mutateDigest: true, verifyDigest: true, required: true, imageReferences: ['registry.example.cn/pay/*'] });
    expect(verify.attestors).toEqual([{
      count: 1,
      entries: [
        { keys: { publicKeys: KEY, rekor: { url: 'https://rekor.sigstore.dev' } } },
        { keyless: { issuer: props.authorities[1].issuer, subject: (props.authorities[1] as any).subject, rekor: { url: 'https://rekor.intra.example.cn' } } },
      ],
    }]);
    expect(policy.spec.validationFailureAction).toBe('Enforce');
  });

  test('the scan attestation gate counts CRITICAL findings, guards a missing Vulnerabilities key and allows 0 by default', () => {
    const attestation = rule('verify-signature-and-scan').verifyImages[0].attestations[0];
    expect(attestation.type).toBe(VULN_PREDICATE_TYPE);
    const critical = attestation.conditions[0].all.find((c: any) => c.key.includes('CRITICAL'));
    expect(critical).toEqual({ key: "{{ scanner.result.Results[].Vulnerabilities[] || `[]` | [?Severity=='CRITICAL'] | length(@) }}", operator: 'LessThanOrEquals', value: 0 });
    const configured = renderImageSupplyChainPolicy({ ...props, maxCriticalVulnerabilities: 2, acknowledgements: { 'KH-SUP-003': { reason: 'CVE fix ships in Q3' } } });
    expect(JSON.stringify(configured)).toContain('"value":2');
  });

  test('tag and registry rules cover every container list and are scoped by the namespace label', () => {
    expect(rule('deny-latest-tag').validate.pattern.spec['=(initContainers)']).toEqual([{ image: '!*:latest' }]);
    expect(rule('require-image-tag').validate.pattern.spec.containers).toEqual([{ image: '*:*' }]);
    expect(rule('restrict-image-registries').validate.pattern.spec.containers).toEqual([{ image: 'registry.example.cn/pay/* | docker.io/istio/*' }]);
    for (const r of policy.spec.rules) {
      expect(r.match.any[0].resources.namespaceSelector.matchLabels).toEqual({ [IMAGE_VERIFICATION_LABEL]: 'enforced' });
    }
  });

  test('Audit needs an acknowledgement, turns digest mutation off and records the reason', () => {
    expect(() => renderImageSupplyChainPolicy({ ...props, failureAction: 'Audit' })).toThrow(/KH-SUP-001/);
    const audit = renderImageSupplyChainPolicy({ ...props, failureAction: 'Audit', acknowledgements: { 'KH-SUP-001': { reason: 'rollout week 1' } } });
    const p = find(audit, 'ClusterPolicy', 'payment-images');
    expect(p.spec.rules[0].verifyImages[0].mutateDigest).toBe(false);
    expect(p.metadata.annotations).toEqual({ 'kube-harden.io/acknowledge.KH-SUP-001': 'rollout week 1' });
    expect(expectValidCustomResources(audit)).toBe(1);
  });
});

describe('ImageSupplyChainPolicy | acknowledgements', () => {
  test.each(['   ', '\u200b', 'a\nb'])('a reason that is not printable (%j) is refused, not written to the policy', (reason) => {
    expect(problemsOf(() => renderImageSupplyChainPolicy({ ...props, failureAction: 'Audit', acknowledgements: { 'KH-SUP-001': { reason } } }))).toEqual([
      'acknowledgements.KH-SUP-001.reason: is blank, invisible or holds control characters',
      'failureAction: only reports unsigned or unscanned images, it admits them (control KH-SUP-001)',
    ]);
  });

  test('more than 0 critical vulnerabilities needs an acknowledgement of KH-SUP-003, from the prop or the profile', () => {
    expect(problemsOf(() => renderImageSupplyChainPolicy({ ...props, maxCriticalVulnerabilities: 10000 }))).toEqual([
      'maxCriticalVulnerabilities: admits images whose signed scan reports CRITICAL vulnerabilities (guide §2.2: zero tolerance) (control KH-SUP-003)',
    ]);
    const profile = { ...RESTRICTED_PROFILE, supplyChain: { ...RESTRICTED_PROFILE.supplyChain, maxCriticalVulnerabilities: 1 } };
    expect(problemsOf(() => renderImageSupplyChainPolicy(props, {}, profile))).toEqual([
      'profile.supplyChain.maxCriticalVulnerabilities: admits images whose signed scan reports CRITICAL vulnerabilities (guide §2.2: zero tolerance) (control KH-SUP-003)',
    ]);
    // the other control of the construct does not stand in for it
    expect(() => renderImageSupplyChainPolicy({ ...props, maxCriticalVulnerabilities: 1, acknowledgements: { 'KH-SUP-001': { reason: 'not this one' } } }))
      .toThrow(/KH-SUP-003/);
    const acknowledged = renderImageSupplyChainPolicy({ ...props, acknowledgements: { 'KH-SUP-003': { reason: 'until the Q3 base image' } } }, {}, profile);
    const policy = find(acknowledged, 'ClusterPolicy', 'payment-images');
    expect(policy.metadata.annotations).toEqual({ 'kube-harden.io/acknowledge.KH-SUP-003': 'until the Q3 base image' });
    expect(policy.spec.rules[0].verifyImages[0].attestations[0].conditions[0].all).toContainEqual(expect.objectContaining({ operator: 'LessThanOrEquals', value: 1 }));
  });

  test("a profile's Audit needs the acknowledgement the prop does, and names the profile field", () => {
    const profile = { ...RESTRICTED_PROFILE, supplyChain: { ...RESTRICTED_PROFILE.supplyChain, failureAction: 'Audit' as const } };
    expect(problemsOf(() => renderImageSupplyChainPolicy(props, {}, profile)))
      .toEqual(['profile.supplyChain.failureAction: only reports unsigned or unscanned images, it admits them (control KH-SUP-001)']);
  });

  test('every acknowledgement is checked, and recorded trimmed on every emitted object', () => {
    expect(problemsOf(() => renderImageSupplyChainPolicy({ ...props, acknowledgements: { 'KH-MESH-001': { reason: '\u202e' } } })))
      .toEqual(['acknowledgements.KH-MESH-001.reason: is blank, invisible or holds control characters']);
    const objects = renderImageSupplyChainPolicy({ ...props, engine: 'sigstore', failureAction: 'Audit', acknowledgements: { 'KH-SUP-001': { reason: ' rollout week 1 ' } } });
    expect(objects.map((o) => [o.kind, o.metadata.name, o.metadata.annotations?.['kube-harden.io/acknowledge.KH-SUP-001']])).toEqual([
      ['ClusterImagePolicy', 'payment-images', 'rollout week 1'],
      ['ClusterImagePolicy', 'payment-images-mesh-proxy', 'rollout week 1'],
      ['ValidatingAdmissionPolicy', 'payment-images-image-rules', 'rollout week 1'],
      ['ValidatingAdmissionPolicyBinding', 'payment-images-image-rules', 'rollout week 1'],
    ]);
  });
});

describe('ImageSupplyChainPolicy | sigstore', () => {
  const objects = renderImageSupplyChainPolicy({ ...props, engine: 'sigstore' });

  test('renders a ClusterImagePolicy with the same authorities, valid against the policy-controller CRD', () => {
    expect(objects).toMatchSnapshot();
    expect(expectValidCustomResources(objects)).toBe(2);
    expectValidKubernetesObjects(objects);
    const cip = find(objects, 'ClusterImagePolicy', 'payment-images');
    expect(cip.spec.images).toEqual([{ glob: 'registry.example.cn/pay/**' }]);
    expect(cip.spec.authorities.map((a: any) => a.name)).toEqual(['release-key', 'ci']);
    const keyless = props.authorities[1] as { issuer: string; subject: string };
    expect(cip.spec.authorities[1].keyless.identities).toEqual([{ issuer: keyless.issuer, subject: keyless.subject }]);
    expect(cip.spec.authorities[1].ctlog.url).toBe('https://rekor.intra.example.cn');
    expect(cip.spec.authorities[0].attestations[0].policy.data).toMatch(/count\(critical\) <= 0/);
  });

  test('tags and registries are enforced by a ValidatingAdmissionPolicy bound to the sigstore opt-in label', () => {
    const binding = find(objects, 'ValidatingAdmissionPolicyBinding', 'payment-images-image-rules');
    expect(binding.spec.matchResources.namespaceSelector.matchLabels).toEqual({ [SIGSTORE_INCLUDE_LABEL]: 'true' });
    expect(binding.spec.validationActions).toEqual(['Deny']);
    const vap = find(objects, 'ValidatingAdmissionPolicy', 'payment-images-image-rules');
    expect(vap.spec.validations[1].expression).toContain("i.startsWith('registry.example.cn/pay/')");
  });

  test('namespace opt-in labels differ by engine', () => {
    expect(imageVerificationNamespaceLabels('kyverno')).toEqual({ [IMAGE_VERIFICATION_LABEL]: 'enforced' });
    expect(imageVerificationNamespaceLabels('sigstore')).toEqual({ [IMAGE_VERIFICATION_LABEL]: 'enforced', [SIGSTORE_INCLUDE_LABEL]: 'true' });
  });
});

describe('ImageSupplyChainPolicy | mesh proxy images', () => {
  // GIVEN a pod in an opted-in namespace after Istio injected its sidecar and CNI validation init container
  const meshedPod = { containers: ['registry.example.cn/pay/api:1.0', 'docker.io/istio/proxyv2:1.24.0'], initContainers: ['docker.io/istio/proxyv2:1.24.0'] };
  const registryAllows = (objects: readonly K8sObject[], image: string): boolean => {
    const vap = find(objects, 'ValidatingAdmissionPolicy', 'payment-images-image-rules');
    const expression: string = vap.spec.validations[1].expression;
    const prefixes = [...expression.matchAll(/i\.startsWith\('([^']+)'\)/g)].map((m) => m[1]);
    return prefixes.some((p) => image.startsWith(p));
  };

  test('kyverno: the registry rule allows the default Istio hub next to the signed images', () => {
    const policy = find(renderImageSupplyChainPolicy(props), 'ClusterPolicy', 'payment-images');
    const pattern: string = policy.spec.rules.find((r: any) => r.name === 'restrict-image-registries').validate.pattern.spec.containers[0].image;
    expect(pattern).toBe('registry.example.cn/pay/* | docker.io/istio/*');
    expect(policy.spec.rules[0].verifyImages).toHaveLength(1);
  });

  test('sigstore: the registry rule admits the sidecar and a ClusterImagePolicy matches it (no-match-policy denies otherwise)', () => {
    const objects = renderImageSupplyChainPolicy({ ...props, engine: 'sigstore' });
    for (const image of [...meshedPod.containers, ...meshedPod.initContainers]) expect(registryAllows(objects, image)).toBe(true);
    const proxy = find(objects, 'ClusterImagePolicy', 'payment-images-mesh-proxy');
    expect(proxy.spec.images).toEqual([{ glob: 'docker.io/istio/**' }]);
    expect(proxy.spec.authorities).toEqual([{ name: 'mesh-proxy-static-pass', static: { action: 'pass' } }]);
    expect(proxy.metadata.annotations['kube-harden.io/note']).toMatch(/without a signature check/);
  });

  test('a configured hub and key replace the default, verified by both engines and valid against the CRDs', () => {
    const meshProxy = { registry: 'registry.example.cn/istio', publicKey: KEY };
    const sigstore = renderImageSupplyChainPolicy({ ...props, engine: 'sigstore', meshProxy });
    expect(expectValidCustomResources(sigstore)).toBe(2);
    const proxy = find(sigstore, 'ClusterImagePolicy', 'payment-images-mesh-proxy');
    expect(proxy.spec.images).toEqual([{ glob: 'registry.example.cn/istio/**' }]);
    expect(proxy.spec.authorities[0]).toMatchObject({ name: 'mesh-proxy-key', key: { data: KEY } });
    expect(proxy.metadata.annotations).toBeUndefined();
    expect(registryAllows(sigstore, 'docker.io/istio/proxyv2:1.24.0')).toBe(false);
    const kyverno = renderImageSupplyChainPolicy({ ...props, meshProxy });
    expect(expectValidCustomResources(kyverno)).toBe(1);
    const verify = find(kyverno, 'ClusterPolicy', 'payment-images').spec.rules[0].verifyImages[1];
    expect(verify).toMatchObject({ imageReferences: ['registry.example.cn/istio/*'], attestors: [{ entries: [{ keys: { publicKeys: KEY } }] }] });
  });

  test('meshProxy false allows no proxy registry and emits no proxy policy', () => {
    const objects = renderImageSupplyChainPolicy({ ...props, engine: 'sigstore', meshProxy: false });
    expect(registryAllows(objects, 'docker.io/istio/proxyv2:1.24.0')).toBe(false);
    expect(objects.filter((o) => o.kind === 'ClusterImagePolicy').map((o) => o.metadata.name)).toEqual(['payment-images']);
  });

  test('rejects a malformed proxy registry and key', () => {
    expect(() => renderImageSupplyChainPolicy({ ...props, meshProxy: { registry: 'Docker.io/Istio', publicKey: 'nope' } }))
      .toThrow(/meshProxy\.registry: is not a registry[\s\S]*meshProxy\.publicKey: is not a PEM public key/);
  });
});

describe('ImageSupplyChainPolicy | validation', () => {
  test('reports every problem at once', () => {
    try {
      renderImageSupplyChainPolicy({ name: 'Bad_Name', images: ['pay/*'], authorities: [{ name: 'k', publicKey: 'nope' }], maxCriticalVulnerabilities: -1 });
      throw new Error('expected a validation error');
    } catch (e) {
      expect(KubeHardenValidationError.isValidationError(e)).toBe(true);
      // Schema problems (types, ranges) come first, then the core's own checks.
      expect((e as KubeHardenValidationError).problems.map((p) => p.field)).toEqual(['maxCriticalVulnerabilities', 'name', 'images[0]', 'authorities[0].publicKey']);
    }
  });

  test("sigstore refuses a '?' glob at construction, as policy-controller's webhook would at apply", () => {
    // sigstore/policy-controller pkg/apis/glob/glob.go: Compile rejects a glob outside `^[a-zA-Z0-9-_:\/\*\.@]+$`,
    // and ClusterImagePolicy validation (pkg/apis/policy/v1beta1/clusterimagepolicy_validation.go ValidateGlob) calls it.
    const images = ['registry.example.cn/pay/api-v?'];
    const problem = "images[0]: uses '?', which Sigstore policy-controller globs do not support";
    expect(problemsOf(() => renderImageSupplyChainPolicy({ ...props, images, engine: 'sigstore' }))).toEqual([problem]);
    const sigstoreProfile = { ...RESTRICTED_PROFILE, supplyChain: { ...RESTRICTED_PROFILE.supplyChain, engine: 'sigstore' as const } };
    expect(problemsOf(() => renderImageSupplyChainPolicy({ ...props, images }, {}, sigstoreProfile))).toEqual([problem]);
    const kyverno = find(renderImageSupplyChainPolicy({ ...props, images }), 'ClusterPolicy', 'payment-images');
    expect(kyverno.spec.rules[0].verifyImages[0].imageReferences).toEqual(images);
  });

  test('a name longer than 63 characters is refused: it is also a label value', () => {
    // A label value has at most 63 characters (kubernetes/apimachinery pkg/util/validation/validation.go,
    // LabelValueMaxLength), and the name is every object's app.kubernetes.io/instance label: a longer (valid DNS
    // subdomain) name would render objects the API server refuses.
    const name = `images.${'a'.repeat(57)}`;
    expect(problemsOf(() => renderImageSupplyChainPolicy({ ...props, name }))).toEqual([
      'name: is longer than 63 characters, the limit of the app.kubernetes.io/instance label value it is written to',
    ]);
    const longest = name.slice(0, 63);
    for (const engine of ['kyverno', 'sigstore'] as const) {
      const objects = renderImageSupplyChainPolicy({ ...props, engine, name: longest });
      expect(objects.map((o) => o.metadata.labels?.['app.kubernetes.io/instance'])).toEqual(objects.map(() => longest));
    }
  });

  test('sigstore cannot skip the transparency log', () => {
    expect(() => renderImageSupplyChainPolicy({ ...props, engine: 'sigstore', authorities: [{ name: 'k', publicKey: KEY, rekor: { ignoreTlog: true } }] }))
      .toThrow(/ignoreTlog: is not supported/);
  });
});
