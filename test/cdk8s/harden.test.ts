import { ApiObject, Chart, Cron, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { audit } from '../../lib/audit';
import { harden } from '../../lib/cdk8s/harden';
import { SecureDeployment } from '../../lib/cdk8s/secure-deployment';
import { acknowledgeAnnotation, RESTRICTED_PROFILE } from '../../lib/core';
import { expectPssRestricted, podTemplatesOf, pssViolations } from '../conformance/pss';

function synthObject(chart: Chart, kind: string, nameIncludes: string): any {
  const found = Testing.synth(chart).filter((o: any) => o.kind === kind && o.metadata.name.includes(nameIncludes));
  expect(found).toHaveLength(1);
  return found[0];
}

function podSpecOf(obj: any): any {
  return obj.kind === 'CronJob' ? obj.spec.jobTemplate.spec.template.spec : obj.spec.template.spec;
}

describe('harden (cdk8s-plus-27 interop)', () => {
  test('GIVEN a default cdk8s-plus Deployment WHEN hardened THEN its pod meets the profile and the report lists each change', () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    expect(podTemplatesOf(Testing.synth(chart)).flatMap((t) => pssViolations(t.spec))).not.toEqual([]);

    const report = harden(chart);

    expectPssRestricted(Testing.synth(chart));
    const spec = podSpecOf(synthObject(chart, 'Deployment', 'web'));
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'writable-0', mountPath: '/tmp' }]);
    expect(spec.volumes).toEqual([{ name: 'writable-0', emptyDir: {} }]);

    expect(report.workloads.map((w) => w.kind)).toEqual(['Deployment']);
    expect(report.workloads[0].changes.map((c) => `${c.path} ${c.control}`)).toEqual([
      '/spec/template/spec/securityContext/runAsUser KH-POD-016',
      '/spec/template/spec/securityContext/runAsGroup KH-POD-020',
      '/spec/template/spec/securityContext/fsGroup KH-POD-020',
      '/spec/template/spec/securityContext/seccompProfile KH-POD-017',
      '/spec/template/spec/containers/0/securityContext/capabilities KH-POD-018',
      '/spec/template/spec/volumes KH-POD-019',
      '/spec/template/spec/containers/0/volumeMounts KH-POD-019',
    ]);
    expect(report.changeCount).toBe(7);
    expect(synthObject(chart, 'Deployment', 'web')).toMatchSnapshot();
  });

  test('every cdk8s-plus workload kind and plain ApiObjects are hardened; other objects are left alone', () => {
    const chart = Testing.chart();
    new kplus.StatefulSet(chart, 'db', { containers: [{ image: 'redis:7.2', portNumber: 6379 }] });
    new kplus.DaemonSet(chart, 'agent', { containers: [{ image: 'agent:1.0' }] });
    new kplus.Job(chart, 'migrate', { containers: [{ image: 'migrate:1.0' }] });
    new kplus.CronJob(chart, 'nightly', { schedule: Cron.daily(), containers: [{ image: 'report:1.0' }] });
    new ApiObject(chart, 'raw', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'raw' },
      spec: { containers: [{ name: 'app', image: 'app:1.0', securityContext: { runAsUser: 0 } }] },
    });

    const report = harden(chart);

    expect(report.workloads.map((w) => w.kind).sort()).toEqual(['CronJob', 'DaemonSet', 'Job', 'Pod', 'StatefulSet']);
    expectPssRestricted(Testing.synth(chart));
    for (const [kind, name] of [['StatefulSet', 'db'], ['DaemonSet', 'agent'], ['Job', 'migrate'], ['CronJob', 'nightly']]) {
      expect(podSpecOf(synthObject(chart, kind, name)).securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    }
    const raw = synthObject(chart, 'Pod', 'raw');
    expect(raw.spec.containers[0].securityContext).toMatchObject({ runAsUser: 10001, allowPrivilegeEscalation: false });
    expect(synthObject(chart, 'Service', 'db').spec).not.toHaveProperty('securityContext');
  });

  test('harden is idempotent: a second call finds nothing to change and the manifest is the same', () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    harden(chart);
    const first = Testing.synth(chart);

    const second = harden(chart);

    expect(second.changeCount).toBe(0);
    expect(Testing.synth(chart)).toEqual(first);
  });

  test('an acknowledged weakening is kept and written as an annotation with its reason', () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'legacy', {
      containers: [{ image: 'legacy:2.3', portNumber: 8080, securityContext: { readOnlyRootFilesystem: false } }],
    });
    const reason = 'writes its PID file to /var/run; fixed in 3.0';

    const report = harden(chart, { acknowledgements: { 'KH-POD-019': { reason } } });

    const deployment = synthObject(chart, 'Deployment', 'legacy');
    expect(deployment.metadata.annotations).toEqual({ [acknowledgeAnnotation('KH-POD-019')]: reason });
    expect(deployment.spec.template.metadata.annotations).toEqual({ [acknowledgeAnnotation('KH-POD-019')]: reason });
    expect(podSpecOf(deployment).containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(podSpecOf(deployment).volumes).toBeUndefined();
    expect(report.workloads[0].acknowledged).toEqual([{ control: 'KH-POD-019', reason }]);
    expect(harden(chart).changeCount).toBe(0);
  });

  test.each(['low', 'medium', 'critical'] as const)('a %s-tier SecureDeployment is already what harden would make it: no change', (sensitivity) => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new SecureDeployment(chart, 'api', {
      name: 'api',
      image: `registry.example.com/shop/api:1.0.0@sha256:${'a'.repeat(64)}`,
      ports: [{ name: 'http', port: 8080 }],
      sensitivity,
    });

    const report = harden(chart, { sensitivity });

    expect(report.workloads.map((w) => w.kind)).toEqual(['Deployment']);
    expect(report.changeCount).toBe(0);
  });

  test('what cannot be fixed is refused with the field and the fix', () => {
    const chart = Testing.chart();
    const agent = new kplus.Deployment(chart, 'agent', { containers: [{ image: 'agent:1.0' }] });
    agent.addVolume(kplus.Volume.fromHostPath(chart, 'sock', 'docker-sock', { path: '/var/run/docker.sock' }));

    expect(() => harden(chart)).toThrow(/volumes\[0\]\.hostPath: is a hostPath volume \(KH-POD-005, KH-POD-013\).*acknowledge KH-POD-005 and KH-POD-013 with a reason\./);
  });

  test('group 0 in supplementalGroups is refused, not kept: the audit reports it (KH-POD-020)', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'suppl', {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'suppl' }, spec: { securityContext: { supplementalGroups: [0] }, containers: [{ name: 'app', image: 'app:1.0' }] },
    });

    expect(() => harden(chart)).toThrow(/spec\.securityContext\.supplementalGroups\[0\]: adds the root group \(GID 0\) to every container's groups \(KH-POD-020\)/);
  });

  test("an AppArmor annotation that disables AppArmor is set to runtime/default, on a Pod's own metadata and on a pod template", () => {
    const chart = Testing.chart();
    const unconfined = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    const containers = [{ name: 'app', image: 'app:1.0' }];
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'raw', annotations: unconfined }, spec: { containers } });
    new ApiObject(chart, 'web', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, annotations: unconfined }, spec: { containers } } },
    });

    harden(chart);

    const synthesized = Testing.synth(chart);
    const runtimeDefault = { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' };
    expect(synthObject(chart, 'Pod', 'raw').metadata.annotations).toEqual(runtimeDefault);
    expect(synthObject(chart, 'Deployment', 'web').spec.template.metadata.annotations).toEqual(runtimeDefault);
    expect(audit(synthesized).findings.filter((f) => f.ruleId === 'KH-POD-008')).toEqual([]);
    expect(harden(chart).changeCount).toBe(0);
  });

  test("a custom profile's weakening needs its acknowledgement; acknowledged, harden leaves the field as written", () => {
    const chart = Testing.chart();
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    const profile = { ...RESTRICTED_PROFILE, podSecurity: { ...RESTRICTED_PROFILE.podSecurity, runAsUser: 0 } };

    expect(() => harden(chart, { profile })).toThrow(/profile\.podSecurity\.runAsUser: runs the container as root \(UID 0\) \(control KH-POD-016\)/);

    const reason = 'the image starts as root and drops privileges itself';
    const report = harden(chart, { profile, acknowledgements: { 'KH-POD-016': { reason } } });
    const spec = podSpecOf(synthObject(chart, 'Deployment', 'web'));
    expect(spec.securityContext.runAsUser).toBeUndefined();
    expect(report.workloads[0].acknowledged).toEqual([{ control: 'KH-POD-016', reason }]);
  });

  test('a workload changed after harden fails synth with a message naming it', () => {
    const chart = Testing.chart();
    const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
    harden(chart);

    web.addContainer({ name: 'sidecar', image: 'envoy:1.30' });

    expect(() => Testing.synth(chart)).toThrow(/Deployment 'test-web-.*' changed after harden\(\).*call harden\(\) after defining workloads/);
  });
});
