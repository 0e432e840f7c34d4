import { HardeningProfile } from './profile';

/**
 * Pod and container `securityContext` builders for Pod Security Standards *restricted*, with explicit values
 * (reference.md §1: PSA reads only the spec, so nothing is left to runtime defaults).
 */

/** The only capability PSS restricted lets a container add back. */
export const NET_BIND_SERVICE = 'NET_BIND_SERVICE';

/** PSS baseline's capabilities (reference.md §1.1): adding any other one also weakens KH-POD-004. */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/** Volume types PSS restricted allows (reference.md §1.2, `restrictedVolumes`). */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
];

/** Identity and filesystem choices that may differ from the profile (each a weakening when it does). */
export interface PodSecurityOverrides {
  /**
   * Numeric UID the containers run as.
   * @default - the profile's `podSecurity.runAsUser` (10001)
   * @asType integer
   * @minimum 0
   * @maximum 2147483647
   */
  readonly runAsUser?: number;
  /**
   * Numeric GID the containers run as.
   * @default - the profile's `podSecurity.runAsGroup` (10001)
   * @asType integer
   * @minimum 0
   * @maximum 2147483647
   */
  readonly runAsGroup?: number;
  /**
   * GID that owns mounted volumes.
   * @default - the profile's `podSecurity.fsGroup` (10001)
   * @asType integer
   * @minimum 0
   * @maximum 2147483647
   */
  readonly fsGroup?: number;
  /**
   * Whether the kubelet refuses to start a container that would run as UID 0.
   * @default true
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Whether the container's root filesystem is read-only.
   * @default - the profile's `podSecurity.readOnlyRootFilesystem` (true)
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Capabilities added back after dropping ALL (besides `NET_BIND_SERVICE`, which is added by itself
   * when a port below 1024 is declared).
   * @default []
   */
  readonly addCapabilities?: readonly string[];
}

/** The pod-level `securityContext`: non-root numeric identity, `fsGroup` and seccomp `RuntimeDefault`. */
export function podSecurityContext(profile: HardeningProfile, overrides: PodSecurityOverrides = {}): Record<string, unknown> {
  const security = profile.podSecurity;
  return {
    runAsNonRoot: overrides.runAsNonRoot ?? true,
    runAsUser: overrides.runAsUser ?? security.runAsUser,
    runAsGroup: overrides.runAsGroup ?? security.runAsGroup,
    fsGroup: overrides.fsGroup ?? security.fsGroup,
    seccompProfile: { type: security.seccompProfileType },
  };
}

/**
 * The container-level `securityContext`: no privilege escalation, not privileged, capabilities drop ALL
 * (adding `NET_BIND_SERVICE` only when `bindsPrivilegedPort`), read-only root filesystem.
 */
export function containerSecurityContext(
  profile: HardeningProfile,
  overrides: PodSecurityOverrides = {},
  bindsPrivilegedPort = false,
): Record<string, unknown> {
  const add = [...(bindsPrivilegedPort ? [NET_BIND_SERVICE] : []), ...(overrides.addCapabilities ?? [])];
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    runAsNonRoot: overrides.runAsNonRoot ?? true,
    readOnlyRootFilesystem: overrides.readOnlyRootFilesystem ?? profile.podSecurity.readOnlyRootFilesystem,
    capabilities: {
      drop: [...profile.podSecurity.dropCapabilities],
      add: add.length > 0 ? [...new Set(add)] : undefined,
    },
  };
}

/** Whether any of `ports` is below 1024, so the container needs `NET_BIND_SERVICE` to bind it. */
export function needsNetBindService(ports: readonly number[]): boolean {
  return ports.some((port) => port < 1024);
}

/** An `emptyDir` volume and its mount for one writable path. */
export interface WritableMount {
  /** The pod volume (`{ name, emptyDir: {} }`). */
  readonly volume: Record<string, unknown>;
  /** The container volume mount (`{ name, mountPath }`). */
  readonly mount: Record<string, unknown>;
}

/**
 * `emptyDir` volumes and mounts for the profile's writable paths (`/tmp`) plus `extraPaths`, deduplicated,
 * named `writable-<n>` in order so the names are stable.
 */
export function writableMounts(profile: HardeningProfile, extraPaths: readonly string[] = []): WritableMount[] {
  const paths = [...new Set([...profile.podSecurity.writablePaths, ...extraPaths])];
  return paths.map((mountPath, index) => {
    const name = `writable-${index}`;
    return { volume: { name, emptyDir: {} }, mount: { name, mountPath } };
  });
}
