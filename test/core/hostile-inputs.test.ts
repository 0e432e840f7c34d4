/**
 * Issue 12, "Why": every crashing input and every weakening that reached the output without a covering
 * acknowledgement now gives a KubeHardenValidationError naming the field, its value and a fix.
 */
import { IDP_RSA_JWK } from '../../examples/shared/idp-keys';
import {
  HardeningProfile, KubeHardenValidationError, RESTRICTED_PROFILE, hardenPodSpec, renderImageSupplyChainPolicy, renderPaymentService,
  renderRuntimeThreatDetection, renderSandboxRuntimes, renderSecureDeployment, renderSecurityChaosProbes, renderZeroTrustNamespace,
} from '../../lib/core';
import {
  PLAIN_POD_SPEC, VALID_CHAOS_PROBES, VALID_IMAGE_POLICY, VALID_NAMESPACE, VALID_PAYMENT_SERVICE, VALID_RUNTIME_DETECTION, VALID_SANDBOX_RUNTIMES,
  VALID_SECURE_DEPLOYMENT,
} from '../helpers/valid-props';

/* eslint-disable @typescript-eslint/no-explicit-any */
const deployment = (patch: Record<string, unknown>) => () => renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, ...patch } as any);
const payment = (patch: Record<string, unknown>) => () => renderPaymentService({ ...VALID_PAYMENT_SERVICE, ...patch } as any);
const namespace = (patch: Record<string, unknown>, profile?: HardeningProfile) => () =>
  renderZeroTrustNamespace({ ...VALID_NAMESPACE, ...patch } as any, {}, profile);
const withProfile = (podSecurity: Partial<HardeningProfile['podSecurity']>, patch: Record<string, unknown> = {}) => () => renderSecureDeployment(
  { ...VALID_SECURE_DEPLOYMENT, ...patch }, {}, { ...RESTRICTED_PROFILE, podSecurity: { ...RESTRICTED_PROFILE.podSecurity, ...podSecurity } });

const RSA = IDP_RSA_JWK;
const ROOT_WITH_SYS_ADMIN = { securityContext: { runAsUser: 0, runAsNonRoot: false, addCapabilities: ['SYS_ADMIN'] } };
const ACKS_FOR_ROOT = { 'KH-POD-015': { reason: 'legacy image' }, 'KH-POD-016': { reason: 'legacy image' }, 'KH-POD-018': { reason: 'needs mount' }, 'KH-POD-004': { reason: 'needs mount' } };

/** The inputs that crashed with TypeError or a plain Error (issue 12: "26 kinds of invalid input crash"). */
const CRASHES: Array<[string, () => unknown, string]> = [
  ['allowFrom: a string', deployment({ allowFrom: 'x' }), 'allowFrom'],
  ['ports: [null]', deployment({ ports: [null] }), 'ports[0]'],
  ["methods: 'GET'", deployment({ allowFrom: [{ peer: VALID_SECURE_DEPLOYMENT.allowFrom![0].peer, http: [{ methods: 'GET' }] }] }), 'allowFrom[0].http[0].methods'],
  ['egress: {}', deployment({ egress: {} }), 'egress'],
  ['jwt: null', deployment({ jwt: null }), 'jwt'],
  ["jwks.keys: ['x']", deployment({ jwt: { issuer: 'https://idp.example.com', jwks: { keys: ['x'] } } }), 'jwt.jwks.keys[0]'],
  ["kty: '__proto__'", deployment({ jwt: { issuer: 'https://idp.example.com', jwks: JSON.stringify({ keys: [{ ...RSA, kty: '__proto__' }] }) } }), 'jwt.jwks.keys[0].kty'],
  ["rateLimit.per: 'toString'", deployment({ rateLimit: { requests: 10, per: 'toString' } }), 'rateLimit.per'],
  ['acknowledgements: { id: 3 }', deployment({ acknowledgements: { id: 3 } }), 'acknowledgements.id'],
  ['allowedRegistries: [5]', deployment({ allowedRegistries: [5] }), 'allowedRegistries[0]'],
  ['runAsNonRoot: NaN', deployment({ securityContext: { runAsNonRoot: NaN } }), 'securityContext.runAsNonRoot'],
  ['ZeroTrustNamespace parent: null', namespace({ parent: null }), 'parent'],
  ['null props', () => renderSecureDeployment(null as any), 'props'],
  ['PaymentService null props', () => renderPaymentService(undefined as any), 'props'],
  ['env: null', deployment({ env: null }), 'env'],
  ['env value: null', deployment({ env: { A: null } }), 'env.A'],
  ['securityContext: null', deployment({ securityContext: null }), 'securityContext'],
  ['probes: a string', deployment({ probes: 'x' }), 'probes'],
  ['allowFrom: [null]', deployment({ allowFrom: [null] }), 'allowFrom[0]'],
  ['allowFrom peer: {} (judged as the closest peer form, a selector)', deployment({ allowFrom: [{ peer: {} }] }), 'allowFrom[0].peer.namespace'],
  ['egress fqdns: a string', deployment({ egress: [{ fqdns: 'bank.example.com', ports: [443] }] }), 'egress[0].fqdns'],
  ['volumes: [{}]', deployment({ volumes: [{}] }), 'volumes[0].name'],
  ['ImageSupplyChainPolicy authorities: [null]', () => renderImageSupplyChainPolicy({ ...VALID_IMAGE_POLICY, authorities: [null] } as any), 'authorities[0]'],
  ['RuntimeThreatDetection workloads: [null]', () => renderRuntimeThreatDetection({ ...VALID_RUNTIME_DETECTION, workloads: [null] } as any), 'workloads[0]'],
  ['SandboxRuntimes kata: a string', () => renderSandboxRuntimes({ ...VALID_SANDBOX_RUNTIMES, kata: 'x' } as any), 'kata'],
  ['SecurityChaosProbes forbiddenPaths: a string', () => renderSecurityChaosProbes({ ...VALID_CHAOS_PROBES, forbiddenPaths: 'x' } as any), 'forbiddenPaths'],
  ['harden options: writablePaths a string', () => hardenPodSpec(PLAIN_POD_SPEC, { writablePaths: '/tmp/x' } as any), 'writablePaths'],
  ["jwt audiences: 'api'", deployment({ jwt: { issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/jwks', audiences: 'api' } }), 'jwt.audiences'],
];

/** The weakenings that were emitted without a covering acknowledgement (issue 12: "16 ways"), core side. */
const WEAKENINGS: Array<[string, () => unknown, string]> = [
  ['requireDigest: 0 with a tag-only image', payment({ requireDigest: 0, image: 'registry.example.com/shop/api:1.4.2' }), 'requireDigest'],
  ['podDisruptionBudget: 0', deployment({ podDisruptionBudget: 0 }), 'podDisruptionBudget'],
  ["automountServiceAccountToken: 'true'", deployment({ automountServiceAccountToken: 'true' }), 'automountServiceAccountToken'],
  ['readOnlyRootFilesystem: 0', deployment({ securityContext: { readOnlyRootFilesystem: 0 } }), 'securityContext.readOnlyRootFilesystem'],
  ['acknowledgements inherited from a prototype', deployment({ ...ROOT_WITH_SYS_ADMIN, acknowledgements: Object.create(ACKS_FOR_ROOT) }), 'securityContext.runAsUser'],
  ['props inherited from a prototype', () => renderSecureDeployment(Object.create({ ...VALID_SECURE_DEPLOYMENT, acknowledgements: ACKS_FOR_ROOT })), 'props'],
  ['a zero-width space as the reason', deployment({ podDisruptionBudget: false, acknowledgements: { 'KH-WKL-004': { reason: '\u200b' } } }), 'acknowledgements.KH-WKL-004.reason'],
  ['a reason of control characters', deployment({ podDisruptionBudget: false, acknowledgements: { 'KH-WKL-004': { reason: '\u0007\u0000' } } }), 'acknowledgements.KH-WKL-004.reason'],
  ['KH-POD-018 acknowledged lets SYS_ADMIN (KH-POD-004) through', deployment({ securityContext: { addCapabilities: ['SYS_ADMIN'] }, acknowledgements: { 'KH-POD-018': { reason: 'needs mount' } } }), 'securityContext.addCapabilities'],
  ['a custom profile with seccomp Unconfined', withProfile({ seccompProfileType: 'Unconfined' }), 'profile.podSecurity.seccompProfileType'],
  ['a custom profile that drops no capability', withProfile({ dropCapabilities: [] }), 'profile.podSecurity.dropCapabilities'],
  ['a custom profile with a writable root filesystem', withProfile({ readOnlyRootFilesystem: false }), 'profile.podSecurity.readOnlyRootFilesystem'],
  ['a custom profile that mounts the token', withProfile({ automountServiceAccountToken: true }), 'profile.podSecurity.automountServiceAccountToken'],
  ["ZeroTrustNamespace labels 'istio-injection: disabled'", namespace({ labels: { 'istio-injection': 'disabled' }, istioRevision: 'stable' }), 'labels.istio-injection'],
  ['ZeroTrustNamespace labels that lower PSA enforce', namespace({ labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }), 'labels.pod-security.kubernetes.io/enforce'],
  ['ZeroTrustNamespace labels that opt out of image verification', namespace({ labels: { 'kube-harden.io/image-verification': 'off' } }), 'labels.kube-harden.io/image-verification'],
  ["ZeroTrustNamespace labels: 'abc'", namespace({ labels: 'abc' }), 'labels'],
  ['a custom profile with PSA level baseline', namespace({}, { ...RESTRICTED_PROFILE, namespace: { ...RESTRICTED_PROFILE.namespace, podSecurityLevel: 'baseline' } }), 'profile.namespace.podSecurityLevel'],
  ['a projected service-account token volume', deployment({ volumes: [{ name: 'token', mountPath: '/var/run/token', source: { projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } } }] }), 'volumes[0].source.projected'],
  ['a JWKS string hiding d under __proto__', deployment({ jwt: { issuer: 'https://idp.example.com', jwks: `{"keys":[{"kty":"RSA","n":"${RSA.n}","e":"AQAB","__proto__":{"d":"private"}}]}` } }), 'jwt.jwks.keys[0].__proto__'],
  ['a JWKS with a private RSA key', deployment({ jwt: { issuer: 'https://idp.example.com', jwks: { keys: [{ ...RSA, d: 'private' }] } } }), 'jwt.jwks.keys[0]'],
];

function validationErrorOf(render: () => unknown): KubeHardenValidationError {
  try {
    render();
  } catch (error) {
    if (KubeHardenValidationError.isValidationError(error)) return error;
    throw error;
  }
  throw new Error('expected a KubeHardenValidationError, but it rendered');
}

describe('issue 12 inputs give a KubeHardenValidationError naming the field |', () => {
  test.each(CRASHES)('crash: %s', (_, render, field) => {
    const error = validationErrorOf(render);
    const problem = error.problems.find((p) => p.field === field);
    expect(problem).toBeDefined();
    expect(problem!.fix.length).toBeGreaterThan(3);
  });

  test.each(WEAKENINGS)('weakening: %s', (_, render, field) => {
    const error = validationErrorOf(render);
    expect(error.problems.map((p) => p.field)).toContain(field);
  });

  test('the lists hold the 26 crash kinds and 16 core weakenings of the issue (and a few more)', () => {
    expect(CRASHES.length).toBeGreaterThanOrEqual(26);
    expect(WEAKENINGS.length).toBeGreaterThanOrEqual(16);
  });
});

describe('acknowledgements cover exactly what they weaken |', () => {
  test('SYS_ADMIN needs both KH-POD-018 and KH-POD-004; with both it renders and both are recorded', () => {
    const error = validationErrorOf(deployment({ securityContext: { addCapabilities: ['SYS_ADMIN'] }, acknowledgements: { 'KH-POD-018': { reason: 'needs mount' } } }));
    expect(error.problems).toEqual([expect.objectContaining({ field: 'securityContext.addCapabilities', message: expect.stringContaining('KH-POD-004') })]);
    const objects = deployment({ securityContext: { addCapabilities: ['SYS_ADMIN'] }, acknowledgements: { 'KH-POD-018': { reason: 'needs mount' }, 'KH-POD-004': { reason: 'needs mount' } } })() as any[];
    const d = objects.find((o) => o.kind === 'Deployment');
    expect(Object.keys(d.spec.template.metadata.annotations)).toEqual(['kube-harden.io/acknowledge.KH-POD-004', 'kube-harden.io/acknowledge.KH-POD-018']);
  });

  test('a custom profile may strengthen freely (more replicas, a stronger runtime) without acknowledgements', () => {
    const stronger: HardeningProfile = { ...RESTRICTED_PROFILE, tiers: { ...RESTRICTED_PROFILE.tiers, medium: { ...RESTRICTED_PROFILE.tiers.medium, runtime: 'kata', replicas: 4 } } };
    const d = renderSecureDeployment(VALID_SECURE_DEPLOYMENT, {}, stronger).find((o) => o.kind === 'Deployment') as any;
    expect(d.spec.replicas).toBe(4);
    expect(d.spec.template.spec.runtimeClassName).toBe('kata');
  });

  test('a custom profile that lowers the tier needs KH-SBX-001 for runc, and its replicas never go below the restricted tier', () => {
    const weaker: HardeningProfile = { ...RESTRICTED_PROFILE, tiers: { ...RESTRICTED_PROFILE.tiers, medium: { ...RESTRICTED_PROFILE.tiers.medium, runtime: 'runc', replicas: 1 } } };
    const error = validationErrorOf(() => renderSecureDeployment(VALID_SECURE_DEPLOYMENT, {}, weaker));
    expect(error.problems).toEqual([expect.objectContaining({ field: 'profile.tiers', value: 'runc', message: expect.stringContaining('KH-SBX-001') })]);
    const acknowledged = renderSecureDeployment({ ...VALID_SECURE_DEPLOYMENT, acknowledgements: { 'KH-SBX-001': { reason: 'no sandbox nodes yet' } } }, {}, weaker);
    expect((acknowledged.find((o) => o.kind === 'Deployment') as any).spec.replicas).toBe(RESTRICTED_PROFILE.tiers.medium.replicas);
  });

  test('seccomp Unconfined from a custom profile renders once KH-POD-011 and KH-POD-017 are acknowledged, recorded as annotations', () => {
    const acknowledgements = { 'KH-POD-011': { reason: 'profiling build' }, 'KH-POD-017': { reason: 'profiling build' } };
    const objects = withProfile({ seccompProfileType: 'Unconfined' }, { acknowledgements })() as any[];
    const d = objects.find((o) => o.kind === 'Deployment');
    expect(d.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
    expect(d.metadata.annotations['kube-harden.io/acknowledge.KH-POD-011']).toBe('profiling build');
  });

  test('unknown keys name the nearest valid field', () => {
    const error = validationErrorOf(deployment({ imagPullPolicy: 'Always', acknowledgements: { 'KH-POD-18': { reason: 'x' } } }));
    expect(error.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'imagPullPolicy', fix: "did you mean 'imagePullPolicy'?" }),
      expect.objectContaining({ field: 'acknowledgements.KH-POD-18', fix: "did you mean 'KH-POD-018'?" }),
    ]));
  });

  test('the JWKS emitted from a JSON string holds only the public members', () => {
    const objects = deployment({ jwt: { issuer: 'https://idp.example.com', jwks: JSON.stringify({ keys: [RSA] }) } })() as any[];
    const authn = objects.find((o) => o.kind === 'RequestAuthentication');
    expect(JSON.parse(authn.spec.jwtRules[0].jwks)).toEqual({ keys: [RSA] });
  });
});

describe('error messages never throw |', () => {
  test.each<[string, unknown]>([
    ['an object whose toString is not a function', { toString: 'x', toJSON: 'y' }],
    ['a cyclic object', (() => { const o: Record<string, unknown> = {}; o.self = o; return o; })()],
    ['a BigInt', 10n],
    ['a symbol', Symbol('s')],
    ['a function', () => 1],
  ])('a problem whose value is %s formats', (_, value) => {
    const error = new KubeHardenValidationError('test', [{ field: 'f', value, message: 'is odd', fix: 'fix it.' }]);
    expect(error.message).toMatch(/^Invalid test: 1 problem\n {2}- f: is odd \(got .+\)\. Fix: fix it\.$/);
  });
});
