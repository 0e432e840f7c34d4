import { Acknowledgements, checkAcknowledgements, requireAcknowledgement } from './acknowledgements';
import { ControlId } from './controls';
import type { HardenedPodSpec, HardenPodSpecOptions, PodSpecChange } from './harden-pod-spec';
import { copyJsonTree, FieldSegments, isPlainObject, Json, JsonFields, JsonObject, jsonPointer } from './json-fields';
import { BASELINE_CAPABILITIES, containerSecurityContext, NET_BIND_SERVICE, podSecurityContext, RESTRICTED_VOLUME_TYPES, writableMounts } from './pod-security';
import { checkPodSecurityWeakenings, PROJECTED_TOKEN_WEAKENING, weakeningOf } from './pod-security-weakenings';
import { HardeningProfile, RESTRICTED_PROFILE } from './profile';
import { RUNTIME_NAMES } from './runtime-handlers';
import { RUNTIME_STRENGTH, SandboxRuntime, SENSITIVITIES } from './sensitivity';
import { Problems } from './validation';

/**
 * The hardener behind `hardenPodSpec` and `hardenObject` (see `hardenPodSpec` for its rules). Every field it reads is
 * read as Kubernetes decodes it (`JsonFields`): `null` is absent, a field of another JSON type is a problem.
 */

/** Sysctls Pod Security Standards allow (policy v1.32). */
const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
];

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
/** Seccomp `Unconfined` fails KH-POD-011 (baseline) besides KH-POD-017: keeping it needs both acknowledged. */
const UNCONFINED_CONTROLS: readonly ControlId[] = ['KH-POD-011', 'KH-POD-017'];
const ALLOWED_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** The restricted profile's pod security, the bar every value is judged against. */
const RESTRICTED = RESTRICTED_PROFILE.podSecurity;

/**
 * Hardens `podSpec` in place (a copy the caller made, e.g. with `copyJsonTree`), adding to `problems` what cannot be
 * fixed, each named from `root` (the pod spec's path in the document hardened). The result is only complete when no
 * problem was added.
 */
export function hardenPodSpecInPlace(
  problems: Problems,
  podSpec: JsonObject,
  options: HardenPodSpecOptions,
  profile: HardeningProfile,
  root: FieldSegments,
): HardenedPodSpec {
  const hardener = new PodSpecHardener(problems, podSpec, options, profile, root);
  hardener.run();
  return { podSpec: hardener.spec, changes: hardener.changes, acknowledged: [...hardener.acknowledged].sort() };
}

/** `holder`'s own field `key` (never one its prototype gives). */
export function own(holder: JsonObject | undefined, key: string): Json {
  return holder !== undefined && Object.prototype.hasOwnProperty.call(holder, key) ? holder[key] : undefined;
}

class PodSpecHardener {
  public readonly changes: PodSpecChange[] = [];
  public readonly acknowledged = new Set<ControlId>();
  private readonly acks: Acknowledgements;
  private readonly read: JsonFields;

  constructor(
    private readonly problems: Problems,
    public readonly spec: JsonObject,
    private readonly options: HardenPodSpecOptions,
    private readonly profile: HardeningProfile,
    root: FieldSegments,
  ) {
    this.acks = options.acknowledgements ?? {};
    this.read = new JsonFields(problems, root);
  }

  public run(): void {
    checkAcknowledgements(this.problems, 'acknowledgements', this.options.acknowledgements);
    // A profile value weaker than the restricted profile's needs its control acknowledged, and an acknowledged
    // control is left as written: the hardener never writes a weaker value than the restricted profile's.
    checkPodSecurityWeakenings(this.problems, this.acks, this.profile.podSecurity);
    this.checkTierRuntime();
    this.checkJudgedFields();
    this.hardenPod();
    this.hardenVolumes();
    this.hardenTier();
    for (const list of CONTAINER_LISTS) {
      for (const [container, index] of this.read.objects(own(this.spec, list), [list])) this.hardenContainer([list, index], container, list);
    }
    this.mountWritablePaths();
    this.checkRootUnderRunAsNonRoot();
  }

  /** The profile's runtime for the tier asked for must be as strong as the restricted profile's (or KH-SBX-001 acknowledged). */
  private checkTierRuntime(): void {
    const sensitivity = this.options.sensitivity;
    if (sensitivity === undefined) return;
    const runtime = this.profile.tiers[sensitivity].runtime;
    const floor = RESTRICTED_PROFILE.tiers[sensitivity].runtime;
    if (RUNTIME_STRENGTH[runtime] < RUNTIME_STRENGTH[floor]) {
      requireAcknowledgement(this.problems, this.acks, 'KH-SBX-001', `profile.tiers.${sensitivity}.runtime`, runtime,
        `is weaker than the runtime '${floor}' the restricted profile gives the '${sensitivity}' tier`, `use '${floor}'`);
    }
  }

  /**
   * Fields the hardener leaves as they are but the audit reads to judge what it enforces (`hostUsers` exempts a pod
   * from the non-root rules, a Windows `os` from seccomp and capabilities): of the wrong type, the audit cannot judge.
   */
  private checkJudgedFields(): void {
    this.read.boolean(own(this.spec, 'hostUsers'), ['hostUsers']);
    this.read.string(own(this.read.object(own(this.spec, 'os'), ['os']), 'name'), ['os', 'name']);
  }

  private hardenPod(): void {
    const ps = this.profile.podSecurity;
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (this.read.boolean(own(this.spec, field), [field]) === true) this.set([field], false, 'KH-POD-002');
    }
    if (this.read.boolean(own(this.spec, 'automountServiceAccountToken'), ['automountServiceAccountToken']) !== false) {
      this.set(['automountServiceAccountToken'], ps.automountServiceAccountToken, 'KH-WKL-005');
    }

    const at = ['securityContext'];
    const sc = this.read.object(own(this.spec, 'securityContext'), at);
    const target = podSecurityContext(this.profile);
    if (this.read.boolean(own(sc, 'runAsNonRoot'), [...at, 'runAsNonRoot']) !== true) this.set([...at, 'runAsNonRoot'], target.runAsNonRoot, 'KH-POD-015');
    for (const [field, control] of [['runAsUser', 'KH-POD-016'], ['runAsGroup', 'KH-POD-020'], ['fsGroup', 'KH-POD-020']] as const) {
      const id = this.read.integer(own(sc, field), [...at, field]);
      if (id === undefined || weakeningOf(field, id) !== undefined) this.set([...at, field], target[field], control);
    }
    const seccompType = this.read.string(own(this.read.object(own(sc, 'seccompProfile'), [...at, 'seccompProfile']), 'type'), [...at, 'seccompProfile', 'type']);
    if (!ALLOWED_SECCOMP.includes(seccompType as string)) this.set([...at, 'seccompProfile'], target.seccompProfile, seccompControls(seccompType));
    this.hardenCommonContext(at, sc);
    for (const [sysctl, i] of this.read.objects(own(sc, 'sysctls'), [...at, 'sysctls'])) {
      const name = this.read.string(own(sysctl, 'name'), [...at, 'sysctls', i, 'name']);
      if (!SAFE_SYSCTLS.includes(name as string)) {
        this.problem([...at, 'sysctls', i, 'name'], name, 'KH-POD-012', 'is not a safe sysctl', `use only ${SAFE_SYSCTLS.join(', ')}`);
      }
    }
    // (a null item is group 0: Go's encoding/json appends the zero value for it, as KH-POD-020 reads it)
    this.read.list(own(sc, 'supplementalGroups'), [...at, 'supplementalGroups']).forEach((group, i) => {
      const gid = group === null || group === undefined ? 0 : this.read.integer(group, [...at, 'supplementalGroups', i]);
      if (gid !== undefined && weakeningOf('runAsGroup', gid) !== undefined) {
        this.problem([...at, 'supplementalGroups', i], group, 'KH-POD-020', "adds the root group (GID 0) to every container's groups",
          'remove 0 from supplementalGroups');
      }
    });
  }

  /** Volumes of a type Pod Security restricted forbids, and projected service-account tokens, are refused. */
  private hardenVolumes(): void {
    for (const [volume, i] of this.read.objects(own(this.spec, 'volumes'), ['volumes'])) {
      // (the API server decodes a null source as none: `emptyDir: null` beside a hostPath leaves a hostPath volume)
      for (const type of volumeSources(volume)) {
        if (type === 'hostPath') {
          this.problem(['volumes', i, type], volume[type], ['KH-POD-005', 'KH-POD-013'], 'is a hostPath volume',
            'use an emptyDir, a persistentVolumeClaim or a csi volume');
        } else if (!RESTRICTED_VOLUME_TYPES.includes(type)) {
          this.problem(['volumes', i, type], volume[type], 'KH-POD-013', `is a ${type} volume, not allowed by Pod Security restricted`,
            `use one of ${RESTRICTED_VOLUME_TYPES.join(', ')} (a persistentVolumeClaim can be backed by any storage)`);
        }
      }
      const projected = this.read.object(own(volume, 'projected'), ['volumes', i, 'projected']);
      for (const [source, s] of this.read.objects(own(projected, 'sources'), ['volumes', i, 'projected', 'sources'])) {
        const at = ['volumes', i, 'projected', 'sources', s, 'serviceAccountToken'];
        const token = this.read.object(own(source, 'serviceAccountToken'), at);
        const { controls, what, fix } = PROJECTED_TOKEN_WEAKENING;
        if (token !== undefined) this.problem(at, token, controls, what, fix);
      }
    }
  }

  /**
   * With a sensitivity, a missing runtime or priority class is set to the tier's; one known to be weaker than the
   * tier's (`runc`, the profile's gVisor class for a Kata tier, a lower tier's priority class) is refused unless its
   * control is acknowledged, as SecureDeployment refuses a weaker `runtime` or `priority`.
   */
  private hardenTier(): void {
    const sensitivity = this.options.sensitivity;
    if (sensitivity === undefined) return;
    const tier = this.profile.tiers[sensitivity];
    if (tier.runtime !== 'runc') {
      const className = this.profile.runtimeClasses[tier.runtime].name;
      const name = this.read.string(own(this.spec, 'runtimeClassName'), ['runtimeClassName']);
      const runs = name === undefined || name === '' ? undefined : this.runtimeOfClass(name);
      if (name === undefined || name === '') {
        this.set(['runtimeClassName'], className, 'KH-SBX-001');
      } else if (runs !== undefined && RUNTIME_STRENGTH[runs] < RUNTIME_STRENGTH[tier.runtime]) {
        this.problem(['runtimeClassName'], name, 'KH-SBX-001',
          `${runs === 'runc' ? 'runs no sandbox' : `runs ${RUNTIME_NAMES[runs]}`}, weaker than the ${RUNTIME_NAMES[tier.runtime]} sandbox of the '${sensitivity}' tier`,
          `remove runtimeClassName (the hardener then sets '${className}'), or name a RuntimeClass that runs ${RUNTIME_NAMES[tier.runtime]}`);
      }
    }
    const priority = this.read.string(own(this.spec, 'priorityClassName'), ['priorityClassName']);
    const of = SENSITIVITIES.find((s) => this.profile.tiers[s].priorityClassName === priority);
    if (priority === undefined || priority === '') {
      this.set(['priorityClassName'], tier.priorityClassName, 'KH-WKL-007');
    } else if (of !== undefined && SENSITIVITIES.indexOf(of) < SENSITIVITIES.indexOf(sensitivity)) {
      this.problem(['priorityClassName'], priority, 'KH-WKL-007', `is the priority class of the lower '${of}' tier`,
        `remove priorityClassName (the hardener then sets '${tier.priorityClassName}'), or use a class at least the '${sensitivity}' tier's`);
    }
  }

  /**
   * The runtime the RuntimeClass `name` is known to run: `runc` for the name `runc`, gVisor or Kata for the profile's
   * (or the restricted profile's) class names; `undefined` for any other name, which the hardener cannot judge.
   */
  private runtimeOfClass(name: string): SandboxRuntime | undefined {
    if (name === 'runc') return 'runc';
    return (['gvisor', 'kata'] as const).find((r) => this.profile.runtimeClasses[r].name === name || RESTRICTED_PROFILE.runtimeClasses[r].name === name);
  }

  private hardenContainer(at: FieldSegments, c: JsonObject, list: typeof CONTAINER_LISTS[number]): void {
    const ps = this.profile.podSecurity;
    const pod = podSecurityContext(this.profile);
    const target = containerSecurityContext(this.profile);
    const scAt = [...at, 'securityContext'];
    const sc = this.read.object(own(c, 'securityContext'), scAt);
    const flag = (field: string): boolean | undefined => this.read.boolean(own(sc, field), [...scAt, field]);
    const id = (field: string): number | undefined => this.read.integer(own(sc, field), [...scAt, field]);
    if (flag('allowPrivilegeEscalation') !== false) this.set([...scAt, 'allowPrivilegeEscalation'], target.allowPrivilegeEscalation, 'KH-POD-014');
    if (flag('privileged') !== false) this.set([...scAt, 'privileged'], target.privileged, 'KH-POD-003');
    if (flag('runAsNonRoot') === false) this.set([...scAt, 'runAsNonRoot'], target.runAsNonRoot, 'KH-POD-015');
    const uid = id('runAsUser');
    if (uid !== undefined && weakeningOf('runAsUser', uid) !== undefined) this.set([...scAt, 'runAsUser'], pod.runAsUser, 'KH-POD-016');
    const gid = id('runAsGroup');
    if (gid !== undefined && weakeningOf('runAsGroup', gid) !== undefined) this.set([...scAt, 'runAsGroup'], pod.runAsGroup, 'KH-POD-020');
    const seccomp = this.read.object(own(sc, 'seccompProfile'), [...scAt, 'seccompProfile']);
    const seccompType = this.read.string(own(seccomp, 'type'), [...scAt, 'seccompProfile', 'type']);
    if (seccomp !== undefined && !ALLOWED_SECCOMP.includes(seccompType as string)) {
      this.set([...scAt, 'seccompProfile'], pod.seccompProfile, seccompControls(seccompType));
    }
    // (a value is judged against the restricted profile, so that a weaker profile's acknowledgement is recorded where
    // the author's value is as weak as the profile's; the profile's value is what is written)
    if (weakeningOf('readOnlyRootFilesystem', flag('readOnlyRootFilesystem')) !== undefined) {
      this.set([...scAt, 'readOnlyRootFilesystem'], target.readOnlyRootFilesystem, 'KH-POD-019');
    }
    const procMount = this.read.string(own(sc, 'procMount'), [...scAt, 'procMount']);
    if (procMount !== undefined && procMount !== 'Default') this.set([...scAt, 'procMount'], 'Default', 'KH-POD-010');
    this.hardenCommonContext(scAt, sc);
    this.hardenCapabilities([...scAt, 'capabilities'], this.read.object(own(sc, 'capabilities'), [...scAt, 'capabilities']));

    for (const [port, i] of this.read.objects(own(c, 'ports'), [...at, 'ports'])) {
      const hostPort = this.read.integer(own(port, 'hostPort'), [...at, 'ports', i, 'hostPort']);
      if (hostPort !== undefined && hostPort !== 0) {
        this.problem([...at, 'ports', i, 'hostPort'], hostPort, 'KH-POD-006', 'binds a host port', 'remove hostPort and expose the port with a Service');
      }
    }
    for (const probe of PROBES) this.checkHandlerHosts([...at, probe], this.read.object(own(c, probe), [...at, probe]));
    const lifecycle = this.read.object(own(c, 'lifecycle'), [...at, 'lifecycle']);
    for (const hook of ['postStart', 'preStop']) {
      this.checkHandlerHosts([...at, 'lifecycle', hook], this.read.object(own(lifecycle, hook), [...at, 'lifecycle', hook]));
    }

    const pullPolicy = this.read.string(own(c, 'imagePullPolicy'), [...at, 'imagePullPolicy']);
    if (weakeningOf('imagePullPolicy', pullPolicy) !== undefined) this.set([...at, 'imagePullPolicy'], ps.imagePullPolicy, 'KH-IMG-005');
    if (list !== 'ephemeralContainers') this.fillResources(at, c);
  }

  /** Capabilities: every restricted (and profile) one dropped; added back, only NET_BIND_SERVICE. */
  private hardenCapabilities(at: FieldSegments, caps: JsonObject | undefined): void {
    const drop = this.read.list(own(caps, 'drop'), [...at, 'drop']);
    drop.forEach((cap, i) => this.read.string(cap, [...at, 'drop', i]));
    const targetDrop = [...this.profile.podSecurity.dropCapabilities];
    const dropped = (cap: string): boolean => drop.includes(cap) || drop.includes('ALL');
    if (![...RESTRICTED.dropCapabilities, ...targetDrop].every(dropped)) this.set([...at, 'drop'], targetDrop, 'KH-POD-018');
    this.read.list(own(caps, 'add'), [...at, 'add']).forEach((cap, i) => {
      // (a null item is the empty name, as the API server decodes it: no capability PSS allows)
      const name = cap === null || cap === undefined ? '' : this.read.string(cap, [...at, 'add', i]);
      if (name !== undefined && name !== NET_BIND_SERVICE) {
        // (beyond PSS baseline's list, it fails KH-POD-004 as well)
        this.problem([...at, 'add', i], cap, BASELINE_CAPABILITIES.includes(name) ? 'KH-POD-018' : ['KH-POD-004', 'KH-POD-018'],
          'adds a capability Pod Security restricted forbids', `add only ${NET_BIND_SERVICE}, or change the image so it does not need ${name}`);
      }
    });
  }

  /** Checks shared by pod and container security contexts. */
  private hardenCommonContext(at: FieldSegments, sc: JsonObject | undefined): void {
    const windows = this.read.object(own(sc, 'windowsOptions'), [...at, 'windowsOptions']);
    if (this.read.boolean(own(windows, 'hostProcess'), [...at, 'windowsOptions', 'hostProcess']) === true) {
      this.set([...at, 'windowsOptions', 'hostProcess'], false, 'KH-POD-001');
    }
    const appArmor = this.read.object(own(sc, 'appArmorProfile'), [...at, 'appArmorProfile']);
    const appArmorType = this.read.string(own(appArmor, 'type'), [...at, 'appArmorProfile', 'type']);
    if (appArmor !== undefined && !ALLOWED_SECCOMP.includes(appArmorType as string)) {
      this.set([...at, 'appArmorProfile'], { type: 'RuntimeDefault' }, 'KH-POD-008');
    }
    const seAt = [...at, 'seLinuxOptions'];
    const se = this.read.object(own(sc, 'seLinuxOptions'), seAt);
    const [type, user, role] = ['type', 'user', 'role'].map((field) => this.read.string(own(se, field), [...seAt, field]));
    if ((type !== undefined && !ALLOWED_SELINUX_TYPES.includes(type)) || nonEmpty(user) || nonEmpty(role)) {
      this.problem(seAt, se, 'KH-POD-009', 'uses a custom SELinux type, user or role',
        `use type ${ALLOWED_SELINUX_TYPES.filter(Boolean).join(', ')} and no user or role`);
    }
  }

  private checkHandlerHosts(at: FieldSegments, handler: JsonObject | undefined): void {
    for (const kind of ['httpGet', 'tcpSocket']) {
      const host = this.read.string(own(this.read.object(own(handler, kind), [...at, kind]), 'host'), [...at, kind, 'host']);
      if (nonEmpty(host)) {
        this.problem([...at, kind, 'host'], host, 'KH-POD-007', 'sends the kubelet to another host', 'remove host: the kubelet then probes the pod IP');
      }
    }
  }

  private fillResources(at: FieldSegments, c: JsonObject): void {
    const tier = this.profile.tiers[this.options.sensitivity ?? this.profile.defaultSensitivity];
    const resources = this.read.object(own(c, 'resources'), [...at, 'resources']);
    for (const kind of ['requests', 'limits'] as const) {
      const section = this.read.object(own(resources, kind), [...at, 'resources', kind]);
      for (const quantity of ['cpu', 'memory'] as const) {
        if (this.read.quantity(own(section, quantity), [...at, 'resources', kind, quantity]) === undefined) {
          this.set([...at, 'resources', kind, quantity], tier.resources[kind][quantity], 'KH-WKL-001');
        }
      }
    }
  }

  /**
   * Refuses a container left to run as UID 0 under `runAsNonRoot: true` (KH-POD-016 acknowledged, KH-POD-015 not):
   * the kubelet refuses to start it. Reported once per `runAsUser` field, not acknowledgeable.
   */
  private checkRootUnderRunAsNonRoot(): void {
    // (a profile UID 0 without KH-POD-016 is refused already, and is where every UID 0 of the result comes from)
    if (this.profile.podSecurity.runAsUser === 0 && !this.isAcknowledged('KH-POD-016')) return;
    const podAt = ['securityContext'];
    const pod = this.read.object(own(this.spec, 'securityContext'), podAt);
    for (const list of CONTAINER_LISTS) {
      for (const [container, index] of this.read.objects(own(this.spec, list), [list])) {
        const at = [list, index, 'securityContext'];
        const sc = this.read.object(own(container, 'securityContext'), at);
        const containerUid = this.read.integer(own(sc, 'runAsUser'), [...at, 'runAsUser']);
        const uid = containerUid ?? this.read.integer(own(pod, 'runAsUser'), [...podAt, 'runAsUser']);
        const nonRoot = this.read.boolean(own(sc, 'runAsNonRoot'), [...at, 'runAsNonRoot'])
          ?? this.read.boolean(own(pod, 'runAsNonRoot'), [...podAt, 'runAsNonRoot']);
        if (uid === 0 && nonRoot === true) {
          // (one problem per runAsUser field: the problems of a field are reported once)
          this.read.problem(containerUid === undefined ? [...podAt, 'runAsUser'] : [...at, 'runAsUser'], 0,
            'runs as root while runAsNonRoot is true (the kubelet refuses to start the container)',
            'use a non-zero UID, or acknowledge KH-POD-015 as well and leave runAsNonRoot unset or false.');
        }
      }
    }
  }

  /** Mounts an emptyDir on every writable path of every container that does not mount something there already. */
  private mountWritablePaths(): void {
    if (!this.profile.podSecurity.readOnlyRootFilesystem || this.isAcknowledged('KH-POD-019')) return;
    for (const { volume, mount } of writableMounts(this.profile, this.options.writablePaths)) {
      const name = this.volumeName(volume.name as string);
      for (const list of CONTAINER_LISTS) {
        if (list === 'ephemeralContainers') continue;
        for (const [container, index] of this.read.objects(own(this.spec, list), [list])) {
          const at = [list, index, 'volumeMounts'];
          const count = this.read.list(own(container, 'volumeMounts'), at).length;
          const mounted = this.read.objects(own(container, 'volumeMounts'), at)
            .some(([m, i]) => this.read.string(own(m, 'mountPath'), [...at, i, 'mountPath']) === mount.mountPath);
          if (!mounted) {
            this.ensureVolume({ ...volume, name });
            this.set([...at, count], { ...mount, name }, 'KH-POD-019');
          }
        }
      }
    }
  }

  /** `name`, unless a volume that is not an emptyDir already has it (then `kube-harden-<name>`). */
  private volumeName(name: string): string {
    const existing = this.read.objects(own(this.spec, 'volumes'), ['volumes'])
      .find(([v, i]) => this.read.string(own(v, 'name'), ['volumes', i, 'name']) === name);
    return existing === undefined || volumeSources(existing[0]).join() === 'emptyDir' ? name : `kube-harden-${name}`;
  }

  private ensureVolume(volume: JsonObject): void {
    const volumes = this.read.list(own(this.spec, 'volumes'), ['volumes']);
    if (!volumes.some((v) => isPlainObject(v) && own(v, 'name') === volume.name)) {
      this.set(['volumes', volumes.length], volume, 'KH-POD-019');
    }
  }

  private isAcknowledged(control: ControlId): boolean {
    return this.acks[control] !== undefined;
  }

  /** Whether every one of `controls` is acknowledged; then each is recorded as one that kept a weaker value. */
  private keptAcknowledged(controls: ControlId | readonly ControlId[]): boolean {
    const all = typeof controls === 'string' ? [controls] : controls;
    if (!all.every((control) => this.isAcknowledged(control))) return false;
    all.forEach((control) => this.acknowledged.add(control));
    return true;
  }

  /**
   * Sets the value at `segments` (creating parents, over absent or null ones); the change is recorded at the highest
   * missing ancestor. A parent of the wrong type is left as it is: it is a problem already.
   */
  private set(segments: FieldSegments, value: Json, controls: ControlId | readonly ControlId[]): void {
    if (this.keptAcknowledged(controls)) return;
    const control = typeof controls === 'string' ? controls : controls[controls.length - 1];
    let node: Json = this.spec;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i];
      const fits = typeof key === 'number' ? Array.isArray(node) : isPlainObject(node);
      if (!fits) {
        this.read.problem(segments.slice(0, i), node, `is not ${typeof key === 'number' ? 'a list' : 'an object'}`, 'give it as the API defines it.');
        return;
      }
      const holder = node as Record<string | number, Json>;
      const current = Object.prototype.hasOwnProperty.call(holder, key) ? holder[key] : undefined;
      if (i === segments.length - 1 || current === undefined || current === null) {
        const to = i === segments.length - 1 ? value : buildPath(segments.slice(i + 1), value);
        const path = jsonPointer(segments.slice(0, i + 1));
        this.changes.push(current === undefined
          ? { path, to: copyJsonTree(to, this.problems), control }
          : { path, from: copyJsonTree(current, this.problems), to: copyJsonTree(to, this.problems), control });
        if (Array.isArray(holder) && key === holder.length) holder.push(to);
        else Object.defineProperty(holder, key, { value: to, enumerable: true, writable: true, configurable: true });
        return;
      }
      node = current;
    }
  }

  /** Refuses what cannot be fixed by setting a field, unless every one of `controls` is acknowledged. */
  private problem(at: FieldSegments, value: Json, controls: ControlId | readonly ControlId[], message: string, fix: string): void {
    if (this.keptAcknowledged(controls)) return;
    const all = typeof controls === 'string' ? [controls] : controls;
    const missing = all.filter((control) => !this.isAcknowledged(control));
    this.read.problem(at, value, `${message} (${all.join(', ')})`, `${fix}; or acknowledge ${missing.join(' and ')} with a reason.`);
  }
}

/** The controls keeping a seccomp profile of type `type` (not RuntimeDefault or Localhost) needs acknowledged. */
function seccompControls(type: string | undefined): ControlId | readonly ControlId[] {
  return type === 'Unconfined' ? UNCONFINED_CONTROLS : 'KH-POD-017';
}

/** The sources a volume sets: its fields but `name`, null ones left out (the API server decodes null as unset). */
function volumeSources(volume: JsonObject): string[] {
  return Object.keys(volume).filter((key) => key !== 'name' && volume[key] !== null && volume[key] !== undefined);
}

function buildPath(rest: FieldSegments, value: Json): Json {
  return rest.reduceRight<Json>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value);
}

function nonEmpty(value: Json): boolean {
  return value !== undefined && value !== null && value !== '';
}
