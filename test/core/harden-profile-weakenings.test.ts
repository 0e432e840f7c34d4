/**
 * `hardenPodSpec` / `hardenObject` with a custom profile: every value the profile weakens relative to the restricted
 * profile needs the acknowledgement the matching SecureDeployment prop needs (docs/defaults.md), and an acknowledged
 * control is left as written, so a weaker value than the restricted profile's is never written. A UID 0 under
 * `runAsNonRoot: true` is never emitted: the kubelet refuses to start such a container
 * (kubernetes/kubernetes pkg/kubelet/kuberuntime/security_context_others.go `verifyRunAsNonRoot`).
 */
import { audit, isCounted } from '../../lib/audit';
import { Acknowledgements, HardeningProfile, K8sObject, RESTRICTED_PROFILE, hardenObject, hardenPodSpec } from '../../lib/core';
import { problemsOf } from '../helpers/problems';

const WEAK_PROFILE: HardeningProfile = {
  ...RESTRICTED_PROFILE,
  name: 'weak',
  podSecurity: {
    ...RESTRICTED_PROFILE.podSecurity,
    seccompProfileType: 'Unconfined',
    readOnlyRootFilesystem: false,
    dropCapabilities: [],
    automountServiceAccountToken: true,
    imagePullPolicy: 'IfNotPresent',
    runAsUser: 0,
    runAsGroup: 0,
    fsGroup: 0,
  },
};

const DEPLOYMENT: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'registry.example.com/web:1.0' }] } },
  },
};

const plainPod = { containers: [{ name: 'web', image: 'registry.example.com/web:1.0' }] };
const ack = (reason: string, ...ids: string[]): Acknowledgements => Object.fromEntries(ids.map((id) => [id, { reason }]));
const ALL_WEAKENED = ['KH-POD-011', 'KH-POD-017', 'KH-POD-016', 'KH-POD-018', 'KH-POD-019', 'KH-POD-020', 'KH-WKL-005', 'KH-IMG-005'];

describe('harden with a custom profile |', () => {
  test("each weakened profile value is refused without its acknowledgement (the reviewer's repro)", () => {
    expect(problemsOf(() => hardenObject(DEPLOYMENT, {}, WEAK_PROFILE))).toEqual([
      'profile.podSecurity.runAsUser: runs the container as root (UID 0) (control KH-POD-016)',
      'profile.podSecurity.runAsGroup: uses the root group (GID 0) (control KH-POD-020)',
      'profile.podSecurity.fsGroup: uses the root group (GID 0) (control KH-POD-020)',
      'profile.podSecurity.seccompProfileType: runs the containers without the RuntimeDefault seccomp filter (controls KH-POD-011, KH-POD-017)',
      'profile.podSecurity.readOnlyRootFilesystem: makes the root filesystem writable (control KH-POD-019)',
      'profile.podSecurity.dropCapabilities: keeps capabilities the runtime grants by default (control KH-POD-018)',
      'profile.podSecurity.automountServiceAccountToken: mounts an API token into every pod (control KH-WKL-005)',
      'profile.podSecurity.imagePullPolicy: skips the registry check on start (control KH-IMG-005)',
    ]);
  });

  test('acknowledged, the controls are left as written: no weaker value is written, and the audit sees only acknowledged findings', () => {
    const reason = 'legacy image, fixed in 2.0';
    const result = hardenObject(DEPLOYMENT, { acknowledgements: ack(reason, ...ALL_WEAKENED) }, WEAK_PROFILE);
    const spec = (result.object as any).spec.template.spec;
    expect(spec.securityContext).toEqual({ runAsNonRoot: true });
    expect(spec.automountServiceAccountToken).toBeUndefined();
    expect(spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false });
    expect(spec.containers[0].imagePullPolicy).toBeUndefined();
    expect(result.acknowledged.map((a) => a.control)).toEqual(['KH-IMG-005', 'KH-POD-016', 'KH-POD-017', 'KH-POD-018', 'KH-POD-019', 'KH-POD-020', 'KH-WKL-005']);
    const findings = audit([result.object]).findings.filter((f) => ALL_WEAKENED.includes(f.ruleId));
    expect(findings.filter(isCounted)).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
  });

  test("an author's value as weak as the acknowledged profile's is kept and recorded; a stronger one is kept unrecorded", () => {
    const profile = {
      ...RESTRICTED_PROFILE,
      podSecurity: { ...RESTRICTED_PROFILE.podSecurity, readOnlyRootFilesystem: false, imagePullPolicy: 'IfNotPresent' as const, dropCapabilities: ['NET_RAW'] },
    };
    const acknowledgements = ack('air-gapped registry mirror', 'KH-POD-018', 'KH-POD-019', 'KH-IMG-005');
    const weak = { containers: [{ name: 'web', image: 'web:1.0', imagePullPolicy: 'IfNotPresent', securityContext: { readOnlyRootFilesystem: false, capabilities: { drop: ['NET_RAW'] } } }] };
    const kept = hardenPodSpec(weak, { acknowledgements }, profile);
    expect((kept.podSpec as any).containers[0]).toMatchObject(weak.containers[0]);
    expect(kept.acknowledged).toEqual(['KH-IMG-005', 'KH-POD-018', 'KH-POD-019']);
    const strong = { containers: [{ name: 'web', image: 'web:1.0', imagePullPolicy: 'Always', securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } }] };
    const unchanged = hardenPodSpec(strong, { acknowledgements }, profile);
    expect((unchanged.podSpec as any).containers[0]).toMatchObject(strong.containers[0]);
    expect(unchanged.acknowledged).toEqual([]);
  });

  test('one acknowledgement of two does not do: seccomp Unconfined needs KH-POD-011 and KH-POD-017', () => {
    const profile = { ...RESTRICTED_PROFILE, podSecurity: { ...RESTRICTED_PROFILE.podSecurity, seccompProfileType: 'Unconfined' as const } };
    expect(problemsOf(() => hardenPodSpec(plainPod, { acknowledgements: ack('profiling', 'KH-POD-017') }, profile))).toEqual([
      'profile.podSecurity.seccompProfileType: runs the containers without the RuntimeDefault seccomp filter (controls KH-POD-011, KH-POD-017)',
    ]);
  });

  test('a profile that only strengthens needs no acknowledgement, and its values are written', () => {
    const ids = { runAsUser: 20000, runAsGroup: 20000, fsGroup: 20000 };
    const stronger = { ...RESTRICTED_PROFILE, podSecurity: { ...RESTRICTED_PROFILE.podSecurity, ...ids } };
    expect((hardenPodSpec(plainPod, {}, stronger).podSpec as any).securityContext).toMatchObject(ids);
  });

  test("a tier runtime weaker than the restricted profile's needs KH-SBX-001; acknowledged, runtimeClassName is left as written", () => {
    const gvisorHigh = { ...RESTRICTED_PROFILE, tiers: { ...RESTRICTED_PROFILE.tiers, high: { ...RESTRICTED_PROFILE.tiers.high, runtime: 'gvisor' as const } } };
    expect(problemsOf(() => hardenPodSpec(plainPod, { sensitivity: 'high' }, gvisorHigh))).toEqual([
      "profile.tiers.high.runtime: is weaker than the runtime 'kata' the restricted profile gives the 'high' tier (control KH-SBX-001)",
    ]);
    const acknowledged = hardenPodSpec(plainPod, { sensitivity: 'high', acknowledgements: ack('no Kata nodes yet', 'KH-SBX-001') }, gvisorHigh);
    expect((acknowledged.podSpec as any).runtimeClassName).toBeUndefined();
    expect(acknowledged.acknowledged).toEqual(['KH-SBX-001']);
  });
});

describe('harden never emits UID 0 under runAsNonRoot: true |', () => {
  test('a pod-level UID 0 kept by KH-POD-016 alone is refused: runAsNonRoot would be set to true beside it', () => {
    expect(problemsOf(() => hardenPodSpec({ ...plainPod, securityContext: { runAsUser: 0 } }, { acknowledgements: ack('root image', 'KH-POD-016') }))).toEqual([
      'securityContext.runAsUser: runs as root while runAsNonRoot is true (the kubelet refuses to start the container)',
    ]);
  });

  test('a container-level UID 0 under a pod-level runAsNonRoot: true is refused at the container', () => {
    const input = { containers: [{ name: 'web', image: 'web:1.0', securityContext: { runAsUser: 0 } }, { name: 'side', image: 'side:1.0' }] };
    expect(problemsOf(() => hardenPodSpec(input, { acknowledgements: ack('root image', 'KH-POD-016') }))).toEqual([
      'containers[0].securityContext.runAsUser: runs as root while runAsNonRoot is true (the kubelet refuses to start the container)',
    ]);
  });

  test('with KH-POD-015 acknowledged too, runAsNonRoot is left as written and the root pod hardens', () => {
    const { podSpec } = hardenPodSpec({ ...plainPod, securityContext: { runAsUser: 0 } }, { acknowledgements: ack('root image', 'KH-POD-015', 'KH-POD-016') });
    expect((podSpec as any).securityContext).toEqual({ runAsUser: 0, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
  });
});
