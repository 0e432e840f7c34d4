import { CONTEXT, MINIMAL } from './fixtures';
import { audit } from '../../lib/audit';
import {
  KubeHardenValidationError, RESTRICTED_PROFILE, defaultSandboxRuntimesRef, missingClassReferences, renderSandboxRuntimes,
  renderSecureDeployment, sandboxRuntimesRef,
} from '../../lib/core';
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
    expect(fields).toEqual(['gvisor.overhead.cpu', 'priorityClasses.low.value', 'gvisor.handler', 'gvisor.tolerations[0].value', 'kata.name']);
    expect((error as Error).message).toContain('Fix: ');
  });
});

/** The problems of the validation error `render` throws. */
function problemsOf(render: () => unknown): KubeHardenValidationError['problems'] {
  try {
    render();
  } catch (e) {
    if (KubeHardenValidationError.isValidationError(e)) return e.problems;
    throw e;
  }
  throw new Error('expected a KubeHardenValidationError, but it rendered');
}

describe('handlers |', () => {
  // Non-sandbox OCI runtimes (the pods share the node's kernel): opencontainers/runc, containers/crun, youki-dev/youki,
  // and NVIDIA/nvidia-container-toolkit's runtimes nvidia, nvidia-cdi, nvidia-legacy, a shim that forwards to runc
  // (cmd/nvidia-container-runtime/README.md).
  test.each(['runc', 'crun', 'youki', 'nvidia', 'nvidia-cdi', 'nvidia-legacy'])('a handler that runs no sandbox (%s) is refused on either class', (handler) => {
    const problems = problemsOf(() => renderSandboxRuntimes({ gvisor: { handler }, kata: { handler } }));
    expect(problems.map((p) => [p.field, p.value, p.message])).toEqual([
      ['gvisor.handler', handler, "runs no sandbox: the gVisor RuntimeClass's pods would share the node's kernel"],
      ['kata.handler', handler, "runs no sandbox: the Kata Containers RuntimeClass's pods would share the node's kernel"],
    ]);
    expect(problems[1].fix).toBe("give the handler the nodes configure for Kata Containers (by default 'kata-qemu'); "
      + "a workload that must run without a sandbox sets runtime: 'runc' with acknowledgement KH-SBX-001 instead.");
  });

  // gVisor's containerd shim is registered as runsc (google/gvisor g3doc/user_guide/containerd/quick_start.md); kata-deploy
  // installs kata-<hypervisor> handlers (kata-containers tools/packaging/kata-deploy/runtimeclasses/kata-runtimeClasses.yaml).
  test("the other sandbox's handler is refused: Kata pods in gVisor, or gVisor pods in Kata", () => {
    expect(problemsOf(() => renderSandboxRuntimes({ gvisor: { handler: 'kata-fc' }, kata: { handler: 'runsc' } })).map((p) => [p.field, p.message])).toEqual([
      ['gvisor.handler', "is a Kata Containers handler: the gVisor RuntimeClass's pods would run in Kata Containers"],
      ['kata.handler', "is a gVisor handler: the Kata Containers RuntimeClass's pods would run in gVisor"],
    ]);
  });

  test("a custom profile's handler is checked too, named as the profile's field", () => {
    const profile = { ...RESTRICTED_PROFILE, runtimeClasses: { ...RESTRICTED_PROFILE.runtimeClasses, kata: { ...RESTRICTED_PROFILE.runtimeClasses.kata, handler: 'crun' } } };
    expect(problemsOf(() => renderSandboxRuntimes({}, {}, profile)).map((p) => p.field)).toEqual(['profile.runtimeClasses.kata.handler']);
  });

  test('the handlers kata-deploy and gVisor install, and handlers of no known runtime, are accepted', () => {
    for (const handler of ['kata', 'kata-qemu', 'kata-clh', 'kata-fc', 'kata-qemu-snp', 'isolated-vm']) {
      expect(findObject(renderSandboxRuntimes({ kata: { handler } }), 'RuntimeClass', 'kata').handler).toBe(handler);
    }
    expect(findObject(renderSandboxRuntimes({ gvisor: { handler: 'runsc-kvm' } }), 'RuntimeClass', 'gvisor').handler).toBe('runsc-kvm');
  });

  test('a Kata class the audit sees running runc is a KH-SBX-001 error on the high-tier workload that uses it', () => {
    // (SandboxRuntimes refuses such a class; one from elsewhere in the input is judged by its handler)
    const cluster = renderSandboxRuntimes().map((o) => (o.kind === 'RuntimeClass' && o.metadata.name === 'kata' ? { ...o, handler: 'runc' } : o));
    const workload = renderSecureDeployment({ ...MINIMAL, sensitivity: 'high' }, CONTEXT);
    const findings = audit([...cluster, ...workload]).findings.filter((f) => f.ruleId === 'KH-SBX-001');
    expect(findings.map((f) => [f.object?.name, f.severity, f.message])).toEqual([
      ['api', 'error', "the 'high' tier needs the Kata Containers sandbox, but runtime class 'kata' runs no sandbox (its handler 'runc')"],
    ]);
  });
});

describe('PriorityClasses |', () => {
  test('each is labelled with its tier, so that the audit knows a renamed class', () => {
    const classes = renderSandboxRuntimes({ priorityClasses: { high: { name: 'payments-high', value: 150000 } } }).filter((o) => o.kind === 'PriorityClass');
    expect(Object.fromEntries(classes.map((c) => [c.metadata.name, c.metadata.labels?.['kube-harden.io/sensitivity']]))).toEqual({
      'kube-harden-low': 'low', 'kube-harden-medium': 'medium', 'payments-high': 'high', 'kube-harden-critical': 'critical',
    });
  });

  test('a high-tier workload on its renamed class passes KH-WKL-007; on the low class, acknowledged, the audit shows it', () => {
    const props = { priorityClasses: { high: { name: 'payments-high', value: 150000 } } };
    const cluster = renderSandboxRuntimes(props);
    const sandbox = sandboxRuntimesRef(props);
    const own = renderSecureDeployment({ ...MINIMAL, sensitivity: 'high', sandbox }, CONTEXT);
    expect(audit([...cluster, ...own]).findings.filter((f) => f.ruleId === 'KH-WKL-007')).toEqual([]);
    const lower = renderSecureDeployment({ ...MINIMAL, sensitivity: 'high', sandbox, priority: 'low', acknowledgements: { 'KH-WKL-007': { reason: 'batch' } } }, CONTEXT);
    expect(audit([...cluster, ...lower]).findings.filter((f) => f.ruleId === 'KH-WKL-007').map((f) => [f.message, f.acknowledged?.reason])).toEqual([
      ["the 'high' tier's pods run at priority class 'kube-harden-low', whose value 1000 is below the tier's 150000 (PriorityClass 'payments-high')", 'batch'],
    ]);
  });

  test('values that do not rise with the tier are refused: a lower tier would outrank a higher one', () => {
    const problems = problemsOf(() => renderSandboxRuntimes({ priorityClasses: { high: { value: 5000 }, critical: { value: 100000 } } }));
    expect(problems.map((p) => [p.field, p.value, p.message])).toEqual([
      ['priorityClasses.high.value', 5000, "is not above the 'medium' tier's 10000: the tier's pods would not outrank less sensitive ones"],
    ]);
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

  // An app's objects are anyone's: a kind named like an Object.prototype member is no workload (it threw
  // "(path ?? []) is not iterable"), and a pod spec a prototype lends is not the object's (helper-58's review).
  test('reads own properties only', () => {
    const odd = { apiVersion: 'example.com/v1', kind: 'constructor', metadata: { name: 'odd' } };
    expect(missingClassReferences([odd], [])).toEqual([]);
    const lent = Object.assign(Object.create({ spec: { runtimeClassName: 'runc', priorityClassName: 'low' } }) as object, {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' },
    });
    expect(missingClassReferences([lent as never], [])).toEqual([]);
  });
});
