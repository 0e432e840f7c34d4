/**
 * The runtime detections of guide §3.2 and §5 as data, and their Tetragon and Falco forms.
 * Tetragon sees only processes on the host kernel (runc pods); Falco rules also serve gVisor pods through gVisor's
 * runtime-monitoring sink. Field facts: reference.md §6.
 */

/** Shells whose start inside a container is suspicious. */
export const SHELL_BINARIES: readonly string[] = ['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'csh', 'tcsh', 'busybox'];

/** Package managers that must not run in a running container (images are immutable). */
export const PACKAGE_MANAGERS: readonly string[] = ['apt', 'apt-get', 'dpkg', 'yum', 'dnf', 'rpm', 'apk', 'zypper', 'pip', 'pip3', 'npm', 'gem'];

/** Paths a container must not write below. */
export const SENSITIVE_WRITE_PREFIXES: readonly string[] = ['/etc/', '/bin/', '/sbin/', '/usr/bin/', '/usr/sbin/', '/lib/', '/usr/lib/', '/boot/', '/root/'];

/** Where the service-account token is mounted (`/var/run` is usually a link to `/run`, which the kernel reports). */
export const SERVICE_ACCOUNT_TOKEN_PREFIXES: readonly string[] = ['/run/secrets/kubernetes.io/serviceaccount/', '/var/run/secrets/kubernetes.io/serviceaccount/'];

/**
 * Programs whose read of the service-account token is suspicious: shells and the tools an intruder uses to read or
 * ship a file. The workload's own binary (client-go re-reads its token every minute) and the chaos probe (`node`)
 * are not among them; a read by any process whose parent is a shell is reported too.
 */
export const TOKEN_READER_TOOLS: readonly string[] = [...SHELL_BINARIES, 'cat', 'head', 'tail', 'less', 'more', 'base64', 'xxd', 'od', 'dd', 'cp', 'tar', 'curl', 'wget', 'nc', 'ncat', 'socat', 'python', 'python3', 'perl', 'ruby', 'kubectl'];

/** Events of one kind from one process are reported at most once per interval (Tetragon `rateLimit`). */
const RATE_LIMIT = '1m';

/** Tetragon's selector for "not the host": processes in a container's PID namespace. */
const IN_CONTAINER = [{ namespace: 'Pid', operator: 'NotIn', values: ['host_ns'] }];

/** `MAY_WRITE` and `MAY_READ` masks of `security_file_permission`'s second argument. */
const MAY_WRITE = '2';
const MAY_READ = '4';

type Action = Record<string, unknown>;

/** Tetragon kprobe on `security_bprm_check` (arg 0 = the binary about to run) with the given selectors. */
export function execKprobe(selectors: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { call: 'security_bprm_check', syscall: false, args: [{ index: 0, type: 'linux_binprm' }], selectors };
}

/** Tetragon matchArgs for executables: absolute paths match exactly, bare names match as `/<name>` suffix. */
export function executableSelectors(executables: readonly string[], actions: readonly Action[]): Record<string, unknown>[] {
  const paths = executables.filter((e) => e.startsWith('/'));
  const names = executables.filter((e) => !e.startsWith('/')).map((e) => `/${e}`);
  const selector = (operator: string, values: string[]): Record<string, unknown> =>
    ({ matchArgs: [{ index: 0, operator, values }], matchNamespaces: IN_CONTAINER, matchActions: actions });
  const selectors: Record<string, unknown>[] = [];
  if (paths.length > 0) selectors.push(selector('Equal', paths));
  if (names.length > 0) selectors.push(selector('Postfix', names));
  return selectors;
}

/** The cluster-wide Tetragon kprobes: shell, package manager, sensitive writes, token reads, setuid and capability gain. */
export function clusterKprobes(): Record<string, unknown>[] {
  const post = [{ action: 'Post' }];
  return [
    execKprobe([
      ...executableSelectors(SHELL_BINARIES, post),
      ...executableSelectors(PACKAGE_MANAGERS, post),
    ]),
    {
      call: 'security_file_permission',
      syscall: false,
      args: [{ index: 0, type: 'file' }, { index: 1, type: 'int' }],
      selectors: [
        { matchArgs: [{ index: 0, operator: 'Prefix', values: [...SENSITIVE_WRITE_PREFIXES] }, { index: 1, operator: 'Mask', values: [MAY_WRITE] }], matchNamespaces: IN_CONTAINER, matchActions: post },
        ...tokenReadSelectors(),
      ],
    },
    ...['__sys_setuid', '__sys_setgid'].map((call) => ({
      call,
      syscall: false,
      args: [{ index: 0, type: 'int' }],
      selectors: [{ matchArgs: [{ index: 0, operator: 'Equal', values: ['0'] }], matchNamespaces: IN_CONTAINER, matchActions: post }],
    })),
    capabilityGainKprobe(),
  ];
}

/**
 * Token reads (`security_file_permission` with MAY_READ below the token directory) by a shell or a file tool, or by
 * any process a shell started; at most one event per process a minute.
 */
function tokenReadSelectors(): Record<string, unknown>[] {
  const token = [{ index: 0, operator: 'Prefix', values: [...SERVICE_ACCOUNT_TOKEN_PREFIXES] }, { index: 1, operator: 'Mask', values: [MAY_READ] }];
  const actions = [{ action: 'Post', rateLimit: RATE_LIMIT }];
  const suffixes = (names: readonly string[]) => names.map((n) => `/${n}`);
  return [
    { matchArgs: token, matchBinaries: [{ operator: 'Postfix', values: suffixes(TOKEN_READER_TOOLS) }], matchNamespaces: IN_CONTAINER, matchActions: actions },
    { matchArgs: token, matchParentBinaries: [{ operator: 'Postfix', values: suffixes(SHELL_BINARIES) }], matchNamespaces: IN_CONTAINER, matchActions: actions },
  ];
}

/**
 * A process gains capabilities through `capset(2)`: `security_capset(new, old, effective, ...)` compares the old
 * credentials' effective set with the new one while both are known, with Tetragon's `CapabilitiesGained` operator
 * (Tetragon ≥ 1.5, as in its own test `pkg/sensors/tracing/kprobe_test.go` testCapabilitiesGained). Matching
 * capability changes at `commit_creds` entry compared creds not installed yet. Gains through a set-user-ID or
 * file-capability exec are reported by the exec and `__sys_setuid` hooks.
 */
function capabilityGainKprobe(): Record<string, unknown> {
  return {
    call: 'security_capset',
    syscall: false,
    args: [{ index: 1, type: 'cap_effective', resolve: 'cap_effective' }, { index: 2, type: 'cap_effective' }],
    selectors: [{
      matchArgs: [{ args: [0, 1], operator: 'CapabilitiesGained' }],
      matchNamespaces: IN_CONTAINER,
      matchActions: [{ action: 'Post', rateLimit: RATE_LIMIT }],
    }],
  };
}

/** One Falco rules-file item (`list`, `macro` or `rule`). */
export type FalcoItem = Record<string, unknown>;

/** Falco list, with a name. */
export function falcoList(name: string, items: readonly string[]): FalcoItem {
  return { list: name, items: [...items] };
}

/** Falco rule with every required key. */
export function falcoRule(rule: string, desc: string, condition: string, output: string, priority: string, tags: readonly string[]): FalcoItem {
  return { rule, desc, condition, output, priority, tags: [...tags] };
}

/** Our own macros (prefixed, so they never clash with Falco's default rules). */
export const FALCO_MACROS: readonly FalcoItem[] = [
  { macro: 'kh_spawned_process', condition: 'evt.type in (execve, execveat) and evt.dir = <' },
  { macro: 'kh_container', condition: 'container.id != host' },
  { macro: 'kh_open_write', condition: 'evt.type in (open, openat, openat2) and evt.is_open_write = true and fd.typechar = f and fd.num >= 0' },
  { macro: 'kh_open_read', condition: 'evt.type in (open, openat, openat2) and evt.is_open_read = true and fd.typechar = f and fd.num >= 0' },
];

const OUTPUT_PROC = 'exe=%proc.exepath cmd=%proc.cmdline user=%user.uid ns=%k8s.ns.name pod=%k8s.pod.name image=%container.image.repository';

function startsWithAny(field: string, prefixes: readonly string[]): string {
  return `(${prefixes.map((p) => `${field} startswith ${p}`).join(' or ')})`;
}

/** The cluster-wide Falco rules (the same detections as {@link clusterKprobes}). */
export function clusterFalcoRules(priority: string): FalcoItem[] {
  return [
    falcoList('kh_shell_binaries', SHELL_BINARIES),
    falcoList('kh_package_managers', PACKAGE_MANAGERS),
    falcoRule('kube-harden shell in container', 'A shell was started inside a container.',
      'kh_spawned_process and kh_container and proc.name in (kh_shell_binaries)',
      `shell started in container (${OUTPUT_PROC})`, priority, ['container', 'shell', 'mitre_execution', 'mlps_8.1.4.4']),
    falcoRule('kube-harden package manager in container', 'A package manager ran inside a running container (images are immutable).',
      'kh_spawned_process and kh_container and proc.name in (kh_package_managers)',
      `package manager in container (${OUTPUT_PROC})`, priority, ['container', 'mitre_persistence', 'mlps_8.1.4.5']),
    falcoRule('kube-harden write below sensitive directory', 'A container wrote below /etc or another system directory.',
      `kh_open_write and kh_container and ${startsWithAny('fd.name', SENSITIVE_WRITE_PREFIXES)}`,
      `sensitive write (file=%fd.name ${OUTPUT_PROC})`, priority, ['container', 'filesystem', 'mitre_persistence', 'mlps_8.1.4.5']),
    falcoList('kh_token_reader_tools', TOKEN_READER_TOOLS),
    falcoRule('kube-harden service account token read', 'A shell, a file tool, or a process started by a shell read the Kubernetes service-account token.',
      `kh_open_read and kh_container and ${startsWithAny('fd.name', SERVICE_ACCOUNT_TOKEN_PREFIXES)} and (proc.name in (kh_token_reader_tools) or proc.pname in (kh_shell_binaries))`,
      `service-account token read (file=%fd.name ${OUTPUT_PROC})`, priority, ['container', 'k8s', 'mitre_credential_access', 'mlps_8.1.4.2']),
    falcoRule('kube-harden privilege escalation', 'A container process changed its user or group ids or its capabilities.',
      'kh_container and evt.dir = < and evt.type in (setuid, setreuid, setresuid, setgid, setregid, setresgid, capset)',
      `privilege change (syscall=%evt.type args=%evt.args ${OUTPUT_PROC})`, priority, ['container', 'mitre_privilege_escalation', 'mlps_8.1.4.4']),
  ];
}
