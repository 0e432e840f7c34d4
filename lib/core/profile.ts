import { ControlId } from './controls';
import { SandboxRuntime, Sensitivity } from './sensitivity';

/**
 * The one table of hardening defaults. Render functions read defaults only from a profile, applied once
 * with `??`; the docs' defaults table is generated from `RESTRICTED_PROFILE` and `PROFILE_NOTES`.
 */

/** CPU and memory quantities. */
export interface ResourceQuantities {
  /**
   * CPU quantity, e.g. `250m`.
   * @format k8s-quantity
   */
  readonly cpu: string;
  /**
   * Memory quantity, e.g. `256Mi`.
   * @format k8s-quantity
   */
  readonly memory: string;
}

/** Requests and limits of a container. */
export interface ResourceProfile {
  /** What the scheduler reserves. */
  readonly requests: ResourceQuantities;
  /** What the container may use at most. */
  readonly limits: ResourceQuantities;
}

/** Defaults that depend on the sensitivity tier. */
export interface TierProfile {
  /** Runtime that isolates the pods (`runc` = the cluster default, no `runtimeClassName`). */
  readonly runtime: SandboxRuntime;
  /** PriorityClass name of the tier. */
  readonly priorityClassName: string;
  /**
   * PriorityClass value of the tier.
   * @asType integer
   * @minimum -2147483648
   * @maximum 1000000000
   */
  readonly priorityValue: number;
  /**
   * Default (and, for PaymentService, minimum) replicas.
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly replicas: number;
  /** Container resources. */
  readonly resources: ResourceProfile;
  /** Whether images must be pinned by digest. */
  readonly requireDigest: boolean;
}

/** Pod and container security settings (Pod Security Standards restricted, with explicit values). */
export interface PodSecurityProfile {
  /**
   * Numeric UID the containers run as.
   * @asType integer
   * @minimum 0
   * @maximum 2147483647
   */
  readonly runAsUser: number;
  /**
   * Numeric GID the containers run as.
   * @asType integer
   * @minimum 0
   * @maximum 2147483647
   */
  readonly runAsGroup: number;
  /**
   * GID that owns mounted volumes.
   * @asType integer
   * @minimum 0
   * @maximum 2147483647
   */
  readonly fsGroup: number;
  /** Seccomp profile type; `Unconfined` weakens KH-POD-011 and KH-POD-017 and needs their acknowledgements. */
  readonly seccompProfileType: 'RuntimeDefault' | 'Unconfined';
  /** Whether the root filesystem is read-only. */
  readonly readOnlyRootFilesystem: boolean;
  /** Capabilities dropped from every container. */
  readonly dropCapabilities: readonly string[];
  /** Whether the service-account token is mounted into pods. */
  readonly automountServiceAccountToken: boolean;
  /** Writable `emptyDir` paths mounted into every container. */
  readonly writablePaths: readonly string[];
  /** Image pull policy; anything but `Always` weakens KH-IMG-005 and needs its acknowledgement. */
  readonly imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
}

/** Probe timing defaults (liveness and readiness on the first port). */
export interface ProbeProfile {
  /**
   * Seconds before the first liveness probe.
   * @asType integer
   * @minimum 0
   * @maximum 3600
   */
  readonly livenessInitialDelaySeconds: number;
  /**
   * Seconds before the first readiness probe.
   * @asType integer
   * @minimum 0
   * @maximum 3600
   */
  readonly readinessInitialDelaySeconds: number;
  /**
   * Seconds between probes.
   * @asType integer
   * @minimum 1
   * @maximum 3600
   */
  readonly periodSeconds: number;
  /**
   * Seconds before a probe times out.
   * @asType integer
   * @minimum 1
   * @maximum 3600
   */
  readonly timeoutSeconds: number;
  /**
   * Consecutive failures before the probe fails.
   * @asType integer
   * @minimum 1
   * @maximum 100
   */
  readonly failureThreshold: number;
}

/** Workload shape defaults. */
export interface WorkloadProfile {
  /**
   * RollingUpdate maxSurge.
   * @asType integer
   * @minimum 0
   * @maximum 1000
   */
  readonly maxSurge: number;
  /**
   * RollingUpdate maxUnavailable.
   * @asType integer
   * @minimum 0
   * @maximum 1000
   */
  readonly maxUnavailable: number;
  /**
   * PodDisruptionBudget maxUnavailable (one disruption at a time).
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly disruptionsAllowed: number;
  /** Topology keys pods spread across, strictest first: nodes must differ, zones should. */
  readonly spreadTopologyKeys: readonly string[];
  /** Probe timings. */
  readonly probes: ProbeProfile;
  /**
   * Seconds a pod gets to shut down.
   * @asType integer
   * @minimum 0
   * @maximum 86400
   */
  readonly terminationGracePeriodSeconds: number;
}

/** A sandbox RuntimeClass: the name pods refer to, the node handler and the fixed per-pod overhead. */
export interface RuntimeClassProfile {
  /** RuntimeClass `metadata.name` (what `runtimeClassName` names). */
  readonly name: string;
  /** CRI handler configured on the nodes. */
  readonly handler: string;
  /** `overhead.podFixed`, added to every pod's requests. */
  readonly podFixedOverhead: ResourceQuantities;
}

/** The PaymentService preset (guide §3.1 and §4.2: payment systems on Kata, highly available, verified). */
export interface PaymentProfile {
  /** Tier of every PaymentService. */
  readonly sensitivity: Sensitivity;
  /**
   * Minimum replicas.
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly minReplicas: number;
}

/** Image admission engine of ImageSupplyChainPolicy. */
export type SupplyChainEngine = 'kyverno' | 'sigstore';

/** Whether an admission policy denies (`Enforce`) or only reports (`Audit`). */
export type SupplyChainFailureAction = 'Enforce' | 'Audit';

/** Image supply-chain defaults (guide §2.2): signed, scanned, zero critical findings. */
export interface SupplyChainProfile {
  /** Admission engine. */
  readonly engine: SupplyChainEngine;
  /** Whether failures deny admission. */
  readonly failureAction: SupplyChainFailureAction;
  /**
   * CRITICAL findings the signed scan attestation may report.
   * @asType integer
   * @minimum 0
   * @maximum 1000000
   */
  readonly maxCriticalVulnerabilities: number;
  /** Largest age of the scan attestation. */
  readonly maxScanAge: string;
  /** Transparency log (Rekor) URL. */
  readonly rekorUrl: string;
  /**
   * Kyverno webhook timeout (signature and attestation fetches take time).
   * @asType integer
   * @minimum 1
   * @maximum 30
   */
  readonly webhookTimeoutSeconds: number;
  /** Registry (host/path) of the injected mesh proxy image (`istio-proxy`, `istio-validation`): always allowed. */
  readonly meshProxyRegistry: string;
}

/** Whether runtime detection only reports or also stops a process. */
export type RuntimeDetectionMode = 'audit' | 'enforce';

/** Runtime threat detection defaults (guide §3.2). */
export interface RuntimeDetectionProfile {
  /**
   * Exec allow-list mode (RuntimeThreatDetection workloads, PaymentService); `audit` needs an acknowledgement of
   * KH-RUN-001 wherever it applies. Known-bad executables of a threat-intelligence feed are killed in either mode.
   */
  readonly mode: RuntimeDetectionMode;
  /** Tetragon action in enforce mode (`Sigkill` needs no kernel error injection; `Override` does). */
  readonly enforceAction: 'Sigkill' | 'Override';
  /** Falco priority of the exec allow-list and cluster-wide rules. */
  readonly falcoPriority: 'CRITICAL' | 'ERROR' | 'WARNING';
}

/** Security chaos probe defaults (guide §5: continuous verification). */
export interface ChaosProbesProfile {
  /** Namespace the probes run in. */
  readonly namespace: string;
  /** Cron schedule. */
  readonly schedule: string;
  /**
   * Seconds each API or network attempt may take.
   * @asType integer
   * @minimum 1
   * @maximum 3600
   */
  readonly attemptTimeoutSeconds: number;
  /**
   * Seconds a probe run may take in total.
   * @asType integer
   * @minimum 1
   * @maximum 86400
   */
  readonly activeDeadlineSeconds: number;
  /**
   * Lifetime of the projected service-account token.
   * @asType integer
   * @minimum 600
   * @maximum 86400
   */
  readonly tokenExpirationSeconds: number;
}

/** Mesh data plane of a namespace: Istio sidecars (with Istio CNI), ambient (ztunnel, optional waypoint), or none. */
export type MeshMode = 'sidecar' | 'ambient' | 'none';

/** ZeroTrustNamespace defaults: Pod Security admission, mesh, quota and container defaults. */
export interface NamespaceProfile {
  /** Pod Security Standards level for enforce, audit and warn. */
  readonly podSecurityLevel: 'privileged' | 'baseline' | 'restricted';
  /** Pod Security policy version the labels are pinned to. */
  readonly podSecurityVersion: string;
  /** Mesh data plane of a new namespace (and of workloads that state none). */
  readonly meshMode: MeshMode;
  /** How an HNC parent is declared: a HierarchyConfiguration in the child, or a SubnamespaceAnchor in the parent. */
  readonly hierarchyMode: 'configuration' | 'anchor';
  /**
   * The `--managed-namespace-label` patterns of the cluster's HNC (regular expressions matched against the whole
   * key). HNC owns these labels: it removes them from a namespace unless its HierarchyConfiguration (or an ancestor's,
   * or its anchor) declares them, and a SubnamespaceAnchor may carry no other label.
   */
  readonly hncManagedLabels: readonly string[];
  /** ResourceQuota `hard` totals of the namespace. */
  readonly quota: {
    /**
     * Sum of CPU requests.
     * @format k8s-quantity
     */
    readonly requestsCpu: string;
    /**
     * Sum of memory requests.
     * @format k8s-quantity
     */
    readonly requestsMemory: string;
    /**
     * Sum of CPU limits.
     * @format k8s-quantity
     */
    readonly limitsCpu: string;
    /**
     * Sum of memory limits.
     * @format k8s-quantity
     */
    readonly limitsMemory: string;
    /**
     * Number of pods.
     * @asType integer
     * @minimum 0
     * @maximum 1000000
     */
    readonly pods: number;
  };
  /** LimitRange container defaults (for containers that state none). */
  readonly containerDefaults: ResourceProfile;
}

/** Which network policy API the cluster enforces: Cilium's (CiliumNetworkPolicy) or only the standard NetworkPolicy. */
export type PolicyCni = 'cilium' | 'kubernetes';

/** Network and mesh facts the default-deny policies must keep working (reference.md §3-§5). */
export interface NetworkProfile {
  /**
   * The cluster's network policy engine. `cilium`: CiliumNetworkPolicy plus a NetworkPolicy mirror that allows
   * nothing the Cilium policy does not (Cilium enforces both and unions their allows). `kubernetes`: NetworkPolicy
   * only (no Cilium objects); DNS-name egress cannot be expressed there and is refused.
   */
  readonly cni: PolicyCni;
  /** Cluster DNS domain (the pods' search list is `<ns>.svc.<domain> svc.<domain> <domain>`). */
  readonly clusterDomain: string;
  /** Istio trust domain of service-account principals. */
  readonly trustDomain: string;
  /**
   * Namespace of the cluster DNS pods.
   * @format dns-label
   */
  readonly dnsNamespace: string;
  /**
   * Value of the `k8s-app` label of the cluster DNS pods.
   * @format label-value
   */
  readonly dnsK8sApp: string;
  /**
   * Namespace of the Istio control plane.
   * @format dns-label
   */
  readonly istioNamespace: string;
  /**
   * Value of the `app` label of the istiod pods.
   * @format label-value
   */
  readonly istiodApp: string;
  /**
   * istiod port sidecars use for configuration (xDS) and certificates.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly istiodXdsPort: number;
  /**
   * Ambient HBONE tunnel port (ztunnel and waypoints).
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly hbonePort: number;
  /**
   * Source address istio-cni gives kubelet probes of ambient pods (its `HOST_PROBE_SNAT_IP`), as a `/32`. Default deny
   * admits it on every port, so only one IPv4 link-local address is taken.
   * @format ipv4-link-local-host
   */
  readonly ambientProbeSourceCidr: string;
  /**
   * Source address istio-cni gives kubelet probes of ambient pods over IPv6 (its `HOST_PROBE_SNAT_IPV6`, Istio 1.23
   * or later), as a `/128`. Default deny admits it beside `ambientProbeSourceCidr` on every port, so only one IPv6
   * unique local address (`fd00::/8`) is taken.
   * @format ipv6-unique-local-host
   */
  readonly ambientProbeSourceCidrIpv6: string;
  /** Response header that marks requests refused by the local rate limit. */
  readonly rateLimitHeader: string;
}

/** A complete hardening profile. */
export interface HardeningProfile {
  /** Profile name, e.g. `restricted`. */
  readonly name: string;
  /** Pod and container security. */
  readonly podSecurity: PodSecurityProfile;
  /** Workload shape. */
  readonly workload: WorkloadProfile;
  /** Per-tier defaults. */
  readonly tiers: Readonly<Record<Sensitivity, TierProfile>>;
  /** Sandbox RuntimeClasses by runtime (runc needs none). */
  readonly runtimeClasses: Readonly<Record<Exclude<SandboxRuntime, 'runc'>, RuntimeClassProfile>>;
  /** Default tier of a SecureDeployment. */
  readonly defaultSensitivity: Sensitivity;
  /** PaymentService preset. */
  readonly payment: PaymentProfile;
  /** ZeroTrustNamespace defaults. */
  readonly namespace: NamespaceProfile;
  /** Network and mesh facts of the cluster. */
  readonly network: NetworkProfile;
  /** ImageSupplyChainPolicy defaults. */
  readonly supplyChain: SupplyChainProfile;
  /** RuntimeThreatDetection defaults. */
  readonly runtimeDetection: RuntimeDetectionProfile;
  /** SecurityChaosProbes defaults. */
  readonly chaosProbes: ChaosProbesProfile;
}

/** The default profile: Pod Security Standards restricted, plus the guide's image, sandbox and availability rules. */
export const RESTRICTED_PROFILE: HardeningProfile = {
  name: 'restricted',
  podSecurity: {
    runAsUser: 10001,
    runAsGroup: 10001,
    fsGroup: 10001,
    seccompProfileType: 'RuntimeDefault',
    readOnlyRootFilesystem: true,
    dropCapabilities: ['ALL'],
    automountServiceAccountToken: false,
    writablePaths: ['/tmp'],
    imagePullPolicy: 'Always',
  },
  workload: {
    maxSurge: 1,
    maxUnavailable: 0,
    disruptionsAllowed: 1,
    spreadTopologyKeys: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'],
    probes: {
      livenessInitialDelaySeconds: 10,
      readinessInitialDelaySeconds: 5,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    terminationGracePeriodSeconds: 30,
  },
  tiers: {
    low: {
      runtime: 'runc',
      priorityClassName: 'kube-harden-low',
      priorityValue: 1000,
      replicas: 2,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      requireDigest: false,
    },
    medium: {
      runtime: 'gvisor',
      priorityClassName: 'kube-harden-medium',
      priorityValue: 10000,
      replicas: 2,
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      requireDigest: false,
    },
    high: {
      runtime: 'kata',
      priorityClassName: 'kube-harden-high',
      priorityValue: 100000,
      replicas: 3,
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
      requireDigest: true,
    },
    critical: {
      runtime: 'kata',
      priorityClassName: 'kube-harden-critical',
      priorityValue: 1000000,
      replicas: 3,
      resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' } },
      requireDigest: true,
    },
  },
  runtimeClasses: {
    gvisor: { name: 'gvisor', handler: 'runsc', podFixedOverhead: { cpu: '100m', memory: '64Mi' } },
    kata: { name: 'kata', handler: 'kata-qemu', podFixedOverhead: { cpu: '250m', memory: '160Mi' } },
  },
  defaultSensitivity: 'medium',
  payment: {
    sensitivity: 'critical',
    minReplicas: 3,
  },
  namespace: {
    podSecurityLevel: 'restricted',
    podSecurityVersion: 'v1.33',
    meshMode: 'sidecar',
    hierarchyMode: 'configuration',
    hncManagedLabels: [],
    quota: { requestsCpu: '8', requestsMemory: '16Gi', limitsCpu: '16', limitsMemory: '32Gi', pods: 50 },
    containerDefaults: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  },
  network: {
    cni: 'cilium',
    clusterDomain: 'cluster.local',
    trustDomain: 'cluster.local',
    dnsNamespace: 'kube-system',
    dnsK8sApp: 'kube-dns',
    istioNamespace: 'istio-system',
    istiodApp: 'istiod',
    istiodXdsPort: 15012,
    hbonePort: 15008,
    ambientProbeSourceCidr: '169.254.7.127/32',
    ambientProbeSourceCidrIpv6: 'fd16:9254:7127:1337:ffff:ffff:ffff:ffff/128',
    rateLimitHeader: 'x-local-rate-limit',
  },
  supplyChain: {
    engine: 'kyverno',
    failureAction: 'Enforce',
    maxCriticalVulnerabilities: 0,
    maxScanAge: '168h',
    rekorUrl: 'https://rekor.sigstore.dev',
    webhookTimeoutSeconds: 30,
    meshProxyRegistry: 'docker.io/istio',
  },
  runtimeDetection: {
    mode: 'enforce',
    enforceAction: 'Sigkill',
    falcoPriority: 'CRITICAL',
  },
  chaosProbes: {
    namespace: 'kube-harden-probes',
    schedule: '17 */6 * * *',
    attemptTimeoutSeconds: 10,
    activeDeadlineSeconds: 600,
    tokenExpirationSeconds: 600,
  },
};

/** Why a default is there, how to change it, and the control that records a weakening. */
export interface ProfileNote {
  /** Why the default is what it is. */
  readonly why: string;
  /** The prop that overrides it. */
  readonly override: string;
  /** The control a weakening is acknowledged under, when weakening needs an acknowledgement. */
  readonly control?: ControlId;
}

/**
 * Notes for every leaf of the profile, keyed by dotted path (`tiers.*` notes apply to every tier).
 * A test checks that every leaf of `RESTRICTED_PROFILE` has a note, so the generated docs cannot drift.
 */
export const PROFILE_NOTES: Readonly<Record<string, ProfileNote>> = {
  'name': { why: 'Names the profile in docs and reports.', override: 'n/a' },
  'podSecurity.runAsUser': { why: 'A numeric non-zero UID satisfies PSS runAsUser and lets the kubelet verify runAsNonRoot even when the image USER is a name.', override: 'securityContext.runAsUser', control: 'KH-POD-016' },
  'podSecurity.runAsGroup': { why: 'GID 0 grants access to root-group files in the image.', override: 'securityContext.runAsGroup', control: 'KH-POD-020' },
  'podSecurity.fsGroup': { why: 'Mounted volumes are owned by a non-root group.', override: 'securityContext.fsGroup', control: 'KH-POD-020' },
  'podSecurity.seccompProfileType': {
    why: 'PSS restricted requires an explicit RuntimeDefault or Localhost profile; the kubelet default does not count.',
    override: 'a custom profile (podSecurity.seccompProfileType); Unconfined also needs KH-POD-017',
    control: 'KH-POD-011',
  },
  'podSecurity.readOnlyRootFilesystem': { why: 'An attacker cannot drop tools or modify binaries; writable paths get emptyDir mounts.', override: 'securityContext.readOnlyRootFilesystem + writablePaths', control: 'KH-POD-019' },
  'podSecurity.dropCapabilities': {
    why: 'PSS restricted requires dropping ALL; only NET_BIND_SERVICE may be added back.',
    override: 'securityContext.addCapabilities (beyond the PSS baseline set also KH-POD-004); a custom profile that drops less',
    control: 'KH-POD-018',
  },
  'podSecurity.automountServiceAccountToken': { why: 'A stolen token is the first step of lateral movement; most workloads never call the API server.', override: 'automountServiceAccountToken', control: 'KH-WKL-005' },
  'podSecurity.writablePaths': { why: 'Most runtimes and libraries write temporary files; /tmp stays writable on an emptyDir.', override: 'writablePaths' },
  'podSecurity.imagePullPolicy': { why: 'Every start re-checks the registry, so admission-time signature checks see the real image.', override: 'imagePullPolicy', control: 'KH-IMG-005' },
  'workload.maxSurge': { why: 'Rolling updates add one pod at a time.', override: 'not overridable' },
  'workload.maxUnavailable': { why: 'Rolling updates never reduce serving capacity.', override: 'not overridable' },
  'workload.disruptionsAllowed': { why: 'Voluntary disruptions (drains) take one pod at a time: never 0 (blocks drains) and never all.', override: 'not overridable' },
  'workload.spreadTopologyKeys': { why: 'Replicas land on different nodes (required) and zones (preferred), so one failure does not take the service down.', override: 'not overridable' },
  'workload.probes.livenessInitialDelaySeconds': { why: 'Gives the process time to start before liveness can restart it.', override: 'probes.liveness' },
  'workload.probes.readinessInitialDelaySeconds': { why: 'Traffic reaches a pod only once it answers.', override: 'probes.readiness' },
  'workload.probes.periodSeconds': { why: 'Detects a hung process within tens of seconds.', override: 'probes' },
  'workload.probes.timeoutSeconds': { why: 'A probe that hangs counts as a failure.', override: 'probes' },
  'workload.probes.failureThreshold': { why: 'Three failures in a row avoid restarts on a single slow answer.', override: 'probes' },
  'workload.terminationGracePeriodSeconds': { why: 'Lets in-flight requests finish.', override: 'not overridable' },
  'tiers.*.runtime': { why: 'Guide §3.1: stateless services on gVisor, payment systems on Kata; runc only for low-sensitivity workloads.', override: 'sensitivity', control: 'KH-SBX-001' },
  'tiers.*.priorityClassName': { why: 'Critical workloads are scheduled (and kept) before less sensitive ones.', override: 'sensitivity', control: 'KH-WKL-007' },
  'tiers.*.priorityValue': { why: 'Orders the tiers for the scheduler.', override: 'SandboxRuntimes priorityClasses' },
  'tiers.*.replicas': { why: 'At least two replicas survive a node failure; sensitive tiers keep three.', override: 'replicas', control: 'KH-WKL-003' },
  'tiers.*.resources.requests.cpu': { why: 'Requests make scheduling predictable.', override: 'resources', control: 'KH-WKL-001' },
  'tiers.*.resources.requests.memory': { why: 'Requests make scheduling predictable.', override: 'resources', control: 'KH-WKL-001' },
  'tiers.*.resources.limits.cpu': { why: 'Limits contain a runaway or compromised process.', override: 'resources', control: 'KH-WKL-001' },
  'tiers.*.resources.limits.memory': { why: 'Limits contain a runaway or compromised process.', override: 'resources', control: 'KH-WKL-001' },
  'tiers.*.requireDigest': { why: 'Guide §2.1: a digest names exactly the bytes that were scanned and signed.', override: 'requireDigest', control: 'KH-IMG-003' },
  'runtimeClasses.gvisor.name': { why: 'Conventional RuntimeClass name for gVisor.', override: 'SandboxRuntimes gvisor.name' },
  'runtimeClasses.gvisor.handler': { why: 'gVisor registers the containerd handler runsc.', override: 'SandboxRuntimes gvisor.handler' },
  'runtimeClasses.gvisor.podFixedOverhead.cpu': { why: 'gVisor publishes no default: measure and set your own.', override: 'SandboxRuntimes gvisor.overhead' },
  'runtimeClasses.gvisor.podFixedOverhead.memory': { why: 'gVisor publishes no default: measure and set your own.', override: 'SandboxRuntimes gvisor.overhead' },
  'runtimeClasses.kata.name': { why: 'Name pods refer to; the handler says which hypervisor.', override: 'SandboxRuntimes kata.name' },
  'runtimeClasses.kata.handler': { why: 'kata-deploy installs kata-qemu on every Kata node.', override: 'SandboxRuntimes kata.handler' },
  'runtimeClasses.kata.podFixedOverhead.cpu': { why: 'kata-deploy value for kata-qemu.', override: 'SandboxRuntimes kata.overhead' },
  'runtimeClasses.kata.podFixedOverhead.memory': { why: 'kata-deploy value for kata-qemu.', override: 'SandboxRuntimes kata.overhead' },
  'defaultSensitivity': { why: 'Unless told otherwise, a service is treated as a stateless internet-facing service (gVisor).', override: 'sensitivity' },
  'payment.sensitivity': { why: 'Payment systems hold card and account data: Kata VM isolation.', override: 'a custom profile (payment.sensitivity)', control: 'KH-SBX-001' },
  'payment.minReplicas': { why: 'A payment service must survive a node failure during a rollout.', override: 'replicas', control: 'KH-WKL-003' },
  'supplyChain.engine': { why: 'Kyverno verifies signatures, scan attestations, tags and registries in one policy.', override: 'ImageSupplyChainPolicy engine' },
  'supplyChain.failureAction': { why: 'Guide §2.2: unsigned or unscanned images must not run, so admission denies them.', override: 'ImageSupplyChainPolicy failureAction', control: 'KH-SUP-001' },
  'supplyChain.maxCriticalVulnerabilities': { why: 'Guide §2.2: zero tolerance for critical vulnerabilities.', override: 'ImageSupplyChainPolicy maxCriticalVulnerabilities', control: 'KH-SUP-003' },
  'supplyChain.maxScanAge': { why: 'A scan older than a week misses newly published CVEs.', override: 'ImageSupplyChainPolicy maxScanAge' },
  'supplyChain.rekorUrl': { why: 'The public Sigstore transparency log; intranets point at their own Rekor.', override: 'authorities[].rekor.url' },
  'supplyChain.meshProxyRegistry': { why: 'Istio injects istio-proxy and istio-validation (proxyv2) from its hub, docker.io/istio by default: the registry allow-lists and Sigstore (no-match-policy deny) must admit them.', override: 'ImageSupplyChainPolicy meshProxy.registry' },
  'supplyChain.webhookTimeoutSeconds': { why: 'Fetching signatures and attestations from the registry can take seconds; 30 is Kyverno\'s maximum.', override: 'not overridable' },
  'runtimeDetection.mode': {
    why: 'Guide §3.2: an exec outside the allow-list is stopped, not only reported; start with audit to collect the real exec set. Known-bad executables of a threat-intelligence feed are killed in either mode.',
    override: 'RuntimeThreatDetection workloads[].mode, PaymentService execMode',
    control: 'KH-RUN-001',
  },
  'runtimeDetection.enforceAction': { why: 'Sigkill works on every kernel Tetragon supports; Override needs CONFIG_BPF_KPROBE_OVERRIDE.', override: 'RuntimeThreatDetection enforceAction' },
  'runtimeDetection.falcoPriority': { why: 'An unexpected exec in a hardened pod is a likely compromise.', override: 'not overridable' },
  'chaosProbes.namespace': { why: 'Probes run in their own restricted namespace with their own network policy.', override: 'SecurityChaosProbes namespace' },
  'chaosProbes.schedule': { why: 'Four runs a day notice a removed control within hours.', override: 'SecurityChaosProbes schedule' },
  'chaosProbes.attemptTimeoutSeconds': { why: 'A forbidden connection that hangs counts as blocked only after a bounded wait.', override: 'SecurityChaosProbes attemptTimeoutSeconds' },
  'chaosProbes.activeDeadlineSeconds': { why: 'A hung probe run is killed and reported as failed.', override: 'not overridable' },
  'chaosProbes.tokenExpirationSeconds': { why: 'The probe token lives only as long as a run.', override: 'not overridable' },
  'namespace.podSecurityLevel': {
    why: 'Guide §4.1: every pod of a zero-trust namespace meets Pod Security Standards restricted (enforce, audit and warn).',
    override: 'a custom profile (namespace.podSecurityLevel)',
    control: 'KH-NS-001',
  },
  'namespace.podSecurityVersion': { why: 'Pinning the policy version keeps admission reproducible; latest picks up new checks on a cluster upgrade.', override: 'ZeroTrustNamespace podSecurityVersion', control: 'KH-NS-002' },
  'namespace.meshMode': { why: 'Sidecars give every pod an mTLS identity; restricted namespaces need Istio CNI (no NET_ADMIN init container), whose redirect, like ambient\'s, does not reach gVisor and Kata pods (KH-SBX-003).', override: 'ZeroTrustNamespace meshMode', control: 'KH-MESH-001' },
  'namespace.hierarchyMode': { why: 'A HierarchyConfiguration keeps the child Namespace under our control; an anchor hands its creation to HNC.', override: 'ZeroTrustNamespace parent.mode' },
  'namespace.hncManagedLabels': { why: 'HNC manages no label unless its administrator passes --managed-namespace-label; anchor mode needs the PSA, mesh and image-verification keys managed.', override: 'a custom profile (namespace.hncManagedLabels, the same patterns as the HNC flags)' },
  'namespace.quota.requestsCpu': { why: 'A compromised or runaway namespace cannot starve the cluster.', override: 'ZeroTrustNamespace quota' },
  'namespace.quota.requestsMemory': { why: 'A compromised or runaway namespace cannot starve the cluster.', override: 'ZeroTrustNamespace quota' },
  'namespace.quota.limitsCpu': { why: 'Bounds what the namespace may burst to.', override: 'ZeroTrustNamespace quota' },
  'namespace.quota.limitsMemory': { why: 'Bounds what the namespace may burst to.', override: 'ZeroTrustNamespace quota' },
  'namespace.quota.pods': { why: 'Bounds pod creation (e.g. a crash-looping controller or a cryptominer scaling out).', override: 'ZeroTrustNamespace quota' },
  'namespace.containerDefaults.requests.cpu': { why: 'Containers without requests still get some; the quota requires them.', override: 'ZeroTrustNamespace containerDefaults' },
  'namespace.containerDefaults.requests.memory': { why: 'Containers without requests still get some; the quota requires them.', override: 'ZeroTrustNamespace containerDefaults' },
  'namespace.containerDefaults.limits.cpu': { why: 'Containers without limits are still bounded.', override: 'ZeroTrustNamespace containerDefaults' },
  'namespace.containerDefaults.limits.memory': { why: 'Containers without limits are still bounded.', override: 'ZeroTrustNamespace containerDefaults' },
  'network.cni': { why: 'Cilium enforces DNS-name egress (toFQDNs) and service-account selectors; the NetworkPolicy mirror stays a subset of it.', override: "a custom profile (network.cni: 'kubernetes' on clusters without Cilium)" },
  'network.clusterDomain': { why: 'Kubernetes default; the DNS search list of every pod (<ns>.svc.<domain>, svc.<domain>, <domain>) is built from it.', override: 'a custom profile (network.clusterDomain)' },
  'network.trustDomain': { why: 'Istio default trust domain of cluster.local/ns/<ns>/sa/<sa> principals.', override: 'not overridable' },
  'network.dnsNamespace': { why: 'Where kube-dns/CoreDNS runs on most distributions.', override: 'not overridable' },
  'network.dnsK8sApp': { why: 'CoreDNS keeps the k8s-app=kube-dns label for compatibility.', override: 'not overridable' },
  'network.istioNamespace': { why: 'Istio root namespace and istiod home by default.', override: 'not overridable' },
  'network.istiodApp': { why: 'Label of the istiod Deployment pods.', override: 'not overridable' },
  'network.istiodXdsPort': { why: 'Sidecars fetch configuration and certificates from istiod on 15012 (mTLS): default deny must leave it open.', override: 'not overridable' },
  'network.hbonePort': { why: 'Ambient mode tunnels all meshed traffic over HBONE on 15008, in both directions.', override: 'not overridable' },
  'network.ambientProbeSourceCidr': {
    why: 'In ambient mode istio-cni rewrites kubelet probes to come from 169.254.7.127 (HOST_PROBE_SNAT_IP); default deny must admit them.',
    override: "a custom profile (network.ambientProbeSourceCidr: the cluster's HOST_PROBE_SNAT_IP, one address of 169.254.0.0/16 as a /32; nothing else is taken)",
  },
  'network.ambientProbeSourceCidrIpv6': {
    why: 'In ambient mode istio-cni (Istio 1.23 or later) rewrites kubelet probes sent over IPv6 to come from fd16:9254:7127:1337:ffff:ffff:ffff:ffff (HOST_PROBE_SNAT_IPV6); on IPv6 and dual-stack clusters default deny must admit them too.',
    override: "a custom profile (network.ambientProbeSourceCidrIpv6: the cluster's HOST_PROBE_SNAT_IPV6, one address of fd00::/8 as a /128; nothing else is taken)",
  },
  'network.rateLimitHeader': { why: 'Marks responses refused by the local rate limit, next to Envoy\'s x-envoy-ratelimited.', override: 'rateLimit.responseHeader' },
};
