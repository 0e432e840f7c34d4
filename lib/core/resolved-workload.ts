import { Acknowledgements, acknowledgementAnnotations, checkAcknowledgements, requireAcknowledgement } from './acknowledgements';
import { checkImage, parseImageReference } from './image';
import { RESERVED_WORKLOAD_NAMES, RenderContext, selectorLabels, workloadLabels } from './naming';
import { BASELINE_CAPABILITIES, PodSecurityOverrides, RESTRICTED_VOLUME_TYPES } from './pod-security';
import { checkPodSecurityWeakenings, PROJECTED_TOKEN_WEAKENING } from './pod-security-weakenings';
import { HardeningProfile, RESTRICTED_PROFILE, ResourceProfile, TierProfile } from './profile';
import { SandboxRuntimesRef, defaultSandboxRuntimesRef } from './sandbox-runtimes';
import { isLiteralSecret, secretCarriedBy } from './secret-env';
import { PAYMENT_LABEL, RUNTIME_STRENGTH, SENSITIVITIES, SENSITIVITY_LABEL, SandboxRuntime, Sensitivity, isSensitivity } from './sensitivity';
import { Problems, checkDnsLabel, checkDnsSubdomain, checkInteger } from './validation';
import { checkAbsolutePath, checkDns1035Label, checkLabelMap, checkLabelValue, checkPortName, checkQuantity, quantityValue } from './values';
import { ProbeOptions, SecureDeploymentProps } from './workload-props';
import { PortProtocol, WorkloadRef, workloadRef } from './workload-ref';

/** How a preset (e.g. PaymentService) raises the bar of a SecureDeployment. */
export interface WorkloadPreset {
  /** Construct kind, used in error messages (`PaymentService 'pay'`). */
  readonly kind: string;
  /**
   * Tier forced on the workload.
   * @default - `props.sensitivity`
   */
  readonly sensitivity?: Sensitivity;
  /**
   * Minimum replicas without an acknowledgement.
   * @default - the tier's replicas
   */
  readonly minReplicas?: number;
  /**
   * Whether a digest is required regardless of the tier.
   * @default false
   */
  readonly requireDigest?: boolean;
}

/** A port after defaults. */
export interface ResolvedPort {
  /** Port name. */
  readonly name: string;
  /** Container port. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: PortProtocol;
  /** Service port. */
  readonly servicePort: number;
}

/** A probe after defaults. */
export interface ResolvedProbe {
  /** HTTP path, or undefined for a tcpSocket probe. */
  readonly httpPath?: string;
  /** Port name. */
  readonly port: string;
  /** Seconds before the first probe. */
  readonly initialDelaySeconds: number;
  /** Seconds between probes. */
  readonly periodSeconds: number;
  /** Probe timeout. */
  readonly timeoutSeconds: number;
  /** Failures before the probe fails. */
  readonly failureThreshold: number;
}

/**
 * A SecureDeployment with every default applied: what each sub-renderer (Deployment, ServiceAccount, Service, PDB,
 * and traffic policies) reads. Only meaningful when validation found no problem.
 */
export interface ResolvedWorkload {
  /** Error subject, e.g. `SecureDeployment 'api'`. */
  readonly subject: string;
  /** Kind of the construct (the preset's kind), e.g. `PaymentService`. */
  readonly kind: string;
  /** The props as given (for sub-renderers that read their own props). */
  readonly props: SecureDeploymentProps;
  /** Render context. */
  readonly context: RenderContext;
  /** Profile. */
  readonly profile: HardeningProfile;
  /** Workload name. */
  readonly name: string;
  /** Namespace of every object. */
  readonly namespace: string;
  /** Labels of every object (context labels, the recommended set, the sensitivity tier and, for a PaymentService, the payment marker). */
  readonly labels: Readonly<Record<string, string>>;
  /** Pod selector labels. */
  readonly selector: Readonly<Record<string, string>>;
  /** Acknowledgement annotations for the Deployment and pod template. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Acknowledgements as given. */
  readonly acknowledgements: Acknowledgements;
  /** Tier. */
  readonly sensitivity: Sensitivity;
  /** Runtime of the pods. */
  readonly runtime: SandboxRuntime;
  /** RuntimeClass name; undefined for runc. */
  readonly runtimeClassName?: string;
  /** PriorityClass name. */
  readonly priorityClassName: string;
  /** Replicas. */
  readonly replicas: number;
  /** Whether a PDB is rendered. */
  readonly podDisruptionBudget: boolean;
  /** ServiceAccount name. */
  readonly serviceAccountName: string;
  /** Whether the token is mounted. */
  readonly automountServiceAccountToken: boolean;
  /** Image pull policy. */
  readonly imagePullPolicy: string;
  /** Ports. */
  readonly ports: readonly ResolvedPort[];
  /** Security overrides (merged with the profile by the security-context builders). */
  readonly security: PodSecurityOverrides;
  /** Container resources. */
  readonly resources: ResourceProfile;
  /** Liveness probe. */
  readonly liveness: ResolvedProbe;
  /** Readiness probe. */
  readonly readiness: ResolvedProbe;
  /** The workload as a network peer. */
  readonly ref: WorkloadRef;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const CAPABILITY = /^[A-Z][A-Z_]*$/;

function arrayOf<T>(problems: Problems, field: string, value: readonly T[] | undefined): readonly T[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    problems.add(field, value, 'must be a list', `give ${field} as an array.`);
    return [];
  }
  return value;
}

function checkStringList(problems: Problems, field: string, value: readonly string[] | undefined): void {
  arrayOf(problems, field, value).forEach((item, i) => {
    if (typeof item !== 'string') {
      problems.add(`${field}[${i}]`, item, 'is not a string', 'give every entry as a string.');
    }
  });
}

function resolvePorts(props: SecureDeploymentProps, problems: Problems): ResolvedPort[] {
  const ports = arrayOf(problems, 'ports', props.ports);
  if (ports.length === 0) {
    problems.add('ports', props.ports, 'must name at least one port', "add a port, e.g. ports: [{ name: 'http', port: 8080 }].");
  }
  const resolved = ports.map((p, i) => {
    const protocol = p?.protocol ?? 'TCP';
    const servicePort = p?.servicePort ?? p?.port;
    checkPortName(problems, `ports[${i}].name`, p?.name);
    checkInteger(problems, `ports[${i}].port`, p?.port, 1, 65535);
    checkInteger(problems, `ports[${i}].servicePort`, servicePort, 1, 65535);
    if (!['TCP', 'UDP', 'SCTP'].includes(protocol)) {
      problems.add(`ports[${i}].protocol`, protocol, 'is not a protocol', "use 'TCP', 'UDP' or 'SCTP'.");
    }
    return { name: p?.name, port: p?.port, protocol, servicePort };
  });
  const seen = { name: new Set<string>(), port: new Set<string>(), servicePort: new Set<string>() };
  resolved.forEach((p, i) => {
    for (const [key, value] of [['name', p.name], ['port', `${p.port}/${p.protocol}`], ['servicePort', `${p.servicePort}/${p.protocol}`]] as const) {
      if (seen[key].has(value)) {
        problems.add(`ports[${i}].${key}`, value, 'is used by an earlier port', `give every port its own ${key}.`);
      }
      seen[key].add(value);
    }
  });
  return resolved;
}

function resolveProbe(
  which: 'liveness' | 'readiness',
  props: SecureDeploymentProps,
  ports: readonly ResolvedPort[],
  profile: HardeningProfile,
  problems: Problems,
): ResolvedProbe {
  const options: ProbeOptions = props.probes?.[which] ?? {};
  const timings = profile.workload.probes;
  const field = `probes.${which}`;
  const probe: ResolvedProbe = {
    httpPath: options.httpPath ?? props.probes?.httpPath,
    port: options.port ?? ports[0]?.name,
    initialDelaySeconds: options.initialDelaySeconds
      ?? (which === 'liveness' ? timings.livenessInitialDelaySeconds : timings.readinessInitialDelaySeconds),
    periodSeconds: options.periodSeconds ?? timings.periodSeconds,
    timeoutSeconds: options.timeoutSeconds ?? timings.timeoutSeconds,
    failureThreshold: options.failureThreshold ?? timings.failureThreshold,
  };
  if (probe.httpPath !== undefined && (typeof probe.httpPath !== 'string' || !probe.httpPath.startsWith('/') || /\s/.test(probe.httpPath))) {
    problems.add(`${field}.httpPath`, probe.httpPath, "must be an HTTP path starting with '/'", "write a path such as '/healthz'.");
  }
  const port = ports.find((p) => p.name === probe.port);
  if (ports.length > 0 && port === undefined) {
    problems.add(`${field}.port`, probe.port, 'does not name a port of the workload', `use one of: ${ports.map((p) => p.name).join(', ')}.`);
  } else if (port !== undefined && port.protocol !== 'TCP') {
    problems.add(`${field}.port`, probe.port, `is a ${port.protocol} port, which a tcpSocket or httpGet probe cannot reach`, 'probe a TCP port.');
  }
  checkInteger(problems, `${field}.initialDelaySeconds`, probe.initialDelaySeconds, 0, 3600);
  checkInteger(problems, `${field}.periodSeconds`, probe.periodSeconds, 1, 3600);
  checkInteger(problems, `${field}.timeoutSeconds`, probe.timeoutSeconds, 1, 3600);
  checkInteger(problems, `${field}.failureThreshold`, probe.failureThreshold, 1, 100);
  return probe;
}

function resolveResources(props: SecureDeploymentProps, tier: ResourceProfile, problems: Problems): ResourceProfile {
  const resources: ResourceProfile = {
    requests: { cpu: props.resources?.requests?.cpu ?? tier.requests.cpu, memory: props.resources?.requests?.memory ?? tier.requests.memory },
    limits: { cpu: props.resources?.limits?.cpu ?? tier.limits.cpu, memory: props.resources?.limits?.memory ?? tier.limits.memory },
  };
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory'] as const) {
      checkQuantity(problems, `resources.${kind}.${resource}`, resources[kind][resource]);
    }
  }
  for (const resource of ['cpu', 'memory'] as const) {
    const request = quantityValue(resources.requests[resource]);
    const limit = quantityValue(resources.limits[resource]);
    if (request !== undefined && limit !== undefined && request > limit) {
      problems.add(`resources.requests.${resource}`, resources.requests[resource], `is above the limit ${resources.limits[resource]}`,
        `lower the request or raise resources.limits.${resource}.`);
    }
  }
  return resources;
}

function checkEnv(props: SecureDeploymentProps, problems: Problems): void {
  const env = props.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    problems.add('env', env, 'must be an object of name to value', "write env: { LOG_LEVEL: 'info', DB_PASSWORD: { secret: 'db', key: 'password' } }.");
    return;
  }
  for (const [name, value] of Object.entries(env)) {
    const field = `env.${name}`;
    if (!ENV_NAME.test(name)) {
      problems.add(field, name, 'is not a valid environment variable name', "use letters, digits, '_', '.' and '-', not starting with a digit.");
    }
    if (typeof value === 'string') {
      if (isLiteralSecret(name, value)) {
        const carried = secretCarriedBy(name, value);
        requireAcknowledgement(problems, props.acknowledgements, 'KH-SEC-001', field, '<literal value>',
          `is a literal value for a secret-like name${carried === undefined ? '' : ` that carries ${carried}`}`,
          `${carried === undefined ? '' : 'keep the credential out of the value, or '}read it from a Secret: ${name}: { secret: '<secret>', key: '<key>' }`);
      }
      continue;
    }
    const ref = value as Partial<{ secret: unknown; configMap: unknown; key: unknown }> | undefined;
    const sources = [ref?.secret, ref?.configMap].filter((s) => s !== undefined);
    if (typeof value !== 'object' || value === null || sources.length !== 1) {
      problems.add(field, value, 'must be a string or name exactly one of secret and configMap with a key',
        "write { secret: '<name>', key: '<key>' } or { configMap: '<name>', key: '<key>' }.");
      continue;
    }
    checkDnsSubdomain(problems, `${field}.${ref?.secret !== undefined ? 'secret' : 'configMap'}`, sources[0]);
    if (typeof ref?.key !== 'string' || !/^[-._a-zA-Z0-9]+$/.test(ref.key)) {
      problems.add(`${field}.key`, ref?.key, 'is not a valid key', "use letters, digits, '-', '_' and '.'.");
    }
  }
}

/** Whether a volume source projects a service-account token (an API credential, like automountServiceAccountToken). */
function mountsServiceAccountToken(source: unknown): boolean {
  const projected = typeof source === 'object' && source !== null ? (source as { projected?: { sources?: unknown } }).projected : undefined;
  const sources = typeof projected === 'object' && projected !== null ? projected.sources : undefined;
  return Array.isArray(sources) && sources.some((s) => typeof s === 'object' && s !== null && Object.prototype.hasOwnProperty.call(s, 'serviceAccountToken'));
}

function checkMounts(props: SecureDeploymentProps, profile: HardeningProfile, problems: Problems): void {
  const paths: Array<[string, unknown]> = [];
  const items = (field: string, list: readonly { key: string; path: string }[] | undefined): void => {
    arrayOf(problems, field, list).forEach((item, i) => {
      if (typeof item?.key !== 'string' || item.key.length === 0) {
        problems.add(`${field}[${i}].key`, item?.key, 'is empty', 'give the key to project.');
      }
      if (typeof item?.path !== 'string' || item.path.startsWith('/') || item.path.split('/').includes('..') || item.path.length === 0) {
        problems.add(`${field}[${i}].path`, item?.path, "must be a relative path without '..'", "write a file name such as 'app.yaml'.");
      }
    });
  };
  arrayOf(problems, 'configMaps', props.configMaps).forEach((m, i) => {
    checkDnsSubdomain(problems, `configMaps[${i}].configMap`, m?.configMap);
    paths.push([`configMaps[${i}].mountPath`, m?.mountPath]);
    items(`configMaps[${i}].items`, m?.items);
  });
  arrayOf(problems, 'secrets', props.secrets).forEach((m, i) => {
    checkDnsSubdomain(problems, `secrets[${i}].secret`, m?.secret);
    paths.push([`secrets[${i}].mountPath`, m?.mountPath]);
    items(`secrets[${i}].items`, m?.items);
  });
  const names = new Set<string>();
  arrayOf(problems, 'volumes', props.volumes).forEach((v, i) => {
    const field = `volumes[${i}]`;
    checkDnsLabel(problems, `${field}.name`, v?.name);
    if (typeof v?.name === 'string' && (/^(config|secret|writable)-[0-9]+$/.test(v.name) || names.has(v.name))) {
      problems.add(`${field}.name`, v.name, 'is already used by another volume', "pick another name (config-<n>, secret-<n> and writable-<n> are the library's).");
    }
    names.add(v?.name);
    paths.push([`${field}.mountPath`, v?.mountPath]);
    const types = typeof v?.source === 'object' && v.source !== null ? Object.keys(v.source) : [];
    if (types.length !== 1) {
      problems.add(`${field}.source`, v?.source, 'must hold exactly one volume source', "write e.g. { persistentVolumeClaim: { claimName: 'data' } }.");
    } else if (!RESTRICTED_VOLUME_TYPES.includes(types[0])) {
      problems.add(`${field}.source`, types[0], 'is a volume type Pod Security Standards restricted forbids (control KH-POD-013)',
        `use one of: ${RESTRICTED_VOLUME_TYPES.join(', ')}.`);
    }
    if (mountsServiceAccountToken(v?.source)) {
      const { controls, what, fix } = PROJECTED_TOKEN_WEAKENING;
      requireAcknowledgement(problems, props.acknowledgements, controls, `${field}.source.projected`, v.source, what, fix);
    }
  });
  arrayOf(problems, 'writablePaths', props.writablePaths).forEach((p, i) => paths.push([`writablePaths[${i}]`, p]));
  const seen = new Set<unknown>(profile.podSecurity.writablePaths);
  for (const [field, path] of paths) {
    checkAbsolutePath(problems, field, path);
    if (seen.has(path) && !field.startsWith('writablePaths')) {
      problems.add(field, path, 'is mounted twice', 'give every mount its own path.');
    }
    seen.add(path);
  }
}

function resolveSecurity(props: SecureDeploymentProps, profile: HardeningProfile, problems: Problems): PodSecurityOverrides {
  const security = props.securityContext ?? {};
  const acks = props.acknowledgements;
  const effective = {
    runAsUser: security.runAsUser ?? profile.podSecurity.runAsUser,
    runAsGroup: security.runAsGroup ?? profile.podSecurity.runAsGroup,
    fsGroup: security.fsGroup ?? profile.podSecurity.fsGroup,
    readOnlyRootFilesystem: security.readOnlyRootFilesystem ?? profile.podSecurity.readOnlyRootFilesystem,
  };
  const fieldOf = (key: keyof typeof effective): string => (security[key] === undefined ? `profile.podSecurity.${key}` : `securityContext.${key}`);
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    checkInteger(problems, fieldOf(key), effective[key], 0, 2147483647);
  }
  if (security.runAsNonRoot === false) {
    requireAcknowledgement(problems, acks, 'KH-POD-015', 'securityContext.runAsNonRoot', false,
      'lets the container run as root', 'remove runAsNonRoot: false and run the image as a non-root user');
  }
  checkPodSecurityWeakenings(problems, acks, effective, fieldOf);
  if (effective.runAsUser === 0 && security.runAsNonRoot !== false) {
    problems.add(fieldOf('runAsUser'), 0, 'contradicts runAsNonRoot: true (the kubelet refuses to start the container)',
      'use a non-zero UID, or also set runAsNonRoot: false with its acknowledgement.');
  }
  const caps = arrayOf(problems, 'securityContext.addCapabilities', security.addCapabilities);
  caps.forEach((cap, i) => {
    if (typeof cap !== 'string' || !CAPABILITY.test(cap) || cap === 'ALL' || cap.startsWith('CAP_')) {
      problems.add(`securityContext.addCapabilities[${i}]`, cap, 'is not a capability name', "write the name without 'CAP_', e.g. 'NET_BIND_SERVICE'; 'ALL' cannot be added.");
    }
  });
  if (caps.length > 0) {
    requireAcknowledgement(problems, acks, 'KH-POD-018', 'securityContext.addCapabilities', caps,
      'adds capabilities back after dropping ALL', 'remove them (NET_BIND_SERVICE is added by itself for ports below 1024)');
  }
  const beyondBaseline = caps.filter((cap) => !BASELINE_CAPABILITIES.includes(cap));
  if (beyondBaseline.length > 0) {
    requireAcknowledgement(problems, acks, 'KH-POD-004', 'securityContext.addCapabilities', beyondBaseline,
      'adds capabilities beyond the Pod Security baseline set', `remove ${beyondBaseline.join(', ')}`);
  }
  return security;
}

/**
 * The restricted profile's bar for this workload: its tier for the sensitivity asked for (the restricted payment tier
 * and minimum replicas for a PaymentService), or for `sensitivity` when that is higher.
 */
function restrictedFloor(props: SecureDeploymentProps, preset: WorkloadPreset, sensitivity: Sensitivity): Pick<TierProfile, 'runtime' | 'replicas' | 'requireDigest'> {
  const restricted = RESTRICTED_PROFILE;
  const asked = preset.sensitivity !== undefined ? restricted.payment.sensitivity : props.sensitivity ?? restricted.defaultSensitivity;
  const floorSensitivity = SENSITIVITIES.indexOf(asked) > SENSITIVITIES.indexOf(sensitivity) ? asked : sensitivity;
  const tier = restricted.tiers[floorSensitivity];
  const payment = preset.kind === 'PaymentService' ? restricted.payment.minReplicas : 0;
  return { runtime: tier.runtime, replicas: Math.max(tier.replicas, payment), requireDigest: tier.requireDigest };
}

/**
 * Applies every default to `props` and records every problem in `problems` (nothing is thrown here).
 * The result is only meaningful when `problems` stays empty.
 */
export function resolveWorkload(
  props: SecureDeploymentProps,
  context: RenderContext,
  profile: HardeningProfile,
  preset: WorkloadPreset,
  problems: Problems,
): ResolvedWorkload {
  const subject = `${preset.kind} '${typeof props?.name === 'string' ? props.name : '?'}'`;
  checkDns1035Label(problems, 'name', props.name);
  const replaced = typeof props.name === 'string' ? RESERVED_WORKLOAD_NAMES.get(props.name) : undefined;
  if (replaced !== undefined) {
    problems.add('name', props.name, `is reserved: the workload's policies of its name would replace ${replaced} when applied after them`,
      `choose another name (reserved: ${[...RESERVED_WORKLOAD_NAMES.keys()].join(', ')}).`);
  }
  const namespace = props.namespace ?? context.namespace;
  if (namespace === undefined) {
    problems.add('namespace', namespace, 'is not set, and the context has no namespace',
      'set namespace on the props, or give the cdk8s chart (or Pulumi args) a namespace.');
  } else {
    checkDnsLabel(problems, 'namespace', namespace);
  }
  for (const key of ['appName', 'component', 'partOf', 'version'] as const) {
    if (props[key] !== undefined) {
      checkLabelValue(problems, key, props[key]);
    }
  }
  checkLabelMap(problems, 'context.labels', context.labels);
  checkAcknowledgements(problems, 'acknowledgements', props.acknowledgements);
  const acks = props.acknowledgements ?? {};

  const requested = preset.sensitivity ?? props.sensitivity ?? profile.defaultSensitivity;
  if (!isSensitivity(requested)) {
    problems.add('sensitivity', requested, 'is not a sensitivity tier', `use one of: ${SENSITIVITIES.join(', ')}.`);
  }
  const sensitivity: Sensitivity = isSensitivity(requested) ? requested : profile.defaultSensitivity;
  const tier = profile.tiers[sensitivity];
  // A custom profile may strengthen freely; the floor of every weakening is the restricted profile's bar.
  const floor = restrictedFloor(props, preset, sensitivity);
  const floorRuntime = RUNTIME_STRENGTH[floor.runtime] > RUNTIME_STRENGTH[tier.runtime] ? floor.runtime : tier.runtime;

  const runtime = props.runtime ?? tier.runtime;
  if (!(runtime in RUNTIME_STRENGTH)) {
    problems.add('runtime', runtime, 'is not a runtime', "use 'runc', 'gvisor' or 'kata'.");
  } else if (RUNTIME_STRENGTH[runtime] < RUNTIME_STRENGTH[floorRuntime]) {
    requireAcknowledgement(problems, acks, 'KH-SBX-001', props.runtime === undefined ? 'profile.tiers' : 'runtime', runtime,
      `is weaker than the runtime '${floorRuntime}' the restricted profile gives this workload`, `remove runtime (or use '${floorRuntime}')`);
  }
  const priority = props.priority ?? sensitivity;
  if (!isSensitivity(priority)) {
    problems.add('priority', priority, 'is not a sensitivity tier', `use one of: ${SENSITIVITIES.join(', ')}.`);
  } else if (SENSITIVITIES.indexOf(priority) < SENSITIVITIES.indexOf(sensitivity)) {
    requireAcknowledgement(problems, acks, 'KH-WKL-007', 'priority', priority,
      `is a lower priority than the '${sensitivity}' tier`, `remove priority (or use '${sensitivity}')`);
  }
  const sandbox: SandboxRuntimesRef = props.sandbox ?? defaultSandboxRuntimesRef(profile);
  const runtimeClassName = runtime === 'gvisor' || runtime === 'kata' ? sandbox.runtimeClassNames?.[runtime] : undefined;
  const priorityClassName = sandbox.priorityClassNames?.[isSensitivity(priority) ? priority : sensitivity];
  if (runtimeClassName !== undefined || runtime !== 'runc') {
    checkDnsSubdomain(problems, `sandbox.runtimeClassNames.${runtime}`, runtimeClassName);
  }
  checkDnsSubdomain(problems, `sandbox.priorityClassNames.${priority}`, priorityClassName);

  const minReplicas = Math.max(tier.replicas, floor.replicas, preset.minReplicas ?? 0);
  const replicas = props.replicas ?? minReplicas;
  checkInteger(problems, 'replicas', replicas, 1, 1000);
  if (typeof replicas === 'number' && replicas < minReplicas) {
    requireAcknowledgement(problems, acks, 'KH-WKL-003', 'replicas', replicas,
      `is below the ${preset.kind} minimum of ${minReplicas} for the '${sensitivity}' tier`, `use at least ${minReplicas} replicas`);
  }
  const podDisruptionBudget = props.podDisruptionBudget ?? true;
  if (podDisruptionBudget === false) {
    requireAcknowledgement(problems, acks, 'KH-WKL-004', 'podDisruptionBudget', false,
      'leaves the pods without a PodDisruptionBudget', 'remove podDisruptionBudget: false');
  } else if (typeof replicas === 'number' && replicas <= profile.workload.disruptionsAllowed) {
    problems.add('podDisruptionBudget', true, `would allow all ${replicas} replica(s) to be disrupted at once`,
      `run more than ${profile.workload.disruptionsAllowed} replica(s), or set podDisruptionBudget: false with acknowledgement KH-WKL-004.`);
  }

  const tierDigest = tier.requireDigest || floor.requireDigest || preset.requireDigest === true;
  const requireDigest = props.requireDigest ?? tierDigest;
  if (tierDigest && requireDigest === false) {
    requireAcknowledgement(problems, acks, 'KH-IMG-003', 'requireDigest', false,
      `turns off digest pinning, which ${preset.kind} at the '${sensitivity}' tier requires`, 'pin the image by digest and remove requireDigest: false');
  }
  checkStringList(problems, 'allowedRegistries', props.allowedRegistries);
  checkImage(problems, 'image', props.image, { requireDigest: false, allowedRegistries: arrayOf(problems, 'allowedRegistries', props.allowedRegistries) });
  const image = typeof props.image === 'string' ? parseImageReference(props.image) : undefined;
  if (requireDigest === true && image !== undefined && image.digest === undefined) {
    const what = 'is not pinned by digest, which this workload requires';
    const fix = "append '@sha256:<digest>' (see 'crane digest <image>')";
    if (tierDigest) {
      requireAcknowledgement(problems, acks, 'KH-IMG-003', 'image', props.image, what, fix);
    } else {
      problems.add('image', props.image, `${what} (requireDigest: true)`, `${fix}.`);
    }
  }
  const imagePullPolicy = props.imagePullPolicy ?? profile.podSecurity.imagePullPolicy;
  const validPullPolicy = ['Always', 'IfNotPresent', 'Never'].includes(imagePullPolicy);
  if (!validPullPolicy) problems.add('imagePullPolicy', imagePullPolicy, 'is not a pull policy', "use 'Always'.");
  const automountServiceAccountToken = props.automountServiceAccountToken ?? profile.podSecurity.automountServiceAccountToken;
  checkPodSecurityWeakenings(problems, acks, {
    ...(validPullPolicy ? { imagePullPolicy } : {}),
    automountServiceAccountToken,
    seccompProfileType: profile.podSecurity.seccompProfileType,
    dropCapabilities: profile.podSecurity.dropCapabilities,
  }, (key) => (key === 'imagePullPolicy' || key === 'automountServiceAccountToken') && props[key] !== undefined ? key : `profile.podSecurity.${key}`);
  checkStringList(problems, 'command', props.command);
  checkStringList(problems, 'args', props.args);
  checkEnv(props, problems);
  checkMounts(props, profile, problems);
  const security = resolveSecurity(props, profile, problems);

  const ports = resolvePorts(props, problems);
  const liveness = resolveProbe('liveness', props, ports, profile, problems);
  const readiness = resolveProbe('readiness', props, ports, profile, problems);
  const resources = resolveResources(props, tier.resources, problems);

  const identity = {
    name: props.name,
    appName: props.appName,
    component: props.component,
    partOf: props.partOf,
    version: props.version ?? image?.tag,
  };
  const selector = selectorLabels(identity);
  const name = props.name;
  return {
    subject,
    kind: preset.kind,
    props,
    context,
    profile,
    name,
    namespace: namespace as string,
    labels: {
      ...workloadLabels(identity, context.labels),
      [SENSITIVITY_LABEL]: sensitivity,
      ...(preset.kind === 'PaymentService' ? { [PAYMENT_LABEL]: 'true' } : {}),
    },
    selector,
    annotations: acknowledgementAnnotations(acks),
    acknowledgements: acks,
    sensitivity,
    runtime,
    runtimeClassName: runtime === 'runc' ? undefined : runtimeClassName,
    priorityClassName,
    replicas,
    podDisruptionBudget,
    serviceAccountName: name,
    automountServiceAccountToken,
    imagePullPolicy,
    ports,
    security,
    resources,
    liveness,
    readiness,
    ref: workloadRef({
      name,
      namespace: namespace as string,
      selector,
      serviceAccountName: name,
      ports,
      waypoint: (props.meshMode ?? profile.namespace.meshMode) === 'ambient' ? props.waypoint : undefined,
    }),
  };
}
