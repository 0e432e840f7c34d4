import { stringify } from 'yaml';
import { Acknowledgements, acknowledgementAnnotations, checkAcknowledgements, requireAcknowledgement } from './acknowledgements';
import { CheckedInputs, ownData, withBoundary } from './boundary';
import { finalizeObjects, K8sObject } from './manifest';
import { LABELS, MANAGED_BY, RenderContext } from './naming';
import { HardeningProfile, RESTRICTED_PROFILE, RuntimeDetectionMode } from './profile';
import {
  clusterFalcoRules, clusterKprobes, execKprobe, executableSelectors, FALCO_MACROS, FalcoItem, falcoList, falcoRule,
} from './runtime-detections';
import { SandboxRuntime } from './sensitivity';
import { objectsForCni } from './traffic/baseline';
import { checkDnsLabel, checkDnsSubdomain, Problems } from './validation';
import { checkCidr } from './values';
import { RUNTIME_COVERAGE_LABEL } from './workload-annotations';
import { WorkloadRef } from './workload-ref';

/**
 * RuntimeThreatDetection (guide §3.2): per-workload exec allow-lists (Tetragon TracingPolicyNamespaced, or Falco
 * rules for gVisor pods), cluster-wide detections (Tetragon TracingPolicy and the same as Falco rules), and a
 * threat-intelligence feed (Tetragon, Falco and a Cilium egressDeny). Kata guests are invisible to host eBPF:
 * for them the output states the gap and the compensating controls instead of a policy that watches nothing.
 */

/**
 * Containers Istio injects (sidecar and CNI validation init container). Their pilot-agent and Envoy execs are not
 * the workload's: the exec allow-lists leave them out (Tetragon `containerSelector`, Falco `container.name`), so
 * enforce mode never kills the mesh; the cluster-wide detections still cover them.
 */
export const MESH_PROXY_CONTAINERS: readonly string[] = ['istio-proxy', 'istio-validation'];

/** What host eBPF cannot give a Kata pod, and what stands in for it. */
export const KATA_COMPENSATING_CONTROLS: readonly string[] = [
  'no shell or package manager in the image (distroless or scratch)',
  'read-only root filesystem',
  'seccomp RuntimeDefault and all capabilities dropped',
  'signed, scanned images only (ImageSupplyChainPolicy)',
  'default-deny network policy and STRICT mTLS',
];

/** One workload's exec allow-list. */
export interface ExecAllowList {
  /** The workload (its pods' selector labels and namespace). */
  readonly workload: WorkloadRef;
  /** Absolute paths of every binary the pods may execute (entrypoint, probes, init). */
  readonly allowedExecutables: readonly string[];
  /**
   * `audit` reports an exec outside the list; `enforce` also stops it. `audit` needs an acknowledgement of KH-RUN-001.
   * @default - the profile's `runtimeDetection.mode` (`enforce`)
   */
  readonly mode?: RuntimeDetectionMode;
  /**
   * Runtime of the workload's pods: runc pods get a Tetragon policy, gVisor pods Falco rules fed by runsc, Kata a stated gap.
   * @default 'runc'
   */
  readonly runtime?: SandboxRuntime;
  /**
   * Acknowledged weakenings with a reason (KH-RUN-001 for `audit`).
   * @default - none
   */
  readonly acknowledgements?: Acknowledgements;
}

/** Known-bad indicators. */
export interface ThreatIntelFeed {
  /**
   * Executables: absolute paths, or bare names matched as the last path element. Tetragon kills them (`Sigkill`)
   * whatever the profile's `runtimeDetection.mode`, which applies to the exec allow-lists; Falco reports them.
   * @default []
   */
  readonly executables?: readonly string[];
  /**
   * Domains (Falco only: Cilium deny rules cannot use toFQDNs).
   * @default []
   */
  readonly domains?: readonly string[];
  /**
   * CIDRs denied at egress cluster-wide and reported, each in canonical form (no host bits set past the prefix, no
   * leading zeros, IPv4 as IPv4, IPv6 in RFC 5952 form), e.g. `198.51.100.0/24`.
   * @default []
   */
  readonly cidrs?: readonly string[];
}

/** Props of RuntimeThreatDetection. */
export interface RuntimeThreatDetectionProps {
  /** Name prefix of the cluster-wide objects. */
  readonly name: string;
  /**
   * Per-workload exec allow-lists.
   * @default []
   */
  readonly workloads?: readonly ExecAllowList[];
  /**
   * Whether to emit the cluster-wide detections.
   * @default true
   */
  readonly clusterDetections?: boolean;
  /**
   * Threat-intelligence feed.
   * @default - none
   */
  readonly threatIntel?: ThreatIntelFeed;
  /**
   * Namespace of the Falco rules, gVisor and coverage ConfigMaps (mount the rules under /etc/falco/rules.d).
   * @default 'falco'
   */
  readonly falcoNamespace?: string;
  /**
   * Tetragon action in enforce mode.
   * @default - the profile's `runtimeDetection.enforceAction` (`Sigkill`)
   */
  readonly enforceAction?: 'Sigkill' | 'Override';
}

/** How one workload is watched. */
export interface RuntimeCoverage {
  /** Namespace/name of the workload. */
  readonly workload: string;
  /** Runtime of its pods. */
  readonly runtime: SandboxRuntime;
  /** What watches it. */
  readonly monitoredBy: 'tetragon' | 'falco-gvisor' | 'none';
  /** Allow-list mode. */
  readonly mode: RuntimeDetectionMode;
  /** The gap, when nothing on the host can watch it. */
  readonly gap?: string;
  /** What stands in for monitoring, when there is a gap. */
  readonly compensatingControls?: readonly string[];
}

const DOMAIN = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/;

function validate(props: RuntimeThreatDetectionProps, profile: HardeningProfile): void {
  const problems = new Problems();
  checkDnsLabel(problems, 'name', props.name, 40);
  if (props.falcoNamespace !== undefined) checkDnsLabel(problems, 'falcoNamespace', props.falcoNamespace);
  const seen = new Set<string>();
  (props.workloads ?? []).forEach((w, i) => {
    const key = `${w.workload?.namespace}/${w.workload?.name}`;
    if (seen.has(key)) problems.add(`workloads[${i}].workload`, key, 'is listed twice', 'give each workload one allow-list.');
    seen.add(key);
    if (!Array.isArray(w.allowedExecutables) || w.allowedExecutables.length === 0) {
      problems.add(`workloads[${i}].allowedExecutables`, w.allowedExecutables, 'must list at least one executable', "list the entrypoint and every binary probes or init run, e.g. ['/app/server'].");
    } else {
      w.allowedExecutables.forEach((exe, j) => {
        if (typeof exe !== 'string' || !/^\/[^\s"(),]+$/.test(exe)) {
          problems.add(`workloads[${i}].allowedExecutables[${j}]`, exe, 'is not an absolute path without spaces, quotes, commas or parentheses', "write e.g. '/app/server'.");
        }
      });
    }
    if (!w.workload || Object.keys(w.workload.selector ?? {}).length === 0) {
      problems.add(`workloads[${i}].workload.selector`, w.workload?.selector, 'is empty: the policy would select every pod', 'pass the WorkloadRef of the workload (its .ref).');
    }
    checkAcknowledgements(problems, `workloads[${i}].acknowledgements`, w.acknowledgements);
    const mode = w.mode ?? profile.runtimeDetection.mode;
    const modeField = w.mode === undefined ? 'profile.runtimeDetection.mode' : `workloads[${i}].mode`;
    if (mode !== 'audit' && mode !== 'enforce') {
      problems.add(modeField, mode, 'is not a mode', "use 'audit' or 'enforce'.");
    } else if (mode === 'audit') {
      requireAcknowledgement(problems, w.acknowledgements, 'KH-RUN-001', modeField, mode,
        `the exec allow-list of workloads[${i}] only reports unexpected execs, it does not stop them`, "use 'enforce'");
    }
  });
  const intel = props.threatIntel ?? {};
  (intel.executables ?? []).forEach((e, i) => {
    if (typeof e !== 'string' || !/^[^\s"(),]+$/.test(e)) problems.add(`threatIntel.executables[${i}]`, e, 'is not a path or file name', "write e.g. '/tmp/xmrig' or 'xmrig'.");
  });
  (intel.domains ?? []).forEach((d, i) => {
    if (typeof d !== 'string' || !DOMAIN.test(d)) problems.add(`threatIntel.domains[${i}]`, d, 'is not a lowercase domain name', "write e.g. 'pool.minexmr.example'.");
  });
  (intel.cidrs ?? []).forEach((c, i) => {
    checkCidr(problems, `threatIntel.cidrs[${i}]`, c);
  });
  problems.throwIfAny(`RuntimeThreatDetection '${String(props.name)}'`);
}

function meta(props: RuntimeThreatDetectionProps, context: RenderContext, name: string, namespace?: string, annotations?: Record<string, string>): K8sObject['metadata'] {
  return {
    name,
    namespace,
    labels: { ...context.labels, [LABELS.name]: 'runtime-threat-detection', [LABELS.instance]: props.name, [LABELS.managedBy]: MANAGED_BY },
    annotations: annotations && Object.keys(annotations).length > 0 ? annotations : undefined,
  };
}

function allowListPolicy(
  props: RuntimeThreatDetectionProps, context: RenderContext, list: ExecAllowList, mode: RuntimeDetectionMode, action: string,
): K8sObject {
  const override = mode === 'enforce' && action === 'Override';
  const actions = mode === 'enforce'
    ? [override ? { action: 'Override', argError: -1 } : { action: 'Sigkill' }]
    : [{ action: 'Post' }];
  return {
    apiVersion: 'cilium.io/v1alpha1',
    kind: 'TracingPolicyNamespaced',
    metadata: meta(props, context, `${list.workload.name}-exec-allowlist`, list.workload.namespace, acknowledgementAnnotations(list.acknowledgements)),
    spec: {
      // Tetragon refuses to load an Override of a security_ hook attached with kprobe_multi, its default where the
      // kernel has it (validateOverride in pkg/sensors/tracing/generickprobe.go): the policy turns it off.
      options: override ? [{ name: 'disable-kprobe-multi', value: '1' }] : undefined,
      podSelector: { matchLabels: { ...list.workload.selector } },
      containerSelector: { matchExpressions: [{ key: 'name', operator: 'NotIn', values: [...MESH_PROXY_CONTAINERS] }] },
      kprobes: [execKprobe([{ matchArgs: [{ index: 0, operator: 'NotEqual', values: [...list.allowedExecutables] }], matchActions: actions }])],
    },
  };
}

function falcoName(list: ExecAllowList): string {
  return `kh_allowed_${list.workload.namespace}_${list.workload.name}`.replace(/-/g, '_');
}

function allowListFalcoRules(list: ExecAllowList, priority: string): FalcoItem[] {
  const selector = Object.entries(list.workload.selector).map(([k, v]) => `k8s.pod.label[${k}] = "${v}"`).join(' and ');
  return [
    falcoList(falcoName(list), list.allowedExecutables),
    falcoRule(`kube-harden unexpected exec in ${list.workload.namespace}/${list.workload.name}`,
      `A binary outside the exec allow-list of ${list.workload.namespace}/${list.workload.name} was executed.`,
      `kh_spawned_process and kh_container and k8s.ns.name = "${list.workload.namespace}" and ${selector}`
        + ` and not container.name in (${MESH_PROXY_CONTAINERS.join(', ')}) and not proc.exepath in (${falcoName(list)})`,
      'unexpected exec (exe=%proc.exepath cmd=%proc.cmdline pod=%k8s.pod.name image=%container.image.repository)',
      priority, ['container', 'exec_allowlist', 'mitre_execution', 'mlps_8.1.4.4']),
  ];
}

function threatIntelFalcoRules(intel: ThreatIntelFeed, priority: string): FalcoItem[] {
  const exes = intel.executables ?? [];
  const paths = exes.filter((e) => e.startsWith('/'));
  const names = exes.filter((e) => !e.startsWith('/'));
  const items: FalcoItem[] = [];
  if (exes.length > 0) {
    const match = [paths.length > 0 ? 'proc.exepath in (kh_bad_executable_paths)' : '', names.length > 0 ? 'proc.name in (kh_bad_executable_names)' : ''].filter(Boolean).join(' or ');
    if (paths.length > 0) items.push(falcoList('kh_bad_executable_paths', paths));
    if (names.length > 0) items.push(falcoList('kh_bad_executable_names', names));
    items.push(falcoRule('kube-harden known-bad executable', 'An executable from the threat-intelligence feed was started.',
      `kh_spawned_process and (${match})`, 'known-bad executable (exe=%proc.exepath cmd=%proc.cmdline pod=%k8s.pod.name ns=%k8s.ns.name)',
      priority, ['threat_intel', 'mitre_execution', 'mlps_8.1.4.5']));
  }
  if ((intel.domains ?? []).length > 0) {
    items.push(falcoList('kh_bad_domains', intel.domains ?? []));
    items.push(falcoRule('kube-harden connection to known-bad domain', 'A process connected to a domain from the threat-intelligence feed.',
      'evt.type = connect and evt.dir = < and fd.sip.name in (kh_bad_domains)', 'known-bad domain (domain=%fd.sip.name connection=%fd.name pod=%k8s.pod.name ns=%k8s.ns.name)',
      priority, ['threat_intel', 'network', 'mitre_command_and_control', 'mlps_8.1.3.3']));
  }
  if ((intel.cidrs ?? []).length > 0) {
    items.push(falcoRule('kube-harden connection to known-bad network', 'A process connected to a network from the threat-intelligence feed.',
      `evt.type = connect and evt.dir = < and fd.snet in (${(intel.cidrs ?? []).map((c) => `"${c}"`).join(', ')})`,
      'known-bad network (connection=%fd.name pod=%k8s.pod.name ns=%k8s.ns.name)', priority, ['threat_intel', 'network', 'mitre_command_and_control', 'mlps_8.1.3.3']));
  }
  return items;
}

/** How each workload of `props` is watched: Tetragon (runc), Falco through gVisor's sink, or a stated gap (Kata). */
export function runtimeCoverage(rawProps: RuntimeThreatDetectionProps, profile: HardeningProfile = RESTRICTED_PROFILE): RuntimeCoverage[] {
  const props = ownData(rawProps, new Problems(), 'props') as RuntimeThreatDetectionProps;
  return (props.workloads ?? []).map((w) => {
    const runtime = w.runtime ?? 'runc';
    const base = { workload: `${w.workload.namespace}/${w.workload.name}`, runtime, mode: w.mode ?? profile.runtimeDetection.mode };
    if (runtime === 'kata') {
      return {
        ...base,
        monitoredBy: 'none' as const,
        gap: 'Kata guests run their own kernel: host eBPF (Tetragon, Falco) cannot see process execution inside the VM (cilium/tetragon#1055).',
        compensatingControls: [...KATA_COMPENSATING_CONTROLS],
      };
    }
    return { ...base, monitoredBy: runtime === 'gvisor' ? 'falco-gvisor' as const : 'tetragon' as const };
  });
}

/** containerd's runsc config that streams gVisor trace points to Falco (generate pod-init.json with `falco --gvisor-generate-config`). */
const RUNSC_TOML = '[runsc_config]\n  pod-init-config = "/etc/falco/gvisor/pod-init.json"\n';

const GVISOR_README = [
  'gVisor pods are invisible to host eBPF: the Sentry handles their system calls. Falco watches them through',
  "gVisor's runtime monitoring:",
  '1. On every gVisor node run `falco --gvisor-generate-config=/run/falco/gvisor.sock > /etc/falco/gvisor/pod-init.json`.',
  '2. Put runsc.toml (this ConfigMap) at /etc/containerd/runsc.toml, so runsc starts each sandbox with --pod-init-config.',
  '3. Run Falco with `-g /etc/falco/gvisor/pod-init.json` (Helm: driver.kind=gvisor) and the kube-harden rules mounted.',
  '',
].join('\n');

/** Renders the runtime threat detection objects. */
export function renderRuntimeThreatDetection(
  props: RuntimeThreatDetectionProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): K8sObject[] {
  return withBoundary('RuntimeThreatDetection', 'RuntimeThreatDetectionProps', { props, context, profile },
    (inputs: CheckedInputs<RuntimeThreatDetectionProps>) => renderCheckedRuntimeThreatDetection(inputs.props, inputs.context, inputs.profile));
}

/** Renders inputs that passed the boundary (see `renderRuntimeThreatDetection`). */
function renderCheckedRuntimeThreatDetection(props: RuntimeThreatDetectionProps, context: RenderContext, profile: HardeningProfile): K8sObject[] {
  validate(props, profile);
  const d = profile.runtimeDetection;
  const action = props.enforceAction ?? d.enforceAction;
  const falcoNamespace = props.falcoNamespace ?? 'falco';
  const workloads = props.workloads ?? [];
  const intel = props.threatIntel ?? {};
  const objects: K8sObject[] = [];
  const falco: FalcoItem[] = [...FALCO_MACROS];

  for (const w of workloads) {
    const runtime = w.runtime ?? 'runc';
    if (runtime === 'runc') objects.push(allowListPolicy(props, context, w, w.mode ?? d.mode, action));
    if (runtime !== 'kata') falco.push(...allowListFalcoRules(w, d.falcoPriority));
  }
  if (props.clusterDetections ?? true) {
    objects.push({ apiVersion: 'cilium.io/v1alpha1', kind: 'TracingPolicy', metadata: meta(props, context, `${props.name}-detections`), spec: { kprobes: clusterKprobes() } });
    falco.push(...clusterFalcoRules(d.falcoPriority));
  }
  if ((intel.executables ?? []).length > 0 || (intel.cidrs ?? []).length > 0) {
    // A known-bad executable is killed whatever the profile's mode: that mode is the allow-lists' (audit collects
    // their real exec set), and a feed entry is never part of a workload's exec set.
    const kill = [{ action: 'Sigkill' }];
    const kprobes: Record<string, unknown>[] = [];
    if ((intel.executables ?? []).length > 0) kprobes.push(execKprobe(executableSelectors(intel.executables ?? [], kill)));
    if ((intel.cidrs ?? []).length > 0) {
      const selectors = [{ matchArgs: [{ index: 0, operator: 'DAddr', values: [...(intel.cidrs ?? [])] }], matchActions: [{ action: 'Post' }] }];
      kprobes.push({ call: 'tcp_connect', syscall: false, args: [{ index: 0, type: 'sock' }], selectors });
    }
    objects.push({ apiVersion: 'cilium.io/v1alpha1', kind: 'TracingPolicy', metadata: meta(props, context, `${props.name}-threat-intel`), spec: { kprobes } });
  }
  if ((intel.cidrs ?? []).length > 0) {
    objects.push({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumClusterwideNetworkPolicy',
      metadata: meta(props, context, `${props.name}-threat-intel`, undefined, { 'kube-harden.io/note': 'Deny rules cannot use toFQDNs: the feed\'s domains are reported by Falco only.' }),
      spec: {
        description: 'Deny egress to the threat-intelligence CIDRs; default deny stays off so nothing else is blocked.',
        endpointSelector: {},
        enableDefaultDeny: { ingress: false, egress: false },
        egressDeny: [{ toCIDRSet: (intel.cidrs ?? []).map((cidr) => ({ cidr })) }],
      },
    });
  }
  falco.push(...threatIntelFalcoRules(intel, d.falcoPriority));
  if (falco.length > FALCO_MACROS.length) {
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(props, context, `${props.name}-falco-rules`, falcoNamespace), data: { 'kube-harden-rules.yaml': stringify(falco, { lineWidth: 0 }) } });
  }
  if (workloads.some((w) => w.runtime === 'gvisor')) {
    objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(props, context, `${props.name}-gvisor-monitoring`, falcoNamespace), data: { 'README.md': GVISOR_README, 'runsc.toml': RUNSC_TOML } });
  }
  if (workloads.length > 0) {
    const coverage = runtimeCoverage(props, profile);
    const cm = meta(props, context, `${props.name}-coverage`, falcoNamespace);
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...cm, labels: { ...cm.labels, [RUNTIME_COVERAGE_LABEL]: 'true' } },
      data: { 'coverage.json': `${JSON.stringify(coverage, null, 2)}\n` },
    });
  }
  checkDnsSubdomainNames(objects);
  // Without Cilium (network.cni 'kubernetes') the CIDR deny cannot be applied: Tetragon and Falco still report it.
  return finalizeObjects(objectsForCni(objects, profile));
}

function checkDnsSubdomainNames(objects: readonly K8sObject[]): void {
  const problems = new Problems();
  for (const o of objects) checkDnsSubdomain(problems, `${o.kind} name`, o.metadata.name);
  problems.throwIfAny('RuntimeThreatDetection output');
}
