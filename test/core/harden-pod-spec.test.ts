import * as fc from 'fast-check';
import { CONTEXT, PINNED_IMAGE } from './fixtures';
import {
  acknowledgeAnnotation, hardenObject, hardenPodSpec, K8sObject, KubeHardenValidationError, PodSpecChange, RESTRICTED_PROFILE, renderSecureDeployment,
} from '../../lib/core';
import { pssViolations } from '../conformance/pss';
import { applyChanges } from '../helpers/json-patch';
import { problemsOf } from '../helpers/problems';

function changeAt(changes: readonly PodSpecChange[], path: string): PodSpecChange | undefined {
  return changes.find((c) => c.path === path);
}

const plainPod = { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] };

describe('hardenPodSpec', () => {
  test('GIVEN a bare pod spec WHEN hardened THEN it gets the restricted pod and container security contexts', () => {
    const { podSpec } = hardenPodSpec(plainPod);
    const spec = podSpec as any;
    expect(spec.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(spec.containers[0].imagePullPolicy).toBe('Always');
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'writable-0', mountPath: '/tmp' }]);
    expect(spec.volumes).toEqual([{ name: 'writable-0', emptyDir: {} }]);
    expect(spec.containers[0].resources).toEqual(RESTRICTED_PROFILE.tiers.medium.resources);
  });

  test('the input is not modified', () => {
    const input = structuredClone(plainPod);
    hardenPodSpec(input);
    expect(input).toEqual(plainPod);
  });

  test('changes are JSON Patch add operations that turn the input into the result, each with its control', () => {
    const input = { ...plainPod, hostNetwork: true, securityContext: { runAsUser: 0 } };
    const { podSpec, changes } = hardenPodSpec(input);
    expect(applyChanges(input, changes)).toEqual(podSpec);
    expect(changeAt(changes, '/hostNetwork')).toEqual({ path: '/hostNetwork', from: true, to: false, control: 'KH-POD-002' });
    expect(changeAt(changes, '/securityContext/runAsUser')).toEqual({ path: '/securityContext/runAsUser', from: 0, to: 10001, control: 'KH-POD-016' });
    expect(changeAt(changes, '/containers/0/securityContext')?.control).toBe('KH-POD-014');
  });

  test('hardening is idempotent', () => {
    const once = hardenPodSpec(plainPod);
    const twice = hardenPodSpec(once.podSpec);
    expect(twice.changes).toEqual([]);
    expect(twice.podSpec).toEqual(once.podSpec);
  });

  test('compliant user values are kept: a non-root UID, Localhost seccomp, NET_BIND_SERVICE, an existing /tmp mount', () => {
    const input = {
      securityContext: { runAsNonRoot: true, runAsUser: 2000, runAsGroup: 3000, fsGroup: 3000, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } },
      containers: [{
        name: 'web',
        image: 'nginx:1.27',
        volumeMounts: [{ name: 'scratch', mountPath: '/tmp' }],
        securityContext: { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
      }],
      volumes: [{ name: 'scratch', emptyDir: { medium: 'Memory' } }],
    };
    const spec = hardenPodSpec(input).podSpec as any;
    expect(spec.securityContext).toEqual(input.securityContext);
    expect(spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(spec.containers[0].volumeMounts).toEqual(input.containers[0].volumeMounts);
    expect(spec.volumes).toEqual(input.volumes);
  });

  test('explicit weak values are replaced: root, Unconfined seccomp, privileged, writable root fs, partial drop', () => {
    const input = {
      securityContext: { runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: 'Unconfined' } },
      initContainers: [{ name: 'init', image: 'busybox:1.36', securityContext: { privileged: true, runAsUser: 0, readOnlyRootFilesystem: false, capabilities: { drop: ['NET_RAW'] } } }],
      containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', securityContext: { runAsNonRoot: false, procMount: 'Unmasked' } }],
    };
    const { podSpec, changes } = hardenPodSpec(input);
    const spec = podSpec as any;
    expect(spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(spec.initContainers[0].securityContext).toEqual({
      privileged: false, runAsUser: 10001, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false,
    });
    expect(spec.containers[0].securityContext.runAsNonRoot).toBe(true);
    expect(spec.containers[0].securityContext.procMount).toBe('Default');
    expect(changeAt(changes, '/containers/0/imagePullPolicy')).toMatchObject({ from: 'IfNotPresent', to: 'Always', control: 'KH-IMG-005' });
  });

  test('extra writable paths get their own emptyDir after /tmp, and a clashing volume name is avoided', () => {
    const input = {
      containers: [{ name: 'web', image: 'nginx:1.27', volumeMounts: [{ name: 'writable-0', mountPath: '/etc/app' }] }],
      volumes: [{ name: 'writable-0', configMap: { name: 'app' } }],
    };
    const spec = hardenPodSpec(input, { writablePaths: ['/var/cache/nginx'] }).podSpec as any;
    expect(spec.volumes).toEqual([
      { name: 'writable-0', configMap: { name: 'app' } },
      { name: 'kube-harden-writable-0', emptyDir: {} },
      { name: 'writable-1', emptyDir: {} },
    ]);
    expect(spec.containers[0].volumeMounts.map((m: any) => `${m.name}:${m.mountPath}`))
      .toEqual(['writable-0:/etc/app', 'kube-harden-writable-0:/tmp', 'writable-1:/var/cache/nginx']);
  });

  test('a sensitivity sets the tier runtime and priority classes where missing, and keeps classes it cannot judge', () => {
    const spec = hardenPodSpec(plainPod, { sensitivity: 'critical' }).podSpec as any;
    expect(spec.runtimeClassName).toBe('kata');
    expect(spec.priorityClassName).toBe('kube-harden-critical');
    expect(spec.containers[0].resources).toEqual(RESTRICTED_PROFILE.tiers.critical.resources);
    const kept = hardenPodSpec({ ...plainPod, runtimeClassName: 'kata-qemu-snp', priorityClassName: 'mine' }, { sensitivity: 'critical' }).podSpec as any;
    expect([kept.runtimeClassName, kept.priorityClassName]).toEqual(['kata-qemu-snp', 'mine']);
    expect((hardenPodSpec(plainPod, { sensitivity: 'low' }).podSpec as any).runtimeClassName).toBeUndefined();
  });

  test("a sensitivity refuses a runtime or priority class known to be weaker than the tier's, as SecureDeployment refuses a weaker runtime or priority", () => {
    const weak = { ...plainPod, runtimeClassName: 'runc', priorityClassName: 'kube-harden-low' };
    expect(problemsOf(() => hardenPodSpec(weak, { sensitivity: 'critical' }))).toEqual([
      "runtimeClassName: runs no sandbox, weaker than the Kata Containers sandbox of the 'critical' tier (KH-SBX-001)",
      "priorityClassName: is the priority class of the lower 'low' tier (KH-WKL-007)",
    ]);
    expect(problemsOf(() => renderSecureDeployment({ name: 'api', image: PINNED_IMAGE, ports: [{ name: 'http', port: 8080 }], sensitivity: 'critical', runtime: 'runc', priority: 'low' }, CONTEXT)))
      .toEqual([
        "runtime: is weaker than the runtime 'kata' the restricted profile gives this workload (control KH-SBX-001)",
        "priority: is a lower priority than the 'critical' tier (control KH-WKL-007)",
      ]);
    expect(problemsOf(() => hardenPodSpec({ ...plainPod, runtimeClassName: 'gvisor' }, { sensitivity: 'high' }))).toEqual([
      "runtimeClassName: runs gVisor, weaker than the Kata Containers sandbox of the 'high' tier (KH-SBX-001)",
    ]);
    const acknowledgements = { 'KH-SBX-001': { reason: 'no Kata nodes yet' }, 'KH-WKL-007': { reason: 'batch job' } };
    const kept = hardenPodSpec(weak, { sensitivity: 'critical', acknowledgements });
    expect([(kept.podSpec as any).runtimeClassName, (kept.podSpec as any).priorityClassName]).toEqual(['runc', 'kube-harden-low']);
    expect(kept.acknowledged).toEqual(['KH-SBX-001', 'KH-WKL-007']);
    const empty = hardenPodSpec({ ...plainPod, runtimeClassName: '', priorityClassName: null }, { sensitivity: 'medium' });
    expect([(empty.podSpec as any).runtimeClassName, (empty.podSpec as any).priorityClassName]).toEqual(['gvisor', 'kube-harden-medium']);
  });

  test('an acknowledged control is left as written and reported as acknowledged', () => {
    const input = { containers: [{ name: 'web', image: 'nginx:1.27', securityContext: { readOnlyRootFilesystem: false } }] };
    const result = hardenPodSpec(input, { acknowledgements: { 'KH-POD-019': { reason: 'legacy image writes to /var/run' } } });
    const spec = result.podSpec as any;
    expect(spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(spec.volumes).toBeUndefined();
    expect(result.acknowledged).toEqual(['KH-POD-019']);
    expect(result.changes.some((c) => c.control === 'KH-POD-019')).toBe(false);
  });

  test('what cannot be fixed by setting a field is one validation error listing every problem with its fix', () => {
    const input = {
      containers: [{
        name: 'agent',
        image: 'agent:1.0',
        ports: [{ containerPort: 80, hostPort: 80 }],
        securityContext: { capabilities: { add: ['NET_ADMIN'] } },
        livenessProbe: { httpGet: { host: 'example.com', port: 80 } },
      }],
      securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] },
      volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }, { name: 'share', nfs: { server: 'nfs', path: '/' } }],
    };
    let error: unknown;
    try {
      hardenPodSpec(input, {}, RESTRICTED_PROFILE, "Deployment 'agent'");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeHardenValidationError);
    const problems = (error as KubeHardenValidationError).problems;
    expect(problems.map((p) => p.field).sort()).toEqual([
      'containers[0].livenessProbe.httpGet.host', 'containers[0].ports[0].hostPort', 'containers[0].securityContext.capabilities.add[0]',
      'securityContext.sysctls[0].name', 'volumes[0].hostPath', 'volumes[1].nfs',
    ]);
    expect((error as Error).message).toContain("Invalid Deployment 'agent'");
    expect(problems.every((p) => /acknowledge KH-[A-Z]+-\d{3}( and KH-[A-Z]+-\d{3})* with a reason\.$/.test(p.fix))).toBe(true);
  });

  test('an acknowledgement must name a known control and give a reason', () => {
    const acknowledgements = { 'KH-POD-999': { reason: 'typo' }, 'KH-POD-019': { reason: ' ' } } as never;
    expect(() => hardenPodSpec(plainPod, { acknowledgements })).toThrow(KubeHardenValidationError);
    expect(() => hardenPodSpec(plainPod, { acknowledgements })).toThrow(/acknowledgements.KH-POD-999: is not a known field[\s\S]*did you mean 'KH-POD-009'[\s\S]*acknowledgements.KH-POD-019.reason: is blank/);
  });

  test('acknowledging the controls of an unfixable problem keeps it: a hostPath fails KH-POD-005 and KH-POD-013, and needs both', () => {
    const input = { containers: [{ name: 'web', image: 'nginx:1.27' }], volumes: [{ name: 'sock', hostPath: { path: '/run/x.sock' } }] };
    expect(problemsOf(() => hardenPodSpec(input, { acknowledgements: { 'KH-POD-005': { reason: 'node agent' } } }))).toEqual([
      'volumes[0].hostPath: is a hostPath volume (KH-POD-005, KH-POD-013)',
    ]);
    const acknowledgements = { 'KH-POD-005': { reason: 'node agent' }, 'KH-POD-013': { reason: 'node agent' } };
    const result = hardenPodSpec(input, { acknowledgements });
    expect((result.podSpec as any).volumes[0]).toEqual(input.volumes[0]);
    expect(result.acknowledged).toEqual(['KH-POD-005', 'KH-POD-013']);
  });

  test('property: any mix of fixable weak settings hardens to a PSS restricted fixed point and the changes replay exactly', () => {
    const weakContext = fc.record({
      runAsNonRoot: fc.option(fc.boolean(), { nil: undefined }),
      runAsUser: fc.option(fc.constantFrom(0, 1000), { nil: undefined }),
      privileged: fc.option(fc.boolean(), { nil: undefined }),
      allowPrivilegeEscalation: fc.option(fc.boolean(), { nil: undefined }),
      readOnlyRootFilesystem: fc.option(fc.boolean(), { nil: undefined }),
    }, { requiredKeys: [] });
    const spec = fc.record({
      hostPID: fc.option(fc.boolean(), { nil: undefined }),
      automountServiceAccountToken: fc.option(fc.boolean(), { nil: undefined }),
      securityContext: fc.option(weakContext, { nil: undefined }),
      containers: fc.array(fc.record({ name: fc.constantFrom('a', 'b'), image: fc.constant('app:1.0'), securityContext: fc.option(weakContext, { nil: undefined }) }), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(fc.property(spec, (input) => {
      const json = JSON.parse(JSON.stringify(input));
      const once = hardenPodSpec(json);
      expect(applyChanges(json, once.changes)).toEqual(once.podSpec);
      expect(hardenPodSpec(once.podSpec).changes).toEqual([]);
      expect(pssViolations(once.podSpec)).toEqual([]);
    }), { numRuns: 60 });
  });
});

describe('hardenObject', () => {
  const deployment: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: plainPod } },
  };

  test('finds the pod spec by kind and reports paths from the object root', () => {
    const cron: K8sObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { spec: plainPod } } } } };
    const { object, changes } = hardenObject(cron);
    expect((object as any).spec.jobTemplate.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(changes.every((c) => c.path.startsWith('/spec/jobTemplate/spec/template/spec/'))).toBe(true);
  });

  test('objects without a pod spec come back unchanged', () => {
    const cm: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    expect(hardenObject(cm)).toEqual({ object: cm, changes: [], acknowledged: [] });
  });

  test('an acknowledgement that kept a weaker value is written as an annotation, and honoured from annotations next time', () => {
    const weak = structuredClone(deployment) as any;
    weak.spec.template.spec.automountServiceAccountToken = true;
    const reason = 'talks to the API server';
    const first = hardenObject(weak, { acknowledgements: { 'KH-WKL-005': { reason }, 'KH-POD-002': { reason: 'unused' } } });
    expect(first.object.metadata.annotations).toEqual({ [acknowledgeAnnotation('KH-WKL-005')]: reason });
    expect((first.object as any).spec.template.metadata.annotations).toEqual({ [acknowledgeAnnotation('KH-WKL-005')]: reason });
    expect(first.acknowledged).toEqual([{ control: 'KH-WKL-005', reason }]);
    expect(changeAt(first.changes, '/metadata/annotations')).toEqual({ path: '/metadata/annotations', to: { [acknowledgeAnnotation('KH-WKL-005')]: reason }, control: 'KH-WKL-005' });
    expect(applyChanges(weak, first.changes)).toEqual(first.object);

    const second = hardenObject(first.object);
    expect(second.changes).toEqual([]);
    expect((second.object as any).spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  test('an acknowledgement found only on the pod template is honoured, and a Job template without metadata gets it too', () => {
    const job: K8sObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'migrate:1.0', securityContext: { readOnlyRootFilesystem: false } }] } } },
    };
    const reason = 'writes migration state to /app';
    const first = hardenObject(job, { acknowledgements: { 'KH-POD-019': { reason } } });
    expect(changeAt(first.changes, '/spec/template/metadata')).toEqual({
      path: '/spec/template/metadata', to: { annotations: { [acknowledgeAnnotation('KH-POD-019')]: reason } }, control: 'KH-POD-019',
    });
    expect(applyChanges(job, first.changes)).toEqual(first.object);

    const templateOnly = structuredClone(first.object) as any;
    delete templateOnly.metadata.annotations;
    const second = hardenObject(templateOnly);
    expect(second.acknowledged).toEqual([{ control: 'KH-POD-019', reason }]);
    expect(second.object.metadata.annotations).toEqual({ [acknowledgeAnnotation('KH-POD-019')]: reason });
  });

  test('validation errors name the object and the field', () => {
    const bad = structuredClone(deployment) as any;
    bad.spec.template.spec.volumes = [{ name: 'h', hostPath: { path: '/' } }];
    expect(() => hardenObject(bad)).toThrow(/Invalid Deployment 'web': 1 problem\n {2}- spec\.template\.spec\.volumes\[0\]\.hostPath/);
  });
});
