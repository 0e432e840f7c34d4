import { CONTEXT, MINIMAL } from './fixtures';
import { KubeHardenValidationError, defaultSandboxRuntimesRef, missingClassReferences, renderSandboxRuntimes, renderSecureDeployment, sandboxRuntimesRef } from '../../lib/core';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { findObject, objectNames } from '../helpers/objects';

describe('renderSandboxRuntimes', () => {
  const objects = renderSandboxRuntimes();

  test('renders gVisor and Kata RuntimeClasses and one PriorityClass per tier (snapshot)', () => {
    expect(objectNames(objects)).toEqual([
      'RuntimeClass/gvisor', 'RuntimeClass/kata',
      'PriorityClass/kube-harden-critical', 'PriorityClass/kube-harden-high', 'PriorityClass/kube-harden-low', 'PriorityClass/kube-harden-medium',
    ]);
    expect(objects).toMatchSnapshot();
  });

  test('uses handler runsc for gVisor and kata-qemu with its kata-deploy overhead for Kata', () => {
    expect(findObject(objects, 'RuntimeClass', 'gvisor')).toMatchObject({ apiVersion: 'node.k8s.io/v1', handler: 'runsc' });
    expect(findObject(objects, 'RuntimeClass', 'kata')).toMatchObject({ handler: 'kata-qemu', overhead: { podFixed: { cpu: '250m', memory: '160Mi' } } });
    expect(findObject(objects, 'PriorityClass', 'kube-harden-critical')).toMatchObject({ apiVersion: 'scheduling.k8s.io/v1', value: 1000000, globalDefault: false });
  });

  test('cluster-scoped objects carry no namespace, even with a context namespace', () => {
    expect(renderSandboxRuntimes({}, { namespace: 'ignored' }).every((o) => o.metadata.namespace === undefined)).toBe(true);
  });

  test('takes names, handlers, overhead and scheduling', () => {
    const custom = renderSandboxRuntimes({
      gvisor: { overhead: { memory: '96Mi' }, nodeSelector: { 'sandbox.example.com/gvisor': 'true' }, tolerations: [{ key: 'sandbox', value: 'gvisor', effect: 'NoSchedule' }] },
      kata: { name: 'kata-clh', handler: 'kata-clh', overhead: { cpu: '250m', memory: '130Mi' } },
      priorityClasses: { critical: { name: 'payments-critical', value: 2000000 } },
    }, { labels: { team: 'platform' } });
    expect(findObject(custom, 'RuntimeClass', 'gvisor')).toMatchObject({
      overhead: { podFixed: { cpu: '100m', memory: '96Mi' } },
      scheduling: { nodeSelector: { 'sandbox.example.com/gvisor': 'true' }, tolerations: [{ key: 'sandbox', operator: 'Equal', value: 'gvisor', effect: 'NoSchedule' }] },
    });
    expect(findObject(custom, 'RuntimeClass', 'kata-clh').handler).toBe('kata-clh');
    expect(findObject(custom, 'PriorityClass', 'payments-critical').value).toBe(2000000);
    expect(findObject(custom, 'PriorityClass', 'payments-critical').metadata.labels.team).toBe('platform');
    expectValidKubernetesObjects(custom);
  });

  test('the reference lists the names it defines', () => {
    expect(sandboxRuntimesRef()).toEqual(defaultSandboxRuntimesRef());
    expect(sandboxRuntimesRef({ kata: { name: 'kata-clh' } }).runtimeClassNames.kata).toBe('kata-clh');
  });

  test('validates against the Kubernetes OpenAPI schema and is deterministic', () => {
    expectValidKubernetesObjects(objects);
    expect(JSON.stringify(renderSandboxRuntimes())).toBe(JSON.stringify(objects));
  });

  test('reports every bad field at once', () => {
    let error: unknown;
    try {
      renderSandboxRuntimes({
        gvisor: { handler: 'Run_SC', overhead: { cpu: 'a lot' }, tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] },
        kata: { name: 'gvisor' },
        priorityClasses: { low: { value: 2e9 } },
      });
    } catch (e) {
      error = e;
    }
    expect(KubeHardenValidationError.isValidationError(error)).toBe(true);
    const fields = (error as KubeHardenValidationError).problems.map((p) => p.field);
    // Schema problems (types, ranges) come first, then the core's own checks.
    expect(fields).toEqual(['priorityClasses.low.value', 'gvisor.handler', 'gvisor.overhead.cpu', 'gvisor.tolerations[0].value', 'kata.name']);
    expect((error as Error).message).toContain('Fix: ');
  });
});

describe('missingClassReferences', () => {
  const workload = renderSecureDeployment({ ...MINIMAL, sensitivity: 'critical' }, CONTEXT);

  test('is empty when a SandboxRuntimes defines the classes', () => {
    expect(missingClassReferences(workload, renderSandboxRuntimes())).toEqual([]);
  });

  test('names the workload and each class nobody defines', () => {
    expect(missingClassReferences(workload, renderSandboxRuntimes({ kata: { name: 'kata-clh' } }))).toEqual([
      expect.stringMatching(/^Deployment 'shop\/api' uses RuntimeClass 'kata', which no SandboxRuntimes in this app defines/),
    ]);
    expect(missingClassReferences(workload, [])).toHaveLength(2);
  });
});
