/**
 * hardenObject fixes or refuses every weakening the audit reports on its result (helper-55's reproductions), and reads
 * `null` as the API server does: unset. The API server decodes JSON with Go's encoding/json semantics (golang/go
 * src/encoding/json/decode.go `literalStore`: a null sets a pointer, map or slice to nil and leaves any other kind
 * alone; a null list item is the item type's zero value), so `runAsGroup: null` is no runAsGroup and
 * `emptyDir: null` is no emptyDir source.
 */
import { audit, findingStatus } from '../../lib/audit';
import { Acknowledgements, acknowledgeAnnotation, hardenObject, hardenPodSpec, K8sObject } from '../../lib/core';
import { problemsOf } from '../helpers/problems';

const IMAGE = `registry.example.com/shop/web:1.0@sha256:${'a'.repeat(64)}`;

function deployment(pod: Record<string, unknown>, templateAnnotations?: Record<string, unknown>): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' }, ...(templateAnnotations === undefined ? {} : { annotations: templateAnnotations }) },
        spec: { containers: [{ name: 'web', image: IMAGE }], ...pod },
      },
    },
  };
}

/** The audit's counted or unknown findings of the pod rules on `object` (acknowledged ones pass). */
function podFindings(object: K8sObject): string[] {
  return audit([object]).findings
    .filter((f) => /^KH-(POD-|WKL-00[15]|IMG-005)/.test(f.ruleId) && findingStatus(f) !== 'acknowledged')
    .map((f) => `${f.ruleId} ${f.message}`);
}

const podOf = (object: K8sObject): any => (object as any).spec.template.spec;
const ack = (...ids: string[]): Acknowledgements => Object.fromEntries(ids.map((id) => [id, { reason: 'node agent' }]));

describe('null is unset, as the API server reads it |', () => {
  test('null runAsUser, runAsGroup and fsGroup are set to the profile values, with the change from null', () => {
    const { object, changes } = hardenObject(deployment({ securityContext: { runAsUser: null, runAsGroup: null, fsGroup: null } }));
    expect(podOf(object).securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 });
    expect(changes.find((c) => c.path === '/spec/template/spec/securityContext/runAsGroup')).toEqual({
      path: '/spec/template/spec/securityContext/runAsGroup', from: null, to: 10001, control: 'KH-POD-020',
    });
    expect(podFindings(object)).toEqual([]);
  });

  test('null limits, null resources and a null securityContext are filled as missing ones are', () => {
    const { object } = hardenObject(deployment({
      securityContext: null,
      containers: [{ name: 'web', image: IMAGE, securityContext: null, resources: { limits: { cpu: null, memory: null }, requests: null } }],
    }));
    expect(podOf(object).containers[0].resources).toEqual({ limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } });
    expect(podFindings(object)).toEqual([]);
  });

  test('a null field the profile does not need set is left as it is: no change, no problem', () => {
    const container = {
      name: 'web',
      image: IMAGE,
      ports: [{ containerPort: 8080, hostPort: null }],
      securityContext: { seccompProfile: null, appArmorProfile: null, procMount: null, seLinuxOptions: { type: null, user: null } },
    };
    const once = hardenPodSpec({ containers: [container] });
    const changed = once.changes.map((c) => c.path);
    expect(changed.filter((path) => /^\/containers\/0\/(securityContext\/(seccompProfile|appArmorProfile|procMount|seLinuxOptions)|ports)/.test(path))).toEqual([]);
  });
});

describe('a weakening is fixed or refused, never kept silently |', () => {
  test('a hostPath volume behind emptyDir: null is refused as a hostPath', () => {
    const input = deployment({ volumes: [{ name: 'h', emptyDir: null, hostPath: { path: '/' } }] });
    expect(problemsOf(() => hardenObject(input))).toEqual(['spec.template.spec.volumes[0].hostPath: is a hostPath volume (KH-POD-005, KH-POD-013)']);
  });

  test('group 0 in supplementalGroups (a null item decodes as 0) is refused; acknowledged, it is kept and recorded', () => {
    expect(problemsOf(() => hardenObject(deployment({ securityContext: { supplementalGroups: [1000, 0, null] } })))).toEqual([
      "spec.template.spec.securityContext.supplementalGroups[1]: adds the root group (GID 0) to every container's groups (KH-POD-020)",
      "spec.template.spec.securityContext.supplementalGroups[2]: adds the root group (GID 0) to every container's groups (KH-POD-020)",
    ]);
    const kept = hardenObject(deployment({ securityContext: { supplementalGroups: [0] } }), { acknowledgements: ack('KH-POD-020') });
    expect(podOf(kept.object).securityContext.supplementalGroups).toEqual([0]);
    expect(kept.acknowledged.map((a) => a.control)).toEqual(['KH-POD-020']);
    expect(podFindings(kept.object)).toEqual([]);
  });

  test('a projected serviceAccountToken is refused as SecureDeployment refuses it, unless KH-WKL-005 is acknowledged; a null one is none', () => {
    const token = (serviceAccountToken: unknown): K8sObject => deployment({
      volumes: [{ name: 't', projected: { sources: [{ configMap: { name: 'ca' } }, { serviceAccountToken }] } }],
    });
    expect(problemsOf(() => hardenObject(token({ path: 'token' })))).toEqual([
      'spec.template.spec.volumes[0].projected.sources[1].serviceAccountToken: mounts a service-account token (a projected serviceAccountToken source) into the pods (KH-WKL-005)',
    ]);
    const kept = hardenObject(token({ path: 'token', audience: 'vault' }), { acknowledgements: ack('KH-WKL-005') });
    expect(kept.acknowledged.map((a) => a.control)).toEqual(['KH-WKL-005']);
    expect(podFindings(kept.object)).toEqual([]);
    expect(podFindings(hardenObject(token(null)).object)).toEqual([]);
  });

  test("an AppArmor annotation that disables AppArmor is set to runtime/default, as an appArmorProfile field is (PSA's allowed values)", () => {
    // kubernetes/pod-security-admission policy/check_appArmorProfile.go allowedAnnotationValue: '', runtime/default, localhost/*
    const key = 'container.apparmor.security.beta.kubernetes.io/web';
    const input = deployment({}, { [key]: 'unconfined', 'container.apparmor.security.beta.kubernetes.io/side': 'localhost/side' });
    const { object, changes } = hardenObject(input);
    expect((object as any).spec.template.metadata.annotations).toEqual({ [key]: 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/side': 'localhost/side' });
    expect(changes.find((c) => c.control === 'KH-POD-008')).toEqual({
      path: '/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1web', from: 'unconfined', to: 'runtime/default', control: 'KH-POD-008',
    });
    expect(podFindings(object)).toEqual([]);
    expect(hardenObject(object).changes).toEqual([]);

    const kept = hardenObject(input, { acknowledgements: ack('KH-POD-008') });
    expect((kept.object as any).spec.template.metadata.annotations[key]).toBe('unconfined');
    expect((kept.object as any).spec.template.metadata.annotations[acknowledgeAnnotation('KH-POD-008')]).toBe('node agent');
    expect(podFindings(kept.object)).toEqual([]);
  });

  test('a value that fails two controls is kept only with both acknowledged: an added SYS_ADMIN (KH-POD-004), seccomp Unconfined (KH-POD-011)', () => {
    const sysAdmin = deployment({ containers: [{ name: 'web', image: IMAGE, securityContext: { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } }] });
    expect(problemsOf(() => hardenObject(sysAdmin, { acknowledgements: ack('KH-POD-018') }))).toEqual([
      'spec.template.spec.containers[0].securityContext.capabilities.add[0]: adds a capability Pod Security restricted forbids (KH-POD-004, KH-POD-018)',
    ]);
    expect(podFindings(hardenObject(sysAdmin, { acknowledgements: ack('KH-POD-004', 'KH-POD-018') }).object)).toEqual([]);

    const unconfined = deployment({ securityContext: { seccompProfile: { type: 'Unconfined' } } });
    const replaced = hardenObject(unconfined, { acknowledgements: ack('KH-POD-017') });
    expect(podOf(replaced.object).securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(podFindings(replaced.object)).toEqual([]);
    const kept = hardenObject(unconfined, { acknowledgements: ack('KH-POD-011', 'KH-POD-017') });
    expect(podOf(kept.object).securityContext.seccompProfile).toEqual({ type: 'Unconfined' });
    expect(podFindings(kept.object)).toEqual([]);
  });
});
