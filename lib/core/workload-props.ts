import { Acknowledgements } from './acknowledgements';
import { PodSecurityOverrides } from './pod-security';
import { ResourceQuantities } from './profile';
import { SandboxRuntimesRef } from './sandbox-runtimes';
import { SandboxRuntime, Sensitivity } from './sensitivity';
import { TrafficProps } from './traffic/workload-traffic';
import { PortProtocol } from './workload-ref';

/** A port the workload serves: a named container port and the matching Service port. */
export interface PortOptions {
  /** Port name (IANA service name, at most 15 characters), e.g. `http`. Istio reads the protocol from its prefix. */
  readonly name: string;
  /**
   * Container port. A port below 1024 adds the `NET_BIND_SERVICE` capability; a non-root process also needs the
   * capability on its binary (`setcap cap_net_bind_service=+ep`), so prefer ports from 1024 up.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port: number;
  /**
   * Transport protocol.
   * @default 'TCP'
   */
  readonly protocol?: PortProtocol;
  /**
   * Port the Service exposes.
   * @default - the container port
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly servicePort?: number;
}

/** One probe. It is an HTTP GET when it has a path, else a TCP connect. */
export interface ProbeOptions {
  /**
   * HTTP path to GET, e.g. `/healthz`.
   * @default - `probes.httpPath`, else a tcpSocket probe
   */
  readonly httpPath?: string;
  /**
   * Name of the port to probe.
   * @default - the first port
   */
  readonly port?: string;
  /**
   * Seconds before the first probe.
   * @default - the profile's `workload.probes.livenessInitialDelaySeconds` / `readinessInitialDelaySeconds`
   * @asType integer
   * @minimum 0
   * @maximum 3600
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds between probes.
   * @default - the profile's `workload.probes.periodSeconds`
   * @asType integer
   * @minimum 1
   * @maximum 3600
   */
  readonly periodSeconds?: number;
  /**
   * Seconds before a probe times out.
   * @default - the profile's `workload.probes.timeoutSeconds`
   * @asType integer
   * @minimum 1
   * @maximum 3600
   */
  readonly timeoutSeconds?: number;
  /**
   * Consecutive failures before the probe fails.
   * @default - the profile's `workload.probes.failureThreshold`
   * @asType integer
   * @minimum 1
   * @maximum 100
   */
  readonly failureThreshold?: number;
}

/** Liveness and readiness probes (both are always set). */
export interface ProbesOptions {
  /**
   * HTTP path both probes GET.
   * @default - tcpSocket probes on the first port
   */
  readonly httpPath?: string;
  /**
   * Liveness probe settings.
   * @default - profile timings on the first port
   */
  readonly liveness?: ProbeOptions;
  /**
   * Readiness probe settings.
   * @default - profile timings on the first port
   */
  readonly readiness?: ProbeOptions;
}

/** A key of a Secret or ConfigMap an environment variable is read from. Give exactly one of `secret`, `configMap`. */
export interface EnvKeyRef {
  /**
   * Secret name.
   * @default - none
   */
  readonly secret?: string;
  /**
   * ConfigMap name.
   * @default - none
   */
  readonly configMap?: string;
  /** Key in the Secret or ConfigMap. */
  readonly key: string;
  /**
   * Whether the pod starts when the key is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** An environment variable: a literal value or a key of a Secret or ConfigMap. */
export type EnvValue = string | EnvKeyRef;

/** Key-to-path projection of a ConfigMap or Secret volume. */
export interface KeyToPath {
  /** Key in the ConfigMap or Secret. */
  readonly key: string;
  /** Relative file path under the mount path. */
  readonly path: string;
}

/** A ConfigMap mounted read-only as files. */
export interface ConfigMapMount {
  /** ConfigMap name. */
  readonly configMap: string;
  /** Absolute mount path. */
  readonly mountPath: string;
  /**
   * Keys to project.
   * @default - every key, as a file named after it
   */
  readonly items?: readonly KeyToPath[];
}

/** A Secret mounted read-only as files. */
export interface SecretMount {
  /** Secret name. */
  readonly secret: string;
  /** Absolute mount path. */
  readonly mountPath: string;
  /**
   * Keys to project.
   * @default - every key, as a file named after it
   */
  readonly items?: readonly KeyToPath[];
}

/**
 * Any other volume of a type PSS restricted allows (configMap, csi, downwardAPI, emptyDir, ephemeral, image,
 * persistentVolumeClaim, projected, secret), given as its Kubernetes volume source.
 */
export interface VolumeOptions {
  /** Volume name (DNS label; not `config-<n>`, `secret-<n>` or `writable-<n>`, which the library uses). */
  readonly name: string;
  /** Absolute mount path. */
  readonly mountPath: string;
  /**
   * Whether the mount is read-only.
   * @default true
   */
  readonly readOnly?: boolean;
  /** Exactly one volume source, e.g. `{ persistentVolumeClaim: { claimName: 'data' } }`. */
  readonly source: { readonly [type: string]: unknown };
}

/** Resource quantities that override the tier's. */
export interface ResourceOverrides {
  /**
   * Requests.
   * @default - the tier's `resources.requests`
   */
  readonly requests?: Partial<ResourceQuantities>;
  /**
   * Limits.
   * @default - the tier's `resources.limits`
   */
  readonly limits?: Partial<ResourceQuantities>;
}

/** The intent of a hardened stateless workload: a Deployment with its ServiceAccount, Service, PodDisruptionBudget and traffic policies (`TrafficProps`). */
export interface SecureDeploymentProps extends TrafficProps {
  /** Workload name: DNS-1035 label; names the Deployment, ServiceAccount, Service, PDB and `app.kubernetes.io/instance`. */
  readonly name: string;
  /**
   * Container image, `registry/repository:tag@sha256:<digest>`; never `latest` or untagged.
   * @format image-reference
   */
  readonly image: string;
  /**
   * Ports the workload serves (at least one); the first one is probed by default.
   * @minItems 1
   */
  readonly ports: readonly PortOptions[];
  /**
   * Namespace of every object.
   * @default - the context's namespace (the cdk8s chart's, or the Pulumi args'); one of them is required
   * @format dns-label
   */
  readonly namespace?: string;
  /**
   * `app.kubernetes.io/name`.
   * @default - the workload name
   */
  readonly appName?: string;
  /**
   * `app.kubernetes.io/component`, e.g. `api`.
   * @default - none
   */
  readonly component?: string;
  /**
   * `app.kubernetes.io/part-of`, e.g. `payment-platform`.
   * @default - none
   */
  readonly partOf?: string;
  /**
   * `app.kubernetes.io/version`.
   * @default - the image tag, when it has one
   */
  readonly version?: string;
  /**
   * How much harm a compromise would do: picks the runtime, priority, replicas, resources and digest rule.
   * @default - the profile's `defaultSensitivity` (`medium`: gVisor)
   */
  readonly sensitivity?: Sensitivity;
  /**
   * Runtime of the pods. Weaker than the tier's needs acknowledgement `KH-SBX-001`.
   * @default - the tier's runtime
   */
  readonly runtime?: SandboxRuntime;
  /**
   * Tier whose PriorityClass the pods use. Lower than the tier needs acknowledgement `KH-WKL-007`.
   * @default - the tier
   */
  readonly priority?: Sensitivity;
  /**
   * Where the RuntimeClass and PriorityClass names come from (pass `sandboxRuntimes.ref`).
   * @default - the profile's default names (what `SandboxRuntimes` defines with no props)
   */
  readonly sandbox?: SandboxRuntimesRef;
  /**
   * Replicas. Fewer than the tier's needs acknowledgement `KH-WKL-003`.
   * @default - the tier's `replicas` (2, or 3 for high and critical)
   * @asType integer
   * @minimum 1
   * @maximum 1000
   */
  readonly replicas?: number;
  /**
   * Whether a PodDisruptionBudget (maxUnavailable 1) protects the pods. `false` needs acknowledgement `KH-WKL-004`.
   * @default true
   */
  readonly podDisruptionBudget?: boolean;
  /**
   * Whether images must be pinned by digest. `false` where the tier requires digests needs acknowledgement `KH-IMG-003`.
   * @default - the tier's `requireDigest`
   */
  readonly requireDigest?: boolean;
  /**
   * Registries (host or host/path prefix) the image may come from.
   * @default - any registry
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Image pull policy. Anything but `Always` needs acknowledgement `KH-IMG-005`.
   * @default - the profile's `podSecurity.imagePullPolicy` (`Always`)
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * Container entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * Container arguments.
   * @default - the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Environment variables, literal or from Secret / ConfigMap keys. A literal value for a secret-like name
   * (PASSWORD, PASSWD, PASSPHRASE, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, ENCRYPTION_KEY, CREDENTIAL) needs
   * acknowledgement `KH-SEC-001`, exactly as the audit rule reports it, unless the name says the variable points at
   * the secret (it ends in `_FILE`, `_FILENAME`, `_PATH`, `_DIR`, `_DIRECTORY`, `_URL`, `_URI`, `_ENDPOINT` or `_ARN`,
   * or is `GOOGLE_APPLICATION_CREDENTIALS`) or describes it (it ends in `_NAME`, `_VERSION`, `_TTL`, `_EXPIRES_IN`,
   * `_SECONDS`, `_LENGTH`, `_TYPE`, `_POLICY`, `_ROTATION`, `_ENABLED`, `_ISSUER`, `_AUDIENCE`, `_HEADER` and the like:
   * `SECRET_METADATA_SUFFIX`). Such a variable needs it only when its value carries a credential itself
   * (`https://user:pw@host`, `?client_secret=...`, a PEM private key, an AWS access key ID, a Stripe key). `*_ID` is no
   * such suffix (`AWS_ACCESS_KEY_ID`, a Vault `SECRET_ID`). An empty value is no secret.
   * @default {}
   */
  readonly env?: { readonly [name: string]: EnvValue };
  /**
   * ConfigMaps mounted read-only.
   * @default []
   */
  readonly configMaps?: readonly ConfigMapMount[];
  /**
   * Secrets mounted read-only.
   * @default []
   */
  readonly secrets?: readonly SecretMount[];
  /**
   * Other volumes (PSS restricted types only).
   * @default []
   */
  readonly volumes?: readonly VolumeOptions[];
  /**
   * Paths that get a writable `emptyDir`, besides the profile's (`/tmp`).
   * @default []
   */
  readonly writablePaths?: readonly string[];
  /**
   * Resource requests and limits.
   * @default - the tier's resources
   */
  readonly resources?: ResourceOverrides;
  /**
   * Liveness and readiness probes.
   * @default - tcpSocket probes on the first port with the profile's timings
   */
  readonly probes?: ProbesOptions;
  /**
   * Identity and filesystem overrides. Running as root (KH-POD-015/016), group 0 (KH-POD-020), a writable root
   * filesystem (KH-POD-019) and added capabilities (KH-POD-018) need acknowledgements.
   * @default - the profile's `podSecurity`
   */
  readonly securityContext?: PodSecurityOverrides;
  /**
   * Whether the ServiceAccount token is mounted. `true` needs acknowledgement `KH-WKL-005`.
   * @default - the profile's `podSecurity.automountServiceAccountToken` (false)
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Acknowledged weakenings, by control id, each with a reason; written as annotations
   * `kube-harden.io/acknowledge.<id>` on the Deployment and its pod template.
   * @default {}
   */
  readonly acknowledgements?: Acknowledgements;
}
