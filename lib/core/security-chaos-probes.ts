import { isIP } from 'node:net';
import { Acknowledgements, acknowledgementAnnotations, checkAcknowledgements, requireAcknowledgement } from './acknowledgements';
import { CheckedInputs, withBoundary } from './boundary';
import { CHAOS_PROBE_SCRIPT } from './chaos-probe-script';
import { acknowledgeAnnotation } from './controls';
import { cronScheduleError } from './cron-schedule';
import { checkImage, parseImageReference } from './image';
import { imageVerificationNamespaceLabels } from './image-supply-chain-policy';
import { finalizeObjects, K8sObject } from './manifest';
import { NAMESPACE_NAME_LABEL } from './mesh';
import { LABELS, MANAGED_BY, RenderContext } from './naming';
import { containerSecurityContext, podSecurityContext, writableMounts } from './pod-security';
import { HardeningProfile, RESTRICTED_PROFILE, SupplyChainEngine } from './profile';
import { DNS_RULE, objectsForCni } from './traffic/baseline';
import { checkPeer } from './traffic/peers';
import { checkDnsLabel, checkInteger, Problems } from './validation';
import { WorkloadRef } from './workload-ref';

/**
 * SecurityChaosProbes (guide §5, reference.md §8): a CronJob in a hardened namespace that proves, with server-side
 * dry-run, that admission denies escape and escalation attempts in every protected namespace, that forbidden network
 * paths stay closed, and (positive controls) that a compliant pod is admitted and an allowed path is open.
 *
 * RBAC cannot restrict a verb to dry-run: the Role allows `create` on pods. A ValidatingAdmissionPolicy therefore
 * denies every request of the probe ServiceAccount that is not a dry-run, and the projected token lives only as
 * long as a run.
 */

/** A network path a probe opens as a TCP connection. */
export interface NetworkProbeTarget {
  /** Probe name (DNS-1123 label), shown in the result. */
  readonly name: string;
  /**
   * Target workload (connects to its Service `<name>.<namespace>.svc`); give this or `host`.
   * @default - none
   */
  readonly workload?: WorkloadRef;
  /**
   * Target host name or IP; give this or `workload`.
   * @default - none
   */
  readonly host?: string;
  /**
   * Target port.
   * @default - the workload's first port
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port?: number;
}

/** Props of SecurityChaosProbes. */
export interface SecurityChaosProbesProps {
  /** Name of the probe ServiceAccount, CronJob, ConfigMap and RBAC objects. */
  readonly name: string;
  /**
   * Namespace the probes run in (created, PSA restricted).
   * @default - the profile's `chaosProbes.namespace` (`kube-harden-probes`)
   */
  readonly namespace?: string;
  /** Digest-pinned image that runs the probe script (it must contain Node.js, e.g. a distroless nodejs image). */
  readonly image: string;
  /**
   * Command that runs a JavaScript file (the script path is appended).
   * @default ['node']
   */
  readonly command?: readonly string[];
  /**
   * Cron schedule.
   * @default - the profile's `chaosProbes.schedule`
   */
  readonly schedule?: string;
  /** Namespaces whose admission is probed. */
  readonly protectedNamespaces: readonly string[];
  /** A signed, digest-pinned image from an allowed registry: the positive control runs it; the `latest` probe uses its repository. */
  readonly compliantImage: string;
  /**
   * A digest-pinned image from an allowed registry that is not signed.
   * @default - no unsigned-image probe
   */
  readonly unsignedImage?: string;
  /**
   * Paths that must stay closed (a protected port from this undeclared peer, an address a cluster-wide egress deny
   * blocks). The probe namespace's own egress policy allows each of them, so only the target side (the protected
   * workload's ingress policy, a cluster-wide or perimeter egress policy) can block them: a pass proves that
   * control. An internet name nothing blocks proves nothing (the probe reports it open).
   * @default []
   */
  readonly forbiddenPaths?: readonly NetworkProbeTarget[];
  /**
   * Paths that must be open (positive controls; the probe namespace's policy allows them).
   * @default []
   */
  readonly allowedPaths?: readonly NetworkProbeTarget[];
  /**
   * Image signature admission of the probe namespace (the probe image must then be signed and allowed);
   * `none` needs an acknowledgement of KH-SUP-001.
   * @default - the profile's `supplyChain.engine`
   */
  readonly imageVerification?: SupplyChainEngine | 'none';
  /**
   * Acknowledged weakenings with a reason (KH-SUP-001 for `imageVerification: 'none'`), written on the Namespace.
   * @default - none
   */
  readonly acknowledgements?: Acknowledgements;
  /**
   * PriorityClass of the probe pods (defined by SandboxRuntimes).
   * @default - the profile's `low` tier priority class
   */
  readonly priorityClassName?: string;
  /**
   * Seconds each attempt may take.
   * @default - the profile's `chaosProbes.attemptTimeoutSeconds`
   * @asType integer
   * @minimum 1
   * @maximum 3600
   */
  readonly attemptTimeoutSeconds?: number;
}

/** One admission attempt in the probe config. */
export interface AdmissionProbe {
  /** Probe name. */
  readonly probe: string;
  /** Namespace the dry-run Pod is created in. */
  readonly namespace: string;
  /** Expected outcome. */
  readonly expect: 'denied' | 'admitted';
  /** The Pod sent with `dryRun=All`. */
  readonly pod: Record<string, unknown>;
}

/** One network attempt in the probe config. */
export interface NetworkProbe {
  /** Probe name. */
  readonly probe: string;
  /** Host. */
  readonly host: string;
  /** Port. */
  readonly port: number;
  /** Expected outcome. */
  readonly expect: 'blocked' | 'open';
  /** Whether the host is an external name: a refused DNS lookup then counts as blocked (never for a Service name). */
  readonly fqdn: boolean;
}

/** What the script reads from `config.json`. */
export interface ChaosProbeConfig {
  /** In-cluster API server URL. */
  readonly apiServer: string;
  /** Seconds per attempt. */
  readonly timeoutSeconds: number;
  /** Admission attempts. */
  readonly admission: readonly AdmissionProbe[];
  /** Network attempts. */
  readonly network: readonly NetworkProbe[];
}

/** Why the probe namespace has no STRICT mTLS: its pods are deliberately outside the mesh. */
const PROBES_NOT_MESHED = 'Probe pods stay outside the mesh: they call the API server and test raw L3/L4 paths; the namespace accepts no ingress.';

/** Why the probe pods mount a projected service-account token (KH-WKL-005), recorded on the CronJob. */
const PROBES_CALL_THE_API = 'The probes ask the API server to admit Pods that admission must refuse (server-side dry-run): '
  + 'a projected token of their own ServiceAccount, valid for one run.';

const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function validate(props: SecurityChaosProbesProps, profile: HardeningProfile): void {
  const problems = new Problems();
  checkDnsLabel(problems, 'name', props.name, 50);
  if (props.namespace !== undefined) checkDnsLabel(problems, 'namespace', props.namespace);
  const digestOnly = { requireDigest: true, allowedRegistries: [] };
  checkImage(problems, 'image', props.image, digestOnly);
  checkImage(problems, 'compliantImage', props.compliantImage, digestOnly);
  if (props.unsignedImage !== undefined) checkImage(problems, 'unsignedImage', props.unsignedImage, digestOnly);
  // The boundary has refused a schedule of another type; a custom profile's default is checked like the prop.
  const [scheduleField, schedule] = props.schedule !== undefined ? ['schedule', props.schedule] : ['profile.chaosProbes.schedule', profile.chaosProbes.schedule];
  if (typeof schedule === 'string') {
    const error = cronScheduleError(schedule);
    if (error !== undefined) {
      problems.add(scheduleField, schedule, `is not a cron schedule the API server accepts (${error})`,
        "write five fields (minute hour day-of-month month day-of-week), e.g. '17 */6 * * *', or a descriptor such as '@hourly'; set the time zone with the CronJob's timeZone, not TZ=.");
    }
  }
  if (!Array.isArray(props.protectedNamespaces) || props.protectedNamespaces.length === 0) {
    problems.add('protectedNamespaces', props.protectedNamespaces, 'must name at least one namespace', "give e.g. ['payments'].");
  } else {
    props.protectedNamespaces.forEach((ns, i) => checkDnsLabel(problems, `protectedNamespaces[${i}]`, ns));
    if (props.protectedNamespaces.includes(props.namespace ?? profile.chaosProbes.namespace)) {
      problems.add('protectedNamespaces', props.protectedNamespaces, 'includes the probe namespace', 'run the probes from their own namespace.');
    }
  }
  const names = new Set<string>();
  for (const [field, list] of [['forbiddenPaths', props.forbiddenPaths ?? []], ['allowedPaths', props.allowedPaths ?? []]] as const) {
    list.forEach((t, i) => {
      checkDnsLabel(problems, `${field}[${i}].name`, t.name, 40);
      if (names.has(t.name)) problems.add(`${field}[${i}].name`, t.name, 'is used twice', 'give every network probe its own name.');
      names.add(t.name);
      if ((t.workload === undefined) === (t.host === undefined)) {
        problems.add(`${field}[${i}]`, t, 'needs exactly one of workload and host', 'give the WorkloadRef of the target, or a host name.');
      }
      // (the probe's policies select the target by its namespace and labels)
      if (t.workload !== undefined) checkPeer(problems, `${field}[${i}].workload`, t.workload);
      if (t.host !== undefined && (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(t.host) || (/^[0-9.]+$/.test(t.host) && !isIpv4(t.host)))) {
        problems.add(`${field}[${i}].host`, t.host, 'is not a host name or IPv4 address', "write e.g. 'api.example.com'.");
      } else if (t.host !== undefined && !isIpv4(t.host) && profile.network.cni === 'kubernetes') {
        problems.add(`${field}[${i}].host`, t.host, "is a DNS name: a standard NetworkPolicy cannot allow the probe to reach it (the profile's network.cni is 'kubernetes')",
          'give its IPv4 address instead.');
      }
      const port = targetPort(t);
      if (port === undefined) problems.add(`${field}[${i}].port`, t.port, 'is missing', 'give the port to connect to.');
      else checkInteger(problems, `${field}[${i}].port`, port, 1, 65535);
    });
  }
  checkAcknowledgements(problems, 'acknowledgements', props.acknowledgements);
  const engine = props.imageVerification ?? profile.supplyChain.engine;
  if (engine === 'none') {
    requireAcknowledgement(problems, props.acknowledgements, 'KH-SUP-001', 'imageVerification', engine,
      'the probe image would run without signature verification', "use 'kyverno' or 'sigstore' and sign the probe image");
  } else if (engine !== 'kyverno' && engine !== 'sigstore') {
    problems.add('imageVerification', engine, 'is not an image verification engine', "use 'kyverno', 'sigstore' or 'none'.");
  }
  if (props.priorityClassName !== undefined) checkDnsLabel(problems, 'priorityClassName', props.priorityClassName);
  if (props.attemptTimeoutSeconds !== undefined) checkInteger(problems, 'attemptTimeoutSeconds', props.attemptTimeoutSeconds, 1, 60);
  problems.throwIfAny(`SecurityChaosProbes '${String(props.name)}'`);
}

/** The Pods the probes send, by probe name: one compliant pod and one mutation per forbidden setting. */
export function admissionProbes(props: SecurityChaosProbesProps, profile: HardeningProfile = RESTRICTED_PROFILE): AdmissionProbe[] {
  const compliant = parseImageReference(props.compliantImage);
  const latestImage = compliant ? `${compliant.registry}/${compliant.repository}:latest` : props.compliantImage;
  const probes: AdmissionProbe[] = [];
  for (const namespace of props.protectedNamespaces) {
    const pod = (probe: string, mutate: (spec: any, container: any) => void): AdmissionProbe => {
      const container: any = {
        name: 'probe',
        image: props.compliantImage,
        securityContext: containerSecurityContext(profile),
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      };
      const spec: any = { automountServiceAccountToken: false, securityContext: podSecurityContext(profile), containers: [container] };
      mutate(spec, container);
      const expect = probe === 'compliant-pod' ? 'admitted' : 'denied';
      return {
        probe,
        namespace,
        expect,
        pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `kube-harden-probe-${probe}`, namespace, labels: { [LABELS.managedBy]: MANAGED_BY } }, spec },
      };
    };
    probes.push(
      pod('compliant-pod', () => undefined),
      pod('privileged-pod', (_, c) => { c.securityContext = { ...c.securityContext, privileged: true, allowPrivilegeEscalation: true }; }),
      pod('host-path-pod', (s, c) => {
        s.volumes = [{ name: 'host', hostPath: { path: '/' } }];
        c.volumeMounts = [{ name: 'host', mountPath: '/host', readOnly: true }];
      }),
      pod('host-pid-pod', (s) => { s.hostPID = true; }),
      pod('root-pod', (s, c) => {
        s.securityContext = { ...s.securityContext, runAsNonRoot: false, runAsUser: 0, runAsGroup: 0 };
        c.securityContext = { ...c.securityContext, runAsNonRoot: false };
      }),
      pod('latest-image-pod', (_, c) => { c.image = latestImage; }),
    );
    if (props.unsignedImage !== undefined) {
      probes.push(pod('unsigned-image-pod', (_, c) => { c.image = props.unsignedImage; }));
    }
  }
  return probes;
}

function hostOf(t: NetworkProbeTarget, clusterDomain: string): string {
  return t.workload ? `${t.workload.name}.${t.workload.namespace}.svc.${clusterDomain}` : t.host as string;
}

/** The probe config the script reads. */
export function chaosProbeConfig(props: SecurityChaosProbesProps, profile: HardeningProfile = RESTRICTED_PROFILE): ChaosProbeConfig {
  const net = (t: NetworkProbeTarget, expect: 'blocked' | 'open'): NetworkProbe =>
    ({
      probe: t.name,
      host: hostOf(t, profile.network.clusterDomain),
      port: targetPort(t) as number,
      expect,
      fqdn: t.host !== undefined && !isIpv4(t.host),
    });
  return {
    apiServer: `https://kubernetes.default.svc.${profile.network.clusterDomain}`,
    timeoutSeconds: props.attemptTimeoutSeconds ?? profile.chaosProbes.attemptTimeoutSeconds,
    admission: admissionProbes(props, profile),
    network: [...(props.forbiddenPaths ?? []).map((t) => net(t, 'blocked')), ...(props.allowedPaths ?? []).map((t) => net(t, 'open'))],
  };
}

/** Whether a probe host is an IPv4 address (node:net's parser: `999.1.1.1` and `1.2` are not). */
function isIpv4(host: string): boolean {
  return isIP(host) === 4;
}

/** The port a network probe connects to: its own, or its workload's first port (undefined when it has neither). */
function targetPort(t: NetworkProbeTarget): number | undefined {
  return t.port ?? t.workload?.ports[0]?.port;
}

/**
 * Cilium egress rules of the probe namespace: API server, DNS, and each probed path, forbidden ones included, so the
 * probe namespace's own default deny never blocks a forbidden path: only the target side can.
 */
function egressRules(props: SecurityChaosProbesProps, profile: HardeningProfile): Record<string, unknown>[] {
  const n = profile.network;
  const rules: Record<string, unknown>[] = [
    { toEntities: ['kube-apiserver'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }, { port: '6443', protocol: 'TCP' }] }] },
    {
      toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': n.dnsNamespace, 'k8s:k8s-app': n.dnsK8sApp } }],
      toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [...DNS_RULE] } }],
    },
  ];
  for (const t of [...(props.forbiddenPaths ?? []), ...(props.allowedPaths ?? [])]) {
    const toPorts = [{ ports: [{ port: String(targetPort(t)), protocol: 'TCP' }] }];
    if (t.workload) {
      rules.push({ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': t.workload.namespace, ...t.workload.selector } }], toPorts });
    } else {
      rules.push(isIpv4(t.host as string) ? { toCIDR: [`${t.host}/32`], toPorts } : { toFQDNs: [{ matchName: t.host }], toPorts });
    }
  }
  return rules;
}

/**
 * NetworkPolicy of the probe namespace: no ingress; egress to DNS and to each probed path it can name (workloads
 * and IPv4 addresses). On Cilium it is a subset of the CiliumNetworkPolicy (Cilium unions the allows of both), which
 * alone allows the API server and DNS names. With `network.cni: 'kubernetes'` it is the only policy: the API server
 * is not a pod a NetworkPolicy can select, so 443 and 6443 are open to every address.
 */
function networkPolicyEgress(props: SecurityChaosProbesProps, profile: HardeningProfile): Record<string, unknown>[] {
  const n = profile.network;
  const rules: Record<string, unknown>[] = [{
    to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: n.dnsNamespace } }, podSelector: { matchLabels: { 'k8s-app': n.dnsK8sApp } } }],
    ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
  }];
  if (n.cni === 'kubernetes') rules.push({ ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] });
  for (const t of [...(props.forbiddenPaths ?? []), ...(props.allowedPaths ?? [])]) {
    const ports = [{ port: targetPort(t) as number, protocol: 'TCP' }];
    if (t.workload) {
      const namespaceSelector = { matchLabels: { [NAMESPACE_NAME_LABEL]: t.workload.namespace } };
      const peer = { namespaceSelector, podSelector: { matchLabels: { ...t.workload.selector } } };
      rules.push({ to: [peer], ports });
    } else if (isIpv4(t.host as string)) {
      rules.push({ to: [{ ipBlock: { cidr: `${t.host}/32` } }], ports });
    }
  }
  return rules;
}

/** Renders the probe namespace, identity, RBAC, dry-run guard, network policy, script and CronJob. */
export function renderSecurityChaosProbes(
  props: SecurityChaosProbesProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): K8sObject[] {
  return withBoundary('SecurityChaosProbes', 'SecurityChaosProbesProps', { props, context, profile },
    (inputs: CheckedInputs<SecurityChaosProbesProps>) => renderCheckedSecurityChaosProbes(inputs.props, inputs.context, inputs.profile));
}

/** Renders inputs that passed the boundary (see `renderSecurityChaosProbes`). */
function renderCheckedSecurityChaosProbes(props: SecurityChaosProbesProps, context: RenderContext, profile: HardeningProfile): K8sObject[] {
  validate(props, profile);
  const namespace = props.namespace ?? profile.chaosProbes.namespace;
  const labels = { ...context.labels, [LABELS.name]: 'security-chaos-probes', [LABELS.instance]: props.name, [LABELS.managedBy]: MANAGED_BY };
  const meta = (name: string, ns?: string) => ({ name, namespace: ns, labels });
  const version = profile.namespace.podSecurityVersion;
  const psa: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    psa[`pod-security.kubernetes.io/${mode}`] = 'restricted';
    psa[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  const engine = props.imageVerification ?? profile.supplyChain.engine;
  const serviceAccount = `system:serviceaccount:${namespace}:${props.name}`;
  const writable = writableMounts(profile);
  const config = chaosProbeConfig(props, profile);

  const objects: K8sObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { ...labels, ...psa, ...(engine === 'none' ? {} : imageVerificationNamespaceLabels(engine)) },
        annotations: { ...acknowledgementAnnotations(props.acknowledgements), [acknowledgeAnnotation('KH-MESH-001')]: PROBES_NOT_MESHED },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(props.name, namespace), automountServiceAccountToken: false },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(props.name, namespace),
      data: { 'probe.js': CHAOS_PROBE_SCRIPT, 'config.json': `${JSON.stringify(config, null, 2)}\n` },
    },
    ...props.protectedNamespaces.flatMap((ns): K8sObject[] => [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta(props.name, ns), rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }] },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(props.name, ns),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
        subjects: [{ kind: 'ServiceAccount', name: props.name, namespace }],
      },
    ]),
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: meta(`${props.name}-dry-run-only`),
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'], resources: ['*'] }] },
        matchConditions: [{ name: 'probe-service-account', expression: `request.userInfo.username == '${serviceAccount}'` }],
        validations: [{ expression: 'request.dryRun == true', message: 'The security probe service account may only send dry-run requests.', reason: 'Forbidden' }],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: meta(`${props.name}-dry-run-only`),
      spec: { policyName: `${props.name}-dry-run-only`, validationActions: ['Deny'] },
    },
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: meta(props.name, namespace),
      spec: {
        description: 'Probe pods: no ingress; egress only to the API server, DNS and the probed paths.',
        endpointSelector: {},
        enableDefaultDeny: { ingress: true, egress: true },
        ingress: [{}],
        egress: egressRules(props, profile),
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(props.name, namespace),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: networkPolicyEgress(props, profile) },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { ...meta(props.name, namespace), annotations: { [acknowledgeAnnotation('KH-WKL-005')]: PROBES_CALL_THE_API } },
      spec: {
        schedule: props.schedule ?? profile.chaosProbes.schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 0,
            activeDeadlineSeconds: profile.chaosProbes.activeDeadlineSeconds,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: props.name,
                priorityClassName: props.priorityClassName ?? profile.tiers.low.priorityClassName,
                automountServiceAccountToken: false,
                restartPolicy: 'Never',
                securityContext: podSecurityContext(profile),
                containers: [{
                  name: 'probe',
                  image: props.image,
                  imagePullPolicy: profile.podSecurity.imagePullPolicy,
                  command: [...(props.command ?? ['node']), '/probe/probe.js'],
                  env: [{ name: 'KH_PROBE_CONFIG', value: '/probe/config.json' }],
                  securityContext: containerSecurityContext(profile),
                  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
                  volumeMounts: [
                    { name: 'probe', mountPath: '/probe', readOnly: true },
                    { name: 'token', mountPath: TOKEN_DIR, readOnly: true },
                    ...writable.map((w) => w.mount),
                  ],
                }],
                volumes: [
                  { name: 'probe', configMap: { name: props.name } },
                  {
                    name: 'token',
                    projected: {
                      sources: [
                        { serviceAccountToken: { path: 'token', expirationSeconds: profile.chaosProbes.tokenExpirationSeconds } },
                        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
                      ],
                    },
                  },
                  ...writable.map((w) => w.volume),
                ],
              },
            },
          },
        },
      },
    },
  ];
  return finalizeObjects(objectsForCni(objects, profile));
}
