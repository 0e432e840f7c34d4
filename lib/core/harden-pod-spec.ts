import { Acknowledgements, checkAcknowledgements, requireAcknowledgement } from './acknowledgements';
import { CheckedInputs, withBoundary } from './boundary';
import { ControlId } from './controls';
import { containerSecurityContext, NET_BIND_SERVICE, podSecurityContext, RESTRICTED_VOLUME_TYPES, writableMounts } from './pod-security';
import { checkPodSecurityWeakenings } from './pod-security-weakenings';
import { HardeningProfile, RESTRICTED_PROFILE } from './profile';
import { RUNTIME_STRENGTH, Sensitivity } from './sensitivity';
import { Problems } from './validation';

/**
 * Hardening of a pod spec someone else wrote (cdk8s-plus, plain manifests, Helm output): the profile's
 * Pod Security Standards *restricted* settings are applied field by field, and every change is reported.
 *
 * Rules: a missing or weaker scalar is set to the profile's value (reported as a change); what cannot be
 * fixed without removing something the author declared (hostPath and other non-restricted volumes, host
 * ports, added capabilities, unsafe sysctls, SELinux options, probe hosts) is a validation error. An
 * acknowledged control is left exactly as written. A profile value weaker than the restricted profile's (and a
 * weaker tier runtime) is refused unless its control is acknowledged, so a weaker value is never written; nor is
 * a UID 0 under `runAsNonRoot: true`, which the kubelet would refuse.
 */

/** A JSON value as found in a manifest. */
type Json = unknown;
/** A mutable JSON object. */
type JsonObject = Record<string, Json>;

/** One change: a JSON Patch `add` at `path` (JSON Pointer), from the value found to the value written. */
export interface PodSpecChange {
  /** JSON Pointer of the field, relative to the document that was hardened. */
  readonly path: string;
  /** Value before (absent when the field did not exist). */
  readonly from?: unknown;
  /** Value written. */
  readonly to: unknown;
  /** The control the change enforces; acknowledging it keeps the field as written. */
  readonly control: ControlId;
}

/** How to harden a pod spec. */
export interface HardenPodSpecOptions {
  /**
   * Controls to leave as written, each with the reason. Acknowledged weakenings are recorded as
   * `kube-harden.io/acknowledge.<control-id>` annotations by `hardenObject`.
   * @default - none: every control is enforced
   */
  readonly acknowledgements?: Acknowledgements;
  /**
   * Paths that stay writable under the read-only root filesystem, besides the profile's (`/tmp`): an `emptyDir`
   * is mounted on each, in every container that mounts nothing there yet.
   * @default []
   */
  readonly writablePaths?: readonly string[];
  /**
   * Sensitivity tier: sets `runtimeClassName` and `priorityClassName` where missing, and gives the
   * resources filled in where a container has none.
   * @default - runtime and priority classes are left as they are; missing resources come from the profile's default tier
   */
  readonly sensitivity?: Sensitivity;
}

/** The result of hardening a pod spec. */
export interface HardenedPodSpec {
  /** The hardened pod spec (a copy; the input is not modified). */
  readonly podSpec: Readonly<Record<string, unknown>>;
  /** Changes in the order applied; as JSON Patch `add` operations they turn the input into `podSpec`. */
  readonly changes: readonly PodSpecChange[];
  /** Acknowledged controls that kept a weaker value than the profile's. */
  readonly acknowledged: readonly ControlId[];
}

/** Sysctls Pod Security Standards allow (policy v1.32). */
const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
];

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
const ALLOWED_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
/** The restricted profile's pod security, the bar every value is judged against. */
const RESTRICTED = RESTRICTED_PROFILE.podSecurity;

/**
 * Hardens a plain pod spec with `profile`: returns a hardened copy and the list of changes.
 * Throws `KubeHardenValidationError` listing every problem that cannot be fixed by setting a field.
 * Idempotent: hardening the result again changes nothing.
 *
 * @example
 * const { podSpec, changes } = hardenPodSpec({ containers: [{ name: 'web', image: 'nginx:1.27' }] });
 * // changes[0]: { path: '/securityContext', to: { runAsNonRoot: true }, control: 'KH-POD-015' }
 *
 * @param podSpec the pod spec (`spec.template.spec` of a Deployment, `spec` of a Pod)
 * @param options acknowledgements, writable paths and tier
 * @param profile the hardening profile
 * @param subject names the pod spec in error messages, e.g. `Deployment 'web' spec.template.spec`
 */
export function hardenPodSpec(
  podSpec: Readonly<Record<string, unknown>>,
  options: HardenPodSpecOptions = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
  subject = 'pod spec',
): HardenedPodSpec {
  return withBoundary('harden options', 'HardenPodSpecOptions', { props: options ?? {}, profile }, (inputs: CheckedInputs<HardenPodSpecOptions>) => {
    const hardener = new PodSpecHardener(cloneJson(podSpec) as JsonObject, inputs.props, inputs.profile);
    hardener.run();
    hardener.problems.throwIfAny(subject);
    return { podSpec: hardener.spec, changes: hardener.changes, acknowledged: [...hardener.acknowledged].sort() };
  });
}

/**
 * A deep copy of a JSON value. Unlike `structuredClone`, the copy's arrays and objects belong to the caller's realm
 * (under jest, `structuredClone` returns arrays that fail `instanceof Array` in the test's realm).
 */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value)) as T;
}

/** Escapes one JSON Pointer segment (`~` → `~0`, `/` → `~1`). */
export function escapeJsonPointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A JSON Pointer from path segments. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapeJsonPointer(s)}`).join('');
}

class PodSpecHardener {
  public readonly changes: PodSpecChange[] = [];
  public readonly problems = new Problems();
  public readonly acknowledged = new Set<ControlId>();
  private readonly acks: Acknowledgements;

  constructor(public readonly spec: JsonObject, private readonly options: HardenPodSpecOptions, private readonly profile: HardeningProfile) {
    this.acks = options.acknowledgements ?? {};
  }

  public run(): void {
    checkAcknowledgements(this.problems, 'acknowledgements', this.options.acknowledgements);
    // A profile value weaker than the restricted profile's needs its control acknowledged, and an acknowledged
    // control is left as written: the hardener never writes a weaker value than the restricted profile's.
    checkPodSecurityWeakenings(this.problems, this.acks, this.profile.podSecurity);
    this.checkTierRuntime();
    this.hardenPod();
    for (const list of CONTAINER_LISTS) {
      asArray(this.spec[list]).forEach((container, index) => this.hardenContainer([list, index], asObject(container), list));
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
   * Refuses a container left to run as UID 0 under `runAsNonRoot: true` (KH-POD-016 acknowledged, KH-POD-015 not):
   * the kubelet refuses to start it. Reported once per `runAsUser` field, not acknowledgeable.
   */
  private checkRootUnderRunAsNonRoot(): void {
    // (a profile UID 0 without KH-POD-016 is refused already, and is where every UID 0 of the result comes from)
    if (this.profile.podSecurity.runAsUser === 0 && !this.isAcknowledged('KH-POD-016')) return;
    const pod = asObject(this.spec.securityContext);
    const fields = new Set<string>();
    for (const list of CONTAINER_LISTS) {
      asArray(this.spec[list]).forEach((container, index) => {
        const sc = asObject(asObject(container).securityContext);
        const own = sc.runAsUser !== undefined && sc.runAsUser !== null;
        if ((own ? sc.runAsUser : pod.runAsUser) === 0 && (sc.runAsNonRoot ?? pod.runAsNonRoot) === true) {
          fields.add(dottedField(own ? [list, index, 'securityContext', 'runAsUser'] : ['securityContext', 'runAsUser']));
        }
      });
    }
    for (const field of fields) {
      this.problems.add(field, 0, 'runs as root while runAsNonRoot is true (the kubelet refuses to start the container)',
        'use a non-zero UID, or acknowledge KH-POD-015 as well and leave runAsNonRoot unset or false.');
    }
  }

  private hardenPod(): void {
    const ps = this.profile.podSecurity;
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (this.spec[field] === true) this.set([field], false, 'KH-POD-002');
    }
    if (this.spec.automountServiceAccountToken !== false) this.set(['automountServiceAccountToken'], ps.automountServiceAccountToken, 'KH-WKL-005');

    const sc = asObject(this.spec.securityContext);
    const target = podSecurityContext(this.profile);
    if (sc.runAsNonRoot !== true) this.set(['securityContext', 'runAsNonRoot'], target.runAsNonRoot, 'KH-POD-015');
    if (sc.runAsUser === undefined || sc.runAsUser === 0) this.set(['securityContext', 'runAsUser'], target.runAsUser, 'KH-POD-016');
    if (sc.runAsGroup === undefined || sc.runAsGroup === 0) this.set(['securityContext', 'runAsGroup'], target.runAsGroup, 'KH-POD-020');
    if (sc.fsGroup === undefined || sc.fsGroup === 0) this.set(['securityContext', 'fsGroup'], target.fsGroup, 'KH-POD-020');
    if (!ALLOWED_SECCOMP.includes(asObject(sc.seccompProfile).type as string)) {
      this.set(['securityContext', 'seccompProfile'], target.seccompProfile, 'KH-POD-017');
    }
    this.hardenCommonContext(['securityContext'], sc);
    asArray(sc.sysctls).forEach((sysctl, i) => {
      const name = asObject(sysctl).name;
      if (!SAFE_SYSCTLS.includes(name as string)) {
        this.problem(['securityContext', 'sysctls', i, 'name'], name, 'KH-POD-012', 'is not a safe sysctl', `use only ${SAFE_SYSCTLS.join(', ')}`);
      }
    });

    asArray(this.spec.volumes).forEach((volume, i) => {
      const v = asObject(volume);
      const type = Object.keys(v).find((key) => key !== 'name');
      if (type === 'hostPath') {
        this.problem(['volumes', i, 'hostPath'], v.hostPath, 'KH-POD-005', 'is a hostPath volume', 'use an emptyDir, a persistentVolumeClaim or a csi volume');
      } else if (type !== undefined && !RESTRICTED_VOLUME_TYPES.includes(type)) {
        this.problem(['volumes', i, type], v[type], 'KH-POD-013', `is a ${type} volume, not allowed by Pod Security restricted`,
          `use one of ${RESTRICTED_VOLUME_TYPES.join(', ')} (a persistentVolumeClaim can be backed by any storage)`);
      }
    });

    const tier = this.options.sensitivity === undefined ? undefined : this.profile.tiers[this.options.sensitivity];
    if (tier !== undefined) {
      if (tier.runtime !== 'runc' && this.spec.runtimeClassName === undefined) {
        this.set(['runtimeClassName'], this.profile.runtimeClasses[tier.runtime].name, 'KH-SBX-001');
      }
      if (this.spec.priorityClassName === undefined) this.set(['priorityClassName'], tier.priorityClassName, 'KH-WKL-007');
    }
  }

  private hardenContainer(at: (string | number)[], c: JsonObject, list: typeof CONTAINER_LISTS[number]): void {
    const ps = this.profile.podSecurity;
    const pod = podSecurityContext(this.profile);
    const target = containerSecurityContext(this.profile);
    const scPath = [...at, 'securityContext'];
    const sc = asObject(c.securityContext);
    if (sc.allowPrivilegeEscalation !== false) this.set([...scPath, 'allowPrivilegeEscalation'], target.allowPrivilegeEscalation, 'KH-POD-014');
    if (sc.privileged !== false) this.set([...scPath, 'privileged'], target.privileged, 'KH-POD-003');
    if (sc.runAsNonRoot === false) this.set([...scPath, 'runAsNonRoot'], target.runAsNonRoot, 'KH-POD-015');
    if (sc.runAsUser === 0) this.set([...scPath, 'runAsUser'], pod.runAsUser, 'KH-POD-016');
    if (sc.runAsGroup === 0) this.set([...scPath, 'runAsGroup'], pod.runAsGroup, 'KH-POD-020');
    if (sc.seccompProfile !== undefined && !ALLOWED_SECCOMP.includes(asObject(sc.seccompProfile).type as string)) {
      this.set([...scPath, 'seccompProfile'], pod.seccompProfile, 'KH-POD-017');
    }
    // (a value is judged against the restricted profile, so that a weaker profile's acknowledgement is recorded where
    // the author's value is as weak as the profile's; the profile's value is what is written)
    if (sc.readOnlyRootFilesystem !== RESTRICTED.readOnlyRootFilesystem) {
      this.set([...scPath, 'readOnlyRootFilesystem'], target.readOnlyRootFilesystem, 'KH-POD-019');
    }
    if (sc.procMount !== undefined && sc.procMount !== 'Default') this.set([...scPath, 'procMount'], 'Default', 'KH-POD-010');
    this.hardenCommonContext(scPath, sc);

    const caps = asObject(sc.capabilities);
    const drop = asArray(caps.drop);
    const targetDrop = asArray(asObject(target.capabilities).drop);
    const dropped = (cap: Json): boolean => drop.includes(cap) || drop.includes('ALL');
    if (![...RESTRICTED.dropCapabilities, ...targetDrop].every(dropped)) this.set([...scPath, 'capabilities', 'drop'], targetDrop, 'KH-POD-018');
    asArray(caps.add).forEach((cap, i) => {
      if (cap !== NET_BIND_SERVICE) {
        this.problem([...scPath, 'capabilities', 'add', i], cap, 'KH-POD-018', 'adds a capability Pod Security restricted forbids',
          `add only ${NET_BIND_SERVICE}, or change the image so it does not need ${String(cap)}`);
      }
    });

    asArray(c.ports).forEach((port, i) => {
      const hostPort = asObject(port).hostPort;
      if (hostPort !== undefined && hostPort !== 0) {
        this.problem([...at, 'ports', i, 'hostPort'], hostPort, 'KH-POD-006', 'binds a host port', 'remove hostPort and expose the port with a Service');
      }
    });
    for (const probe of PROBES) this.checkHandlerHosts([...at, probe], asObject(c[probe]));
    for (const hook of ['postStart', 'preStop']) this.checkHandlerHosts([...at, 'lifecycle', hook], asObject(asObject(c.lifecycle)[hook]));

    if (c.imagePullPolicy !== RESTRICTED.imagePullPolicy) this.set([...at, 'imagePullPolicy'], ps.imagePullPolicy, 'KH-IMG-005');
    if (list !== 'ephemeralContainers') this.fillResources(at, c);
  }

  /** Checks shared by pod and container security contexts. */
  private hardenCommonContext(scPath: (string | number)[], sc: JsonObject): void {
    if (asObject(sc.windowsOptions).hostProcess === true) this.set([...scPath, 'windowsOptions', 'hostProcess'], false, 'KH-POD-001');
    if (sc.appArmorProfile !== undefined && !ALLOWED_SECCOMP.includes(asObject(sc.appArmorProfile).type as string)) {
      this.set([...scPath, 'appArmorProfile'], { type: 'RuntimeDefault' }, 'KH-POD-008');
    }
    const se = asObject(sc.seLinuxOptions);
    if ((se.type !== undefined && !ALLOWED_SELINUX_TYPES.includes(se.type as string)) || nonEmpty(se.user) || nonEmpty(se.role)) {
      this.problem([...scPath, 'seLinuxOptions'], sc.seLinuxOptions, 'KH-POD-009', 'uses a custom SELinux type, user or role',
        `use type ${ALLOWED_SELINUX_TYPES.filter(Boolean).join(', ')} and no user or role`);
    }
  }

  private checkHandlerHosts(at: (string | number)[], handler: JsonObject): void {
    for (const kind of ['httpGet', 'tcpSocket']) {
      const host = asObject(handler[kind]).host;
      if (nonEmpty(host)) {
        this.problem([...at, kind, 'host'], host, 'KH-POD-007', 'sends the kubelet to another host', 'remove host: the kubelet then probes the pod IP');
      }
    }
  }

  private fillResources(at: (string | number)[], c: JsonObject): void {
    const tier = this.profile.tiers[this.options.sensitivity ?? this.profile.defaultSensitivity];
    const resources = asObject(c.resources);
    for (const kind of ['requests', 'limits'] as const) {
      for (const quantity of ['cpu', 'memory'] as const) {
        if (asObject(resources[kind])[quantity] === undefined) {
          this.set([...at, 'resources', kind, quantity], tier.resources[kind][quantity], 'KH-WKL-001');
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
        asArray(this.spec[list]).forEach((container, index) => {
          const mounts = asArray(asObject(container).volumeMounts);
          if (!mounts.some((m) => asObject(m).mountPath === mount.mountPath)) {
            this.ensureVolume({ ...volume, name });
            this.set([list, index, 'volumeMounts', mounts.length], { ...mount, name }, 'KH-POD-019');
          }
        });
      }
    }
  }

  /** `name`, unless a volume that is not an emptyDir already has it (then `kube-harden-<name>`). */
  private volumeName(name: string): string {
    const existing = asArray(this.spec.volumes).map(asObject).find((v) => v.name === name);
    return existing === undefined || existing.emptyDir !== undefined ? name : `kube-harden-${name}`;
  }

  private ensureVolume(volume: JsonObject): void {
    const volumes = asArray(this.spec.volumes);
    if (!volumes.some((v) => asObject(v).name === volume.name)) {
      this.set(['volumes', volumes.length], volume, 'KH-POD-019');
    }
  }

  private isAcknowledged(control: ControlId): boolean {
    return this.acks[control] !== undefined;
  }

  /** Sets the value at `segments` (creating parents); the change is recorded at the highest missing ancestor. */
  private set(segments: (string | number)[], value: Json, control: ControlId): void {
    if (this.isAcknowledged(control)) {
      this.acknowledged.add(control);
      return;
    }
    let node: JsonObject | Json[] = this.spec;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i];
      const last = i === segments.length - 1;
      const current = (node as JsonObject)[key as string];
      if (last || current === undefined) {
        const to = last ? value : buildPath(segments.slice(i + 1), value);
        this.changes.push(withFrom(jsonPointer(segments.slice(0, i + 1)), current, cloneJson(to), control));
        if (Array.isArray(node) && typeof key === 'number' && key === node.length) node.push(to);
        else (node as JsonObject)[key as string] = to;
        return;
      }
      node = current as JsonObject;
    }
  }

  private problem(segments: (string | number)[], value: Json, control: ControlId, message: string, fix: string): void {
    if (this.isAcknowledged(control)) {
      this.acknowledged.add(control);
      return;
    }
    this.problems.add(dottedField(segments), value, `${message} (${control})`, `${fix}; or acknowledge ${control} with a reason.`);
  }
}

function withFrom(path: string, from: Json, to: Json, control: ControlId): PodSpecChange {
  return from === undefined ? { path, to, control } : { path, from: cloneJson(from), to, control };
}

function buildPath(rest: readonly (string | number)[], value: Json): Json {
  return rest.reduceRight<Json>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value);
}

function dottedField(segments: readonly (string | number)[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${s}`)).join('');
}

function asObject(value: Json): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as JsonObject : {};
}

function asArray(value: Json): Json[] {
  return Array.isArray(value) ? value : [];
}

function nonEmpty(value: Json): boolean {
  return value !== undefined && value !== null && value !== '';
}
