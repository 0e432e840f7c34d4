import { parse } from 'yaml';
import { K8sObject, RESTRICTED_PROFILE, workloadRef } from '../../lib/core';
import { KATA_COMPENSATING_CONTROLS, renderRuntimeThreatDetection, runtimeCoverage } from '../../lib/core/runtime-threat-detection';
import { RUNTIME_COVERAGE_LABEL } from '../../lib/core/workload-annotations';
import { expectValidCustomResources } from '../conformance/crd-schema';
import { expectValidKubernetesObjects } from '../conformance/k8s-schema';
import { findObject } from '../helpers/objects';
import { problemsOf } from '../helpers/problems';

const ref = (name: string, namespace = 'pay') => workloadRef({
  name,
  namespace,
  serviceAccountName: name,
  ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  selector: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name },
});

const props = {
  name: 'runtime',
  workloads: [
    { workload: ref('ledger'), allowedExecutables: ['/app/ledger', '/usr/bin/tini'] },
    { workload: ref('web', 'shop'), allowedExecutables: ['/app/web'], runtime: 'gvisor' as const },
    { workload: ref('pay-api'), allowedExecutables: ['/app/pay-api'], runtime: 'kata' as const },
  ],
  threatIntel: { executables: ['xmrig', '/tmp/.x/kinsing'], domains: ['pool.minexmr.example'], cidrs: ['203.0.113.0/24'] },
};

const find = (objects: readonly K8sObject[], kind: string, name: string): any => findObject(objects, kind, name);

describe('RuntimeThreatDetection', () => {
  const objects = renderRuntimeThreatDetection(props);

  test('every custom resource validates against the Tetragon and Cilium CRDs', () => {
    expect(objects).toMatchSnapshot();
    expect(expectValidCustomResources(objects)).toBe(4);
    expectValidKubernetesObjects(objects);
  });

  test('a runc workload gets a namespaced exec allow-list that kills anything else, selecting its pods', () => {
    const policy = find(objects, 'TracingPolicyNamespaced', 'ledger-exec-allowlist');
    expect(policy.metadata.namespace).toBe('pay');
    expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'ledger', 'app.kubernetes.io/instance': 'ledger' });
    expect(policy.spec.kprobes[0]).toMatchObject({ call: 'security_bprm_check', args: [{ index: 0, type: 'linux_binprm' }] });
    expect(policy.spec.kprobes[0].selectors[0]).toEqual({
      matchArgs: [{ index: 0, operator: 'NotEqual', values: ['/app/ledger', '/usr/bin/tini'] }],
      matchActions: [{ action: 'Sigkill' }],
    });
  });

  test('enforceAction Override turns off kprobe_multi, without which Tetragon refuses to load the policy', () => {
    // cilium/tetragon pkg/sensors/tracing/generickprobe.go validateOverride: a `security_` hook with an Override action
    // fails with "can't override ... with kprobe_multi, use --disable-kprobe-multi option"; kprobe_multi is used by
    // default where the kernel supports it, unless the policy's spec option `disable-kprobe-multi` is set, as Tetragon's
    // own TestKprobeOverrideSecurity (pkg/sensors/tracing/kprobe_test.go) does for `security_file_open`.
    const override = renderRuntimeThreatDetection({ ...props, enforceAction: 'Override' });
    expect(expectValidCustomResources(override)).toBe(4);
    const policy = find(override, 'TracingPolicyNamespaced', 'ledger-exec-allowlist');
    expect(policy.spec.options).toEqual([{ name: 'disable-kprobe-multi', value: '1' }]);
    expect(policy.spec.kprobes[0].selectors[0].matchActions).toEqual([{ action: 'Override', argError: -1 }]);
    expect(find(objects, 'TracingPolicyNamespaced', 'ledger-exec-allowlist').spec.options).toBeUndefined();
    const w = { workload: ref('ledger'), allowedExecutables: ['/app/ledger'], mode: 'audit' as const, acknowledgements: { 'KH-RUN-001': { reason: 'learning' } } };
    const audit = find(renderRuntimeThreatDetection({ name: 'rt', workloads: [w], enforceAction: 'Override' }), 'TracingPolicyNamespaced', 'ledger-exec-allowlist');
    expect(audit.spec.options).toBeUndefined();
  });

  test('audit mode posts events and needs an acknowledgement', () => {
    const w = { workload: ref('ledger'), allowedExecutables: ['/app/ledger'], mode: 'audit' as const };
    expect(() => renderRuntimeThreatDetection({ name: 'rt', workloads: [w] })).toThrow(/KH-RUN-001/);
    const audit = renderRuntimeThreatDetection({ name: 'rt', workloads: [{ ...w, acknowledgements: { 'KH-RUN-001': { reason: 'learning the exec set' } } }] });
    const policy = find(audit, 'TracingPolicyNamespaced', 'ledger-exec-allowlist');
    expect(policy.spec.kprobes[0].selectors[0].matchActions).toEqual([{ action: 'Post' }]);
    expect(policy.metadata.annotations['kube-harden.io/acknowledge.KH-RUN-001']).toBe('learning the exec set');
  });

  test.each([' \t ', '\u200b', 'ok\u0007\nINJECTED'])('an acknowledgement whose reason is not printable (%j) is refused, not written as the reason', (reason) => {
    const w = { workload: ref('ledger'), allowedExecutables: ['/app/ledger'], mode: 'audit' as const, acknowledgements: { 'KH-RUN-001': { reason } } };
    expect(problemsOf(() => renderRuntimeThreatDetection({ name: 'rt', workloads: [w] }))).toEqual([
      'workloads[0].acknowledgements.KH-RUN-001.reason: is blank, invisible or holds control characters',
      'workloads[0].mode: the exec allow-list of workloads[0] only reports unexpected execs, it does not stop them (control KH-RUN-001)',
    ]);
  });

  test('an acknowledgement in enforce mode is checked, and recorded trimmed on the allow-list policy', () => {
    const w = { workload: ref('ledger'), allowedExecutables: ['/app/ledger'] };
    expect(problemsOf(() => renderRuntimeThreatDetection({ name: 'rt', workloads: [{ ...w, acknowledgements: { 'KH-POD-003': { reason: '' } } }] })))
      .toEqual(['workloads[0].acknowledgements.KH-POD-003.reason: is blank, invisible or holds control characters']);
    const policy = find(renderRuntimeThreatDetection({ name: 'rt', workloads: [{ ...w, acknowledgements: { 'KH-RUN-001': { reason: '  learning  ' } } }] }),
      'TracingPolicyNamespaced', 'ledger-exec-allowlist');
    expect(policy.metadata.annotations).toEqual({ 'kube-harden.io/acknowledge.KH-RUN-001': 'learning' });
  });

  test('gVisor pods get Falco rules and the runsc configuration, no Tetragon policy', () => {
    expect(objects.some((o) => o.kind === 'TracingPolicyNamespaced' && o.metadata.name === 'web-exec-allowlist')).toBe(false);
    const gvisor = find(objects, 'ConfigMap', 'runtime-gvisor-monitoring');
    expect(gvisor.data['runsc.toml']).toContain('pod-init-config');
  });

  test('Kata pods get no policy that watches nothing: the coverage states the gap and the compensating controls', () => {
    expect(objects.some((o) => JSON.stringify(o).includes('pay-api-exec-allowlist'))).toBe(false);
    const coverage = JSON.parse(find(objects, 'ConfigMap', 'runtime-coverage').data['coverage.json']);
    expect(find(objects, 'ConfigMap', 'runtime-coverage').metadata.labels[RUNTIME_COVERAGE_LABEL]).toBe('true');
    expect(coverage.find((c: any) => c.workload === 'pay/pay-api')).toMatchObject({ monitoredBy: 'none', compensatingControls: [...KATA_COMPENSATING_CONTROLS] });
    expect(runtimeCoverage(props, RESTRICTED_PROFILE).map((c) => c.monitoredBy)).toEqual(['tetragon', 'falco-gvisor', 'none']);
  });

  test('Falco rules are valid YAML and every rule has the required keys', () => {
    const rules = parse(find(objects, 'ConfigMap', 'runtime-falco-rules').data['kube-harden-rules.yaml']) as any[];
    const ruleItems = rules.filter((r) => r.rule !== undefined);
    expect(ruleItems.map((r) => r.rule)).toEqual(expect.arrayContaining([
      'kube-harden shell in container', 'kube-harden package manager in container', 'kube-harden write below sensitive directory',
      'kube-harden service account token read', 'kube-harden privilege escalation', 'kube-harden unexpected exec in shop/web',
      'kube-harden known-bad executable', 'kube-harden connection to known-bad domain', 'kube-harden connection to known-bad network',
    ]));
    for (const r of ruleItems) {
      expect(Object.keys(r).sort()).toEqual(['condition', 'desc', 'output', 'priority', 'rule', 'tags']);
      expect(['CRITICAL', 'ERROR', 'WARNING']).toContain(r.priority);
    }
    const lists = new Set(rules.filter((r) => r.list).map((r) => r.list));
    const macros = new Set(rules.filter((r) => r.macro).map((r) => r.macro));
    for (const r of ruleItems) {
      for (const ref_ of r.condition.match(/\bkh_[a-z0-9_]+/g) ?? []) expect(lists.has(ref_) || macros.has(ref_)).toBe(true);
    }
    expect(ruleItems.find((r) => r.rule === 'kube-harden unexpected exec in shop/web').condition)
      .toContain('k8s.pod.label[app.kubernetes.io/instance] = "web" and not container.name in (istio-proxy, istio-validation) and not proc.exepath in (kh_allowed_shop_web)');
  });

  test('enforce mode never kills the mesh: the allow-lists leave out the injected istio-proxy and istio-validation containers', () => {
    // GIVEN a sidecar pod whose pilot-agent and Envoy execs are not in the workload's allow-list
    const policy = find(objects, 'TracingPolicyNamespaced', 'ledger-exec-allowlist');
    expect(policy.spec.kprobes[0].selectors[0].matchActions).toEqual([{ action: 'Sigkill' }]);
    // THEN the Sigkill policy selects only the workload's own containers
    expect(policy.spec.containerSelector).toEqual({ matchExpressions: [{ key: 'name', operator: 'NotIn', values: ['istio-proxy', 'istio-validation'] }] });
    // AND the gVisor Falco rule does not fire for them either
    const rules = parse(find(objects, 'ConfigMap', 'runtime-falco-rules').data['kube-harden-rules.yaml']) as any[];
    const web = rules.find((r) => r.rule === 'kube-harden unexpected exec in shop/web');
    expect(web.condition).toMatch(/ and not container\.name in \(istio-proxy, istio-validation\) /);
  });

  test('the threat-intel CIDRs are denied cluster-wide without turning on default deny; domains stay in Falco', () => {
    const ccnp = find(objects, 'CiliumClusterwideNetworkPolicy', 'runtime-threat-intel');
    expect(ccnp.spec.enableDefaultDeny).toEqual({ ingress: false, egress: false });
    expect(ccnp.spec.egressDeny).toEqual([{ toCIDRSet: [{ cidr: '203.0.113.0/24' }] }]);
    expect(JSON.stringify(ccnp.spec)).not.toContain('toFQDNs');
    const intel = find(objects, 'TracingPolicy', 'runtime-threat-intel');
    expect(intel.spec.kprobes[0].selectors.map((s: any) => s.matchArgs[0])).toEqual([
      { index: 0, operator: 'Equal', values: ['/tmp/.x/kinsing'] }, { index: 0, operator: 'Postfix', values: ['/xmrig'] },
    ]);
  });

  test("known-bad executables are killed whatever the profile's mode (that mode is the allow-lists')", () => {
    const auditProfile = { ...RESTRICTED_PROFILE, name: 'audit-rt', runtimeDetection: { ...RESTRICTED_PROFILE.runtimeDetection, mode: 'audit' as const } };
    for (const profile of [RESTRICTED_PROFILE, auditProfile]) {
      const intel = find(renderRuntimeThreatDetection({ name: 'rt', threatIntel: { executables: ['/tmp/xmrig', 'kinsing'] } }, {}, profile), 'TracingPolicy', 'rt-threat-intel');
      expect(intel.spec.kprobes[0].selectors.map((s: any) => s.matchActions)).toEqual([[{ action: 'Sigkill' }], [{ action: 'Sigkill' }]]);
    }
    // while an allow-list that takes the profile's audit mode needs the acknowledgement, and the problem names the profile
    expect(problemsOf(() => renderRuntimeThreatDetection({ name: 'rt', workloads: [{ workload: ref('ledger'), allowedExecutables: ['/app/ledger'] }] }, {}, auditProfile)))
      .toEqual(['profile.runtimeDetection.mode: the exec allow-list of workloads[0] only reports unexpected execs, it does not stop them (control KH-RUN-001)']);
  });

  test('cluster-wide detections cover shells, package managers, sensitive writes, token reads and escalation', () => {
    const detections = find(objects, 'TracingPolicy', 'runtime-detections');
    expect(detections.spec.kprobes.map((k: any) => k.call)).toEqual(['security_bprm_check', 'security_file_permission', '__sys_setuid', '__sys_setgid', 'security_capset']);
  });

  test('capability gain: security_capset compares the old and the new effective set with CapabilitiesGained', () => {
    // As Tetragon's own test (cilium/tetragon pkg/sensors/tracing/kprobe_test.go testCapabilitiesGained): arg 1 is
    // the old cred resolved to cap_effective, arg 2 the new effective set. matchCapabilityChanges at commit_creds
    // entry compared the task's creds before the new ones were installed.
    const detections = find(objects, 'TracingPolicy', 'runtime-detections');
    const capset = detections.spec.kprobes.find((k: any) => k.call === 'security_capset');
    expect(capset.args).toEqual([{ index: 1, type: 'cap_effective', resolve: 'cap_effective' }, { index: 2, type: 'cap_effective' }]);
    expect(capset.selectors[0].matchArgs).toEqual([{ args: [0, 1], operator: 'CapabilitiesGained' }]);
    expect(JSON.stringify(detections)).not.toContain('matchCapabilityChanges');
  });

  test('token reads are reported for shells, file tools and children of shells only, at most once a minute', () => {
    // client-go re-reads its projected token every minute and the chaos probe (node) reads its own: neither is a
    // shell or a file tool. Tetragon matchBinaries / matchParentBinaries with Postfix and the Post action's rateLimit
    // (cilium/tetragon docs/content/en/docs/concepts/tracing-policy/selectors.md).
    const detections = find(objects, 'TracingPolicy', 'runtime-detections');
    const file = detections.spec.kprobes.find((k: any) => k.call === 'security_file_permission');
    const tokenSelectors = file.selectors.filter((s: any) => s.matchArgs[0].values.some((v: string) => v.includes('serviceaccount')));
    expect(tokenSelectors).toHaveLength(2);
    expect(tokenSelectors[0].matchBinaries).toEqual([{ operator: 'Postfix', values: expect.arrayContaining(['/sh', '/cat', '/curl']) }]);
    expect(tokenSelectors[0].matchBinaries[0].values).not.toContain('/node');
    expect(tokenSelectors[1].matchParentBinaries).toEqual([{ operator: 'Postfix', values: expect.arrayContaining(['/sh', '/bash']) }]);
    for (const s of tokenSelectors) expect(s.matchActions).toEqual([{ action: 'Post', rateLimit: '1m' }]);
    const falco = parse(find(objects, 'ConfigMap', 'runtime-falco-rules').data['kube-harden-rules.yaml']);
    const tokenRule = falco.find((r: any) => r.rule === 'kube-harden service account token read');
    expect(tokenRule.condition).toMatch(/and \(proc\.name in \(kh_token_reader_tools\) or proc\.pname in \(kh_shell_binaries\)\)$/);
  });

  test("network.cni 'kubernetes': no CiliumClusterwideNetworkPolicy (its CRD does not exist there); Tetragon still reports the CIDRs", () => {
    const plain = { ...RESTRICTED_PROFILE, network: { ...RESTRICTED_PROFILE.network, cni: 'kubernetes' as const } };
    const out = renderRuntimeThreatDetection({ name: 'runtime', threatIntel: { cidrs: ['203.0.113.0/24'] } }, {}, plain);
    expect(out.filter((o) => o.kind.startsWith('Cilium'))).toEqual([]);
    expect(find(out, 'TracingPolicy', 'runtime-threat-intel').spec.kprobes.map((k: any) => k.call)).toEqual(['tcp_connect']);
  });

  test('rejects bad input, all problems at once', () => {
    expect(() => renderRuntimeThreatDetection({
      name: 'Bad', workloads: [{ workload: ref('x'), allowedExecutables: ['relative/path'] }], threatIntel: { cidrs: ['nope'], domains: ['UPPER.example'] },
    })).toThrow(/name:[\s\S]*allowedExecutables\[0\][\s\S]*domains\[0\][\s\S]*cidrs\[0\]/);
  });
});
