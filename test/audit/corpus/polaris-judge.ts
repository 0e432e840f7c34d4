/**
 * An independent Polaris-style judge for the score calibration test. It shares no code with the audit engine: it reads
 * the manifests itself and applies Polaris' default checks at Polaris' default severities, then scores like Polaris.
 *
 * - Checks and severities: FairwindsOps/polaris `pkg/config/default.yaml` (`checks:`; `danger` or `warning`).
 * - What each check asks: FairwindsOps/polaris `checks/*.yaml` (e.g. `runAsRootAllowed.yaml`: runAsNonRoot true or
 *   runAsUser ≥ 1 at pod or container level; `tagNotSpecified.yaml`: `^.+:.+$` and not `:latest`;
 *   `insecureCapabilities.yaml`: drop ALL (or the listed set); `dangerousCapabilities.yaml`: no ALL, SYS_ADMIN,
 *   NET_ADMIN added; `privilegeEscalationAllowed.yaml`: allowPrivilegeEscalation not true;
 *   `livenessProbeMissing.yaml`: not for Job/CronJob, not for init containers; `deploymentMissingReplicas.yaml`:
 *   Deployment replicas ≥ 2; `automountServiceAccountToken.yaml`: serviceAccountName set, automount not true, and the
 *   ServiceAccount disables it unless the pod does; `missingNetworkPolicy.yaml`: a NetworkPolicy selecting the pod
 *   labels with ingress and egress rules; `topologySpreadConstraint.yaml`: a constraint on hostname or zone, not for
 *   Job/CronJob; `metadataAndInstanceMismatched.yaml`: label `app.kubernetes.io/instance` equal to the name).
 * - Score: FairwindsOps/polaris `pkg/validator/summary.go` `GetScore`: 2·successes / (2·successes + warnings +
 *   2·dangers) × 100, truncated.
 *
 * Simplifications (the same for every set): no exemptions, `missingPodDisruptionBudget` accepts any budget of the
 * namespace selecting the pod (Polaris also wants the `<name>-pdb` naming), the RBAC checks judge each role and binding
 * on its own (no cross-object `...PodExecAttach` binding checks), and the HPA, TLS and ConfigMap checks are left out (no
 * set of the corpus has the objects they judge).
 */

type Json = Record<string, any>;

/** Polaris severity of a failed check. */
export type PolarisSeverity = 'danger' | 'warning';

/** One check result. */
export interface PolarisResult {
  readonly check: string;
  readonly severity: PolarisSeverity;
  readonly success: boolean;
  readonly object: string;
}

const CONTROLLERS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController', 'Pod'];
const INSECURE_CAPABILITIES = ['NET_ADMIN', 'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'];
const SENSITIVE_ENV = /(password|secret|token|api_?key|private_?key)/i;

function template(object: Json): Json | undefined {
  switch (object.kind) {
    case 'Pod': return object;
    case 'CronJob': return object.spec?.jobTemplate?.spec?.template;
    default: return object.spec?.template;
  }
}

function matches(selector: Json | undefined, labels: Json): boolean {
  if (!selector) return false;
  const wanted: Json = selector.matchLabels ?? {};
  return Object.entries(wanted).every(([k, v]) => labels[k] === v) && (selector.matchExpressions ?? []).length === 0;
}

function podChecks(object: Json, pod: Json, labels: Json, all: readonly Json[]): [string, PolarisSeverity, boolean][] {
  const namespace = object.metadata?.namespace;
  const sameNamespace = (kind: string) => all.filter((o) => o.kind === kind && o.metadata?.namespace === namespace);
  const saName: string | undefined = pod.serviceAccountName;
  const sa = sameNamespace('ServiceAccount').find((s) => s.metadata?.name === saName);
  const automountOff = saName !== undefined && pod.automountServiceAccountToken !== true
    && (pod.automountServiceAccountToken === false || sa?.automountServiceAccountToken === false);
  const selects = (p: Json) => Object.keys(p.spec?.podSelector ?? {}).length === 0 || matches(p.spec?.podSelector, labels);
  const networkPolicy = Object.keys(labels).length > 0 && sameNamespace('NetworkPolicy')
    .some((p) => selects(p) && p.spec?.ingress !== undefined && p.spec?.egress !== undefined);
  const checks: [string, PolarisSeverity, boolean][] = [
    ['hostIPCSet', 'danger', pod.hostIPC !== true],
    ['hostPIDSet', 'danger', pod.hostPID !== true],
    ['hostNetworkSet', 'danger', pod.hostNetwork !== true],
    ['hostPathSet', 'warning', !(pod.volumes ?? []).some((v: Json) => v.hostPath !== undefined)],
    ['automountServiceAccountToken', 'warning', automountOff],
    ['priorityClassNotSet', 'warning', typeof pod.priorityClassName === 'string' && pod.priorityClassName !== ''],
    ['missingNetworkPolicy', 'warning', networkPolicy],
  ];
  if (object.kind !== 'Job' && object.kind !== 'CronJob') {
    const spread = (pod.topologySpreadConstraints ?? []) as Json[];
    checks.push(['topologySpreadConstraint', 'warning', spread.length > 0
      && spread.every((c) => c.topologyKey === undefined || ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].includes(c.topologyKey))]);
  }
  checks.push(['metadataAndInstanceMismatched', 'warning', object.metadata?.labels?.['app.kubernetes.io/instance'] === object.metadata?.name]);
  if (object.kind === 'Deployment') {
    checks.push(['deploymentMissingReplicas', 'warning', typeof object.spec?.replicas === 'number' && object.spec.replicas >= 2]);
    checks.push(['missingPodDisruptionBudget', 'warning', sameNamespace('PodDisruptionBudget').some((b) => matches(b.spec?.selector, labels))]);
  }
  return checks;
}

function containerChecks(object: Json, pod: Json, container: Json, init: boolean): [string, PolarisSeverity, boolean][] {
  const sc: Json = container.securityContext ?? {};
  const podSc: Json = pod.securityContext ?? {};
  const good = (c: Json) => c.runAsNonRoot === true || (typeof c.runAsUser === 'number' && c.runAsUser >= 1);
  const notBad = (c: Json) => c.runAsNonRoot !== false && !(typeof c.runAsUser === 'number' && c.runAsUser < 1);
  const resources: Json = container.resources ?? {};
  const drop: string[] = (sc.capabilities?.drop ?? []).map((c: string) => c.toUpperCase());
  const add: string[] = (sc.capabilities?.add ?? []).map((c: string) => c.toUpperCase());
  const seccomp = (c: Json) => c.seccompProfile?.type !== undefined && c.seccompProfile.type !== 'Unconfined';
  const image = String(container.image ?? '');
  const checks: [string, PolarisSeverity, boolean][] = [
    ['tagNotSpecified', 'danger', /^.+:.+$/.test(image) && !/^.+:latest$/.test(image)],
    ['pullPolicyNotAlways', 'warning', container.imagePullPolicy === 'Always'],
    ['cpuRequestsMissing', 'warning', resources.requests?.cpu !== undefined],
    ['cpuLimitsMissing', 'warning', resources.limits?.cpu !== undefined],
    ['memoryRequestsMissing', 'warning', resources.requests?.memory !== undefined],
    ['memoryLimitsMissing', 'warning', resources.limits?.memory !== undefined],
    ['notReadOnlyRootFilesystem', 'warning', sc.readOnlyRootFilesystem === true],
    ['privilegeEscalationAllowed', 'danger', sc.allowPrivilegeEscalation !== true],
    ['runAsRootAllowed', 'danger', (good(podSc) && notBad(sc)) || good(sc)],
    ['runAsPrivileged', 'danger', sc.privileged !== true],
    ['dangerousCapabilities', 'danger', !add.some((c) => ['ALL', 'SYS_ADMIN', 'NET_ADMIN'].includes(c))],
    ['insecureCapabilities', 'warning', drop.includes('ALL') || INSECURE_CAPABILITIES.every((c) => drop.includes(c))],
    ['hostPortSet', 'warning', !(container.ports ?? []).some((p: Json) => p.hostPort !== undefined && p.hostPort !== 0)],
    ['linuxHardening', 'warning', seccomp(sc) || seccomp(podSc) || sc.seLinuxOptions !== undefined || podSc.seLinuxOptions !== undefined || drop.length > 0],
    ['sensitiveContainerEnvVar', 'danger', !(container.env ?? []).some((e: Json) => SENSITIVE_ENV.test(String(e.name)) && e.value !== undefined)],
  ];
  if (!init && object.kind !== 'Job' && object.kind !== 'CronJob') {
    checks.push(['readinessProbeMissing', 'warning', container.readinessProbe != null]);
    checks.push(['livenessProbeMissing', 'warning', container.livenessProbe != null]);
  }
  return checks;
}

/** Whether an RBAC rule grants create (or *) on pods/exec or pods/attach. */
function grantsExecAttach(rule: Json): boolean {
  const resources: string[] = rule.resources ?? [];
  const verbs: string[] = rule.verbs ?? [];
  return resources.some((r) => ['pods/exec', 'pods/attach', '*'].includes(r)) && verbs.some((v) => ['create', '*'].includes(v));
}

/** The RBAC checks: `clusterrolePodExecAttach`/`rolePodExecAttach` and `clusterrolebindingClusterAdmin`/`rolebindingClusterAdminClusterRole` (danger). */
function rbacResults(object: Json): PolarisResult[] {
  const name = `${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
  const result = (check: string, success: boolean): PolarisResult => ({ check, severity: 'danger', success, object: name });
  switch (object.kind) {
    case 'ClusterRole': return [result('clusterrolePodExecAttach', !(object.rules ?? []).some(grantsExecAttach))];
    case 'Role': return [result('rolePodExecAttach', !(object.rules ?? []).some(grantsExecAttach))];
    case 'ClusterRoleBinding': return [result('clusterrolebindingClusterAdmin', object.roleRef?.name !== 'cluster-admin')];
    case 'RoleBinding': return [result('rolebindingClusterAdminClusterRole', object.roleRef?.name !== 'cluster-admin')];
    default: return [];
  }
}

/** Every Polaris check result for the controllers and RBAC objects in `objects`. */
export function polarisResults(objects: readonly Json[]): PolarisResult[] {
  return [...objects.flatMap(rbacResults), ...objects.filter((o) => CONTROLLERS.includes(o.kind)).flatMap((object) => {
    const tpl = template(object) ?? {};
    const pod: Json = tpl.spec ?? {};
    const labels: Json = tpl.metadata?.labels ?? {};
    const name = `${object.kind} ${object.metadata?.namespace ?? ''}/${object.metadata?.name}`;
    const checks = [
      ...podChecks(object, pod, labels, objects),
      ...(pod.initContainers ?? []).flatMap((c: Json) => containerChecks(object, pod, c, true)),
      ...(pod.containers ?? []).flatMap((c: Json) => containerChecks(object, pod, c, false)),
    ];
    return checks.map(([check, severity, success]) => ({ check, severity, success, object: name }));
  })];
}

/** Polaris' score of `results`: `GetScore` in pkg/validator/summary.go. */
export function polarisScore(results: readonly PolarisResult[]): number {
  const successes = results.filter((r) => r.success).length;
  const warnings = results.filter((r) => !r.success && r.severity === 'warning').length;
  const dangers = results.filter((r) => !r.success && r.severity === 'danger').length;
  const total = 2 * successes + warnings + 2 * dangers;
  return total === 0 ? 100 : Math.trunc((2 * successes / total) * 100);
}

const BASELINE_CAPABILITIES = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];

/**
 * Whether a workload of `objects` breaks the Pod Security Standards baseline controls the issue names (privileged,
 * host namespaces, hostPath, host ports, capabilities beyond the baseline list), read independently of the engine
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/, "Baseline").
 */
export function failsPssBaseline(objects: readonly Json[]): boolean {
  return objects.filter((o) => CONTROLLERS.includes(o.kind)).some((object) => {
    const pod: Json = template(object)?.spec ?? {};
    const containers: Json[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
    return pod.hostNetwork === true || pod.hostPID === true || pod.hostIPC === true
      || (pod.volumes ?? []).some((v: Json) => v.hostPath !== undefined)
      || containers.some((c) => c.securityContext?.privileged === true
        || (c.ports ?? []).some((p: Json) => p.hostPort !== undefined && p.hostPort !== 0)
        || (c.securityContext?.capabilities?.add ?? []).some((cap: string) => !BASELINE_CAPABILITIES.includes(cap.toUpperCase())));
  });
}

/** Spearman's rank correlation of two equally long lists (average ranks for ties). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) result[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return result;
}
