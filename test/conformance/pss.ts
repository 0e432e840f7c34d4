/**
 * A check of a pod spec against every Pod Security Standards baseline and restricted control listed in
 * reference.md §1 (policy version latest). Reusable from any test:
 * ```ts
 * import { expectPssRestricted, pssViolations } from '../conformance/pss';
 * expectPssRestricted(objects);                 // every pod template in `objects` must pass
 * expect(pssViolations(podSpec)).toEqual([]);   // or inspect one pod spec
 * ```
 */

type Json = Record<string, any>;

/** Capabilities PSS baseline lets a container add (NET_RAW is not among them). */
const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
/** Sysctls PSS baseline allows, up to policy v1.37. */
const SAFE_SYSCTLS = new Set(['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem', 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image',
  'persistentVolumeClaim', 'projected', 'secret']);

function containersOf(spec: Json): Array<[string, Json]> {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const)
    .flatMap((list) => ((spec[list] ?? []) as Json[]).map((c, i): [string, Json] => [`${list}[${i}]`, c]));
}

/**
 * Every PSS baseline and restricted violation in a pod spec (and its template annotations), one line each,
 * naming the check id of reference.md §1 and the field.
 */
export function pssViolations(spec: Json, annotations: Readonly<Record<string, string>> = {}): string[] {
  const v: string[] = [];
  const pod: Json = spec.securityContext ?? {};
  const hostUsersOff = spec.hostUsers === false;
  const add = (check: string, field: string, value: unknown) => v.push(`${check}: ${field} = ${JSON.stringify(value)}`);

  // Baseline
  if (pod.windowsOptions?.hostProcess === true) add('windowsHostProcess', 'securityContext.windowsOptions.hostProcess', true);
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[ns] === true) add('hostNamespaces', ns, true);
  for (const vol of (spec.volumes ?? []) as Json[]) {
    if (vol.hostPath !== undefined) add('hostPathVolumes', `volumes.${vol.name}.hostPath`, vol.hostPath);
    const types = Object.keys(vol).filter((k) => k !== 'name');
    for (const t of types) if (!RESTRICTED_VOLUMES.has(t)) add('restrictedVolumes', `volumes.${vol.name}`, t);
  }
  const checkAppArmor = (field: string, sc: Json | undefined) => {
    const type = sc?.appArmorProfile?.type;
    if (type !== undefined && type !== 'RuntimeDefault' && type !== 'Localhost') add('appArmorProfile', field, type);
  };
  const checkSelinux = (field: string, sc: Json | undefined) => {
    const o = sc?.seLinuxOptions;
    if (o === undefined) return;
    if (o.type !== undefined && !SELINUX_TYPES.has(o.type)) add('seLinuxOptions', `${field}.type`, o.type);
    if (o.user) add('seLinuxOptions', `${field}.user`, o.user);
    if (o.role) add('seLinuxOptions', `${field}.role`, o.role);
  };
  checkAppArmor('securityContext.appArmorProfile', pod);
  checkSelinux('securityContext.seLinuxOptions', pod);
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith('container.apparmor.security.beta.kubernetes.io/') && value !== '' && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      add('appArmorProfile', `annotations.${key}`, value);
    }
  }
  for (const s of (pod.sysctls ?? []) as Json[]) if (!SAFE_SYSCTLS.has(s.name)) add('sysctls', 'securityContext.sysctls', s.name);
  const podSeccomp = pod.seccompProfile?.type;
  if (podSeccomp === 'Unconfined') add('seccompProfile_baseline', 'securityContext.seccompProfile.type', podSeccomp);

  // Restricted (pod level)
  const podNonRoot = pod.runAsNonRoot === true;
  if (pod.runAsNonRoot === false && !hostUsersOff) add('runAsNonRoot', 'securityContext.runAsNonRoot', false);
  if (pod.runAsUser === 0 && !hostUsersOff) add('runAsUser', 'securityContext.runAsUser', 0);
  const podSeccompSet = podSeccomp === 'RuntimeDefault' || podSeccomp === 'Localhost';

  for (const [where, c] of containersOf(spec)) {
    const sc: Json = c.securityContext ?? {};
    if (sc.windowsOptions?.hostProcess === true) add('windowsHostProcess', `${where}.securityContext.windowsOptions.hostProcess`, true);
    if (sc.privileged === true) add('privileged', `${where}.securityContext.privileged`, true);
    for (const cap of (sc.capabilities?.add ?? []) as string[]) {
      if (!BASELINE_CAPABILITIES.has(cap)) add('capabilities_baseline', `${where}.securityContext.capabilities.add`, cap);
      if (cap !== 'NET_BIND_SERVICE') add('capabilities_restricted', `${where}.securityContext.capabilities.add`, cap);
    }
    if (!((sc.capabilities?.drop ?? []) as string[]).includes('ALL')) {
      add('capabilities_restricted', `${where}.securityContext.capabilities.drop`, sc.capabilities?.drop);
    }
    for (const p of (c.ports ?? []) as Json[]) {
      if (p.hostPort !== undefined && p.hostPort !== 0) add('hostPorts', `${where}.ports.hostPort`, p.hostPort);
    }
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      for (const handler of ['httpGet', 'tcpSocket']) {
        const host = c[probe]?.[handler]?.host;
        if (host !== undefined && host !== '') add('hostProbesAndHostLifecycle', `${where}.${probe}.${handler}.host`, host);
      }
    }
    for (const hook of ['postStart', 'preStop']) {
      for (const handler of ['httpGet', 'tcpSocket']) {
        const host = c.lifecycle?.[hook]?.[handler]?.host;
        if (host !== undefined && host !== '') add('hostProbesAndHostLifecycle', `${where}.lifecycle.${hook}.${handler}.host`, host);
      }
    }
    checkAppArmor(`${where}.securityContext.appArmorProfile`, sc);
    checkSelinux(`${where}.securityContext.seLinuxOptions`, sc);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') add('procMount', `${where}.securityContext.procMount`, sc.procMount);
    const seccomp = sc.seccompProfile?.type;
    if (seccomp === 'Unconfined') add('seccompProfile_baseline', `${where}.securityContext.seccompProfile.type`, seccomp);
    if (!(seccomp === 'RuntimeDefault' || seccomp === 'Localhost' || (seccomp === undefined && podSeccompSet))) {
      add('seccompProfile_restricted', `${where}.securityContext.seccompProfile.type`, seccomp ?? podSeccomp);
    }
    if (sc.allowPrivilegeEscalation !== false) add('allowPrivilegeEscalation', `${where}.securityContext.allowPrivilegeEscalation`, sc.allowPrivilegeEscalation);
    if (!hostUsersOff && !(sc.runAsNonRoot === true || (sc.runAsNonRoot === undefined && podNonRoot))) {
      add('runAsNonRoot', `${where}.securityContext.runAsNonRoot`, sc.runAsNonRoot);
    }
    if (!hostUsersOff && sc.runAsUser === 0) add('runAsUser', `${where}.securityContext.runAsUser`, 0);
  }
  return v;
}

/** The pod templates (spec and annotations) of every workload object in `objects`, named by kind and name. */
export function podTemplatesOf(objects: readonly Json[]): Array<{ name: string; spec: Json; annotations: Record<string, string> }> {
  const templates: Array<{ name: string; spec: Json; annotations: Record<string, string> }> = [];
  for (const obj of objects) {
    const template = obj.kind === 'Pod' ? obj
      : obj.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec?.template
        : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(obj.kind) ? obj.spec?.template : undefined;
    if (template?.spec) {
      templates.push({ name: `${obj.kind} ${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`, spec: template.spec, annotations: template.metadata?.annotations ?? {} });
    }
  }
  return templates;
}

/** Fails the test, listing each violation, unless every pod template in `objects` meets PSS restricted. */
export function expectPssRestricted(objects: readonly Json[]): void {
  const violations = podTemplatesOf(objects).flatMap((t) => pssViolations(t.spec, t.annotations).map((line) => `${t.name}: ${line}`));
  expect(violations).toEqual([]);
}
