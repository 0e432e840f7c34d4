import { Acknowledgements, acknowledgementAnnotations, checkAcknowledgements, requireAcknowledgement } from './acknowledgements';
import { CheckedInputs, withBoundary } from './boundary';
import { K8sObject, finalizeObjects } from './manifest';
import { LABELS, MANAGED_BY, RenderContext } from './naming';
import { HardeningProfile, RESTRICTED_PROFILE, SupplyChainEngine, SupplyChainFailureAction, SupplyChainProfile } from './profile';
import { checkDnsSubdomain, checkInteger, Problems } from './validation';

/**
 * ImageSupplyChainPolicy (guide §2.2): only signed images, with a signed vulnerability-scan attestation showing no
 * more critical findings than allowed, from allowed registries, never `latest` or untagged, may run in the
 * namespaces that opt in. Kyverno `ClusterPolicy` or Sigstore policy-controller `ClusterImagePolicy`.
 */

/** Namespace label that opts a namespace into Kyverno image verification (ZeroTrustNamespace sets it). */
export const IMAGE_VERIFICATION_LABEL = 'kube-harden.io/image-verification';

/** Value of {@link IMAGE_VERIFICATION_LABEL} on an opted-in namespace. */
export const IMAGE_VERIFICATION_ENABLED = 'enforced';

/** Namespace label Sigstore policy-controller's webhooks select (opt-in). */
export const SIGSTORE_INCLUDE_LABEL = 'policy.sigstore.dev/include';

/** Predicate type of the cosign vulnerability attestation (`trivy --format cosign-vuln`, `cosign attest --type vuln`). */
export const VULN_PREDICATE_TYPE = 'https://cosign.sigstore.dev/attestation/vuln/v1';

/** The labels a namespace needs so that the policy of `engine` applies to it. */
export function imageVerificationNamespaceLabels(engine: SupplyChainEngine): Record<string, string> {
  return engine === 'sigstore'
    ? { [IMAGE_VERIFICATION_LABEL]: IMAGE_VERIFICATION_ENABLED, [SIGSTORE_INCLUDE_LABEL]: 'true' }
    : { [IMAGE_VERIFICATION_LABEL]: IMAGE_VERIFICATION_ENABLED };
}

/** Transparency-log (Rekor) settings of an authority. */
export interface TransparencyLog {
  /**
   * Rekor URL (your private instance on an intranet).
   * @default - the profile's `supplyChain.rekorUrl` (https://rekor.sigstore.dev)
   */
  readonly url?: string;
  /**
   * Skip the transparency-log check (only when no Rekor is reachable; Kyverno only).
   * @default false
   */
  readonly ignoreTlog?: boolean;
}

/** A cosign public key that signs images. */
export interface KeyAuthority {
  /** Name of the authority (DNS-1123 subdomain). */
  readonly name: string;
  /** PEM-encoded cosign public key (`-----BEGIN PUBLIC KEY-----`). */
  readonly publicKey: string;
  /**
   * Transparency log.
   * @default - profile Rekor URL, transparency log checked
   */
  readonly rekor?: TransparencyLog;
}

/** A keyless (Fulcio certificate) signer identity. */
export interface KeylessAuthority {
  /** Name of the authority (DNS-1123 subdomain). */
  readonly name: string;
  /** OIDC issuer, e.g. `https://token.actions.githubusercontent.com`. */
  readonly issuer: string;
  /** Certificate subject (exact), e.g. `https://github.com/acme/pay/.github/workflows/release.yml@refs/heads/main`. */
  readonly subject: string;
  /**
   * Transparency log.
   * @default - profile Rekor URL, transparency log checked
   */
  readonly rekor?: TransparencyLog;
}

/** Who may sign: a cosign key or a keyless identity. */
export type SignatureAuthority = KeyAuthority | KeylessAuthority;

/**
 * How the mesh proxy images Istio injects (`istio-proxy`, and `istio-validation` with Istio CNI) are admitted.
 * Their registry is always allowed; without a key they are not signature-checked (Sigstore: a static-pass
 * ClusterImagePolicy, since policy-controller's `no-match-policy` denies images no policy matches).
 */
export interface MeshProxyImages {
  /**
   * Registry (host or host/path prefix) the proxy images come from (Istio's `global.hub`).
   * @default - the profile's `supplyChain.meshProxyRegistry` (`docker.io/istio`)
   */
  readonly registry?: string;
  /**
   * PEM cosign public key that signs the proxy images (e.g. your key after mirroring and re-signing them);
   * when given, both engines verify the proxy signature.
   * @default - no signature check: a static pass, stated in a `kube-harden.io/note` annotation
   */
  readonly publicKey?: string;
}

/** Annotation that states a deliberate gap on an emitted object. */
const NOTE_ANNOTATION = 'kube-harden.io/note';

/** Props of an ImageSupplyChainPolicy. */
export interface ImageSupplyChainPolicyProps {
  /**
   * Name of the cluster-scoped policy object: a DNS-1123 subdomain of at most 63 characters, since it is also the
   * value of the objects' `app.kubernetes.io/instance` label.
   */
  readonly name: string;
  /**
   * Admission engine.
   * @default - the profile's `supplyChain.engine` (`kyverno`)
   */
  readonly engine?: SupplyChainEngine;
  /** Image reference globs that must be signed, e.g. `registry.example.cn/pay/*` (`*` matches across `/`; `?`, one character, with Kyverno only). */
  readonly images: readonly string[];
  /**
   * Registries (host or host/path prefix) images may come from.
   * @default - the registry prefixes of `images`
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Mesh proxy images (registry and optional signing key); `false` when no namespace of the policy runs a mesh.
   * @default - the profile's `supplyChain.meshProxyRegistry`, no signature check
   */
  readonly meshProxy?: MeshProxyImages | false;
  /** Signers: an image passes when any one of them signed it (and attested its scan). */
  readonly authorities: readonly SignatureAuthority[];
  /**
   * Largest number of CRITICAL findings the signed scan attestation may report; above 0 needs an acknowledgement of
   * KH-SUP-003.
   * @default - the profile's `supplyChain.maxCriticalVulnerabilities` (0)
   * @asType integer
   * @minimum 0
   * @maximum 1000000
   */
  readonly maxCriticalVulnerabilities?: number;
  /**
   * Largest age of the scan attestation (Kyverno duration), e.g. `168h`.
   * @default - the profile's `supplyChain.maxScanAge`
   */
  readonly maxScanAge?: string;
  /**
   * `Enforce` denies; `Audit` only reports (needs an acknowledgement of KH-SUP-001; Kyverno then cannot mutate digests).
   * @default - the profile's `supplyChain.failureAction` (`Enforce`)
   */
  readonly failureAction?: SupplyChainFailureAction;
  /**
   * Acknowledged weakenings with a reason (KH-SUP-001 for `Audit`, KH-SUP-003 for critical vulnerabilities above 0).
   * @default - none
   */
  readonly acknowledgements?: Acknowledgements;
}

const PEM_KEY = /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n?$/;
const IMAGE_GLOB = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._*?-]+)*(\/\*|\*)?$/;
const DURATION = /^([0-9]+(h|m|s))+$/;
const REGISTRY = /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/;

function isKeyAuthority(authority: SignatureAuthority): authority is KeyAuthority {
  return (authority as KeyAuthority).publicKey !== undefined;
}

/** The registry prefix of an image glob: everything before the first wildcard, without a trailing `/`. */
export function registryPrefixOf(glob: string): string {
  return glob.split(/[*?]/)[0].replace(/\/+$/, '');
}

function validate(props: ImageSupplyChainPolicyProps, defaults: SupplyChainProfile): void {
  const failureAction = props.failureAction ?? defaults.failureAction;
  const problems = new Problems();
  checkDnsSubdomain(problems, 'name', props.name);
  if (typeof props.name === 'string' && props.name.length > 63) {
    problems.add('name', props.name, 'is longer than 63 characters, the limit of the app.kubernetes.io/instance label value it is written to',
      'use a name of at most 63 characters.');
  }
  checkAcknowledgements(problems, 'acknowledgements', props.acknowledgements);
  if (props.engine !== undefined && props.engine !== 'kyverno' && props.engine !== 'sigstore') {
    problems.add('engine', props.engine, 'is not a supported engine', "use 'kyverno' or 'sigstore'.");
  }
  if (!Array.isArray(props.images) || props.images.length === 0) {
    problems.add('images', props.images, 'must list at least one image glob', "give e.g. ['registry.example.cn/pay/*'].");
  } else {
    const engine = props.engine ?? defaults.engine;
    props.images.forEach((glob, i) => {
      if (typeof glob !== 'string' || !IMAGE_GLOB.test(glob) || !registryPrefixOf(glob).includes('.')) {
        problems.add(`images[${i}]`, glob, 'is not an image glob that names a registry host',
          "write '<registry host>/<path>/*', e.g. 'registry.example.cn/pay/*'.");
      } else if (engine === 'sigstore' && glob.includes('?')) {
        // policy-controller's webhook rejects a glob outside [a-zA-Z0-9-_:/*.@] (pkg/apis/glob/glob.go validGlob).
        problems.add(`images[${i}]`, glob, "uses '?', which Sigstore policy-controller globs do not support",
          "use '*' (one path segment) instead, or engine 'kyverno'.");
      }
    });
  }
  (props.allowedRegistries ?? []).forEach((registry, i) => {
    if (typeof registry !== 'string' || !REGISTRY.test(registry)) {
      problems.add(`allowedRegistries[${i}]`, registry, 'is not a registry host or host/path prefix', "write e.g. 'registry.example.cn/pay'.");
    }
  });
  if (props.meshProxy) {
    const { registry, publicKey } = props.meshProxy;
    if (registry !== undefined && (typeof registry !== 'string' || !REGISTRY.test(registry))) {
      problems.add('meshProxy.registry', registry, 'is not a registry host or host/path prefix', "write Istio's hub, e.g. 'docker.io/istio'.");
    }
    if (publicKey !== undefined && (typeof publicKey !== 'string' || !PEM_KEY.test(publicKey))) {
      problems.add('meshProxy.publicKey', publicKey, 'is not a PEM public key', 'paste the public key that signs the proxy images (-----BEGIN PUBLIC KEY----- ...).');
    }
  }
  if (!Array.isArray(props.authorities) || props.authorities.length === 0) {
    problems.add('authorities', props.authorities, 'must name at least one signer', 'add a cosign public key or a keyless identity (issuer and subject).');
  } else {
    const names = new Set<string>();
    props.authorities.forEach((a, i) => {
      checkDnsSubdomain(problems, `authorities[${i}].name`, a.name);
      if (names.has(a.name)) {
        problems.add(`authorities[${i}].name`, a.name, 'is used twice', 'give every authority its own name.');
      }
      names.add(a.name);
      if (isKeyAuthority(a)) {
        if (typeof a.publicKey !== 'string' || !PEM_KEY.test(a.publicKey)) {
          problems.add(`authorities[${i}].publicKey`, a.publicKey, 'is not a PEM public key', "paste the content of 'cosign.pub' (-----BEGIN PUBLIC KEY----- ...).");
        }
      } else if (typeof a.issuer !== 'string' || !/^https:\/\//.test(a.issuer) || typeof a.subject !== 'string' || a.subject.length === 0) {
        problems.add(`authorities[${i}]`, a, 'needs a publicKey, or an https issuer and a subject', 'give a cosign public key, or the OIDC issuer URL and the exact certificate subject.');
      }
      if (a.rekor?.url !== undefined && !/^https:\/\/[^\s]+$/.test(a.rekor.url)) {
        problems.add(`authorities[${i}].rekor.url`, a.rekor.url, 'is not an https URL', "give your Rekor's https URL.");
      }
      if (a.rekor?.ignoreTlog === true && props.engine === 'sigstore') {
        problems.add(`authorities[${i}].rekor.ignoreTlog`, true, 'is not supported by Sigstore policy-controller', "use engine 'kyverno', or point rekor.url at a reachable Rekor.");
      }
    });
  }
  const maxCritical = props.maxCriticalVulnerabilities ?? defaults.maxCriticalVulnerabilities;
  const maxCriticalField = props.maxCriticalVulnerabilities === undefined ? 'profile.supplyChain.maxCriticalVulnerabilities' : 'maxCriticalVulnerabilities';
  checkInteger(problems, maxCriticalField, maxCritical, 0, 10000);
  if (typeof maxCritical === 'number' && maxCritical > 0) {
    requireAcknowledgement(problems, props.acknowledgements, 'KH-SUP-003', maxCriticalField, maxCritical,
      'admits images whose signed scan reports CRITICAL vulnerabilities (guide §2.2: zero tolerance)', 'use 0');
  }
  if (props.maxScanAge !== undefined && (typeof props.maxScanAge !== 'string' || !DURATION.test(props.maxScanAge))) {
    problems.add('maxScanAge', props.maxScanAge, 'is not a duration', "write e.g. '168h' or '24h'.");
  }
  const failureActionField = props.failureAction === undefined ? 'profile.supplyChain.failureAction' : 'failureAction';
  if (failureAction !== 'Enforce' && failureAction !== 'Audit') {
    problems.add(failureActionField, failureAction, 'is not a failure action', "use 'Enforce' or 'Audit'.");
  } else if (failureAction === 'Audit') {
    requireAcknowledgement(problems, props.acknowledgements, 'KH-SUP-001', failureActionField, failureAction,
      'only reports unsigned or unscanned images, it admits them', "keep 'Enforce'");
  }
  problems.throwIfAny(`ImageSupplyChainPolicy '${String(props.name)}'`);
}

function metadataOf(props: ImageSupplyChainPolicyProps, context: RenderContext, name = props.name): K8sObject['metadata'] {
  const annotations = acknowledgementAnnotations(props.acknowledgements);
  return {
    name,
    labels: { ...context.labels, [LABELS.name]: 'image-supply-chain-policy', [LABELS.instance]: props.name, [LABELS.managedBy]: MANAGED_BY },
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
  };
}

interface Resolved {
  readonly engine: SupplyChainEngine;
  readonly failureAction: SupplyChainFailureAction;
  readonly maxCritical: number;
  readonly maxScanAge: string;
  readonly rekorUrl: string;
  readonly allowedRegistries: readonly string[];
  readonly webhookTimeoutSeconds: number;
  /** Registry of the mesh proxy images, when a mesh may run. */
  readonly meshProxyRegistry?: string;
  /** Key that signs the mesh proxy images, when they are verified. */
  readonly meshProxyKey?: string;
}

/** JMESPath counting CRITICAL findings in the Trivy report; a clean image may have no `Vulnerabilities` key at all. */
const CRITICAL_COUNT = "{{ scanner.result.Results[].Vulnerabilities[] || `[]` | [?Severity=='CRITICAL'] | length(@) }}";

function kyvernoAttestor(a: SignatureAuthority, r: Resolved): Record<string, unknown> {
  const rekor = { url: a.rekor?.url ?? r.rekorUrl, ignoreTlog: a.rekor?.ignoreTlog };
  return isKeyAuthority(a)
    ? { keys: { publicKeys: a.publicKey, rekor } }
    : { keyless: { issuer: a.issuer, subject: a.subject, rekor } };
}

/** A signature check of the mesh proxy images, when their key is given (no scan attestation: Istio publishes none). */
function kyvernoMeshProxyVerification(r: Resolved): Record<string, unknown>[] {
  if (r.meshProxyRegistry === undefined || r.meshProxyKey === undefined) return [];
  return [{
    failureAction: r.failureAction,
    imageReferences: [`${r.meshProxyRegistry}/*`],
    // The injector writes a tag; the mutating webhooks' order is not ours to rely on, so no digest mutation here.
    mutateDigest: false,
    verifyDigest: false,
    required: true,
    attestors: [{ count: 1, entries: [{ keys: { publicKeys: r.meshProxyKey, rekor: { url: r.rekorUrl } } }] }],
  }];
}

function kyvernoPolicy(props: ImageSupplyChainPolicyProps, context: RenderContext, r: Resolved): K8sObject {
  const match = { any: [{ resources: { kinds: ['Pod'], namespaceSelector: { matchLabels: { [IMAGE_VERIFICATION_LABEL]: IMAGE_VERIFICATION_ENABLED } } } }] };
  const attestors = [{ count: 1, entries: props.authorities.map((a) => kyvernoAttestor(a, r)) }];
  const allContainers = (image: string) => ({
    spec: { 'containers': [{ image }], '=(initContainers)': [{ image }], '=(ephemeralContainers)': [{ image }] },
  });
  const enforce = r.failureAction === 'Enforce';
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: metadataOf(props, context),
    spec: {
      background: false,
      failurePolicy: 'Fail',
      validationFailureAction: r.failureAction,
      webhookTimeoutSeconds: r.webhookTimeoutSeconds,
      rules: [
        {
          name: 'verify-signature-and-scan',
          match,
          verifyImages: [{
            failureAction: r.failureAction,
            imageReferences: [...props.images],
            mutateDigest: enforce,
            verifyDigest: true,
            required: true,
            attestors,
            attestations: [{
              type: VULN_PREDICATE_TYPE,
              attestors,
              conditions: [{
                all: [
                  { key: "{{ time_since('','{{ metadata.scanFinishedOn }}','') }}", operator: 'LessThanOrEquals', value: r.maxScanAge },
                  { key: CRITICAL_COUNT, operator: 'LessThanOrEquals', value: r.maxCritical },
                ],
              }],
            }],
          }, ...kyvernoMeshProxyVerification(r)],
        },
        {
          name: 'require-image-tag',
          match,
          validate: { failureAction: r.failureAction, message: 'Images must name a tag or digest (untagged means latest).', pattern: allContainers('*:*') },
        },
        {
          name: 'deny-latest-tag',
          match,
          validate: { failureAction: r.failureAction, message: "Images must not use the mutable tag 'latest'.", pattern: allContainers('!*:latest') },
        },
        {
          name: 'restrict-image-registries',
          match,
          validate: {
            failureAction: r.failureAction,
            message: `Images must come from: ${r.allowedRegistries.join(', ')}.`,
            pattern: allContainers(r.allowedRegistries.map((p) => `${p}/*`).join(' | ')),
          },
        },
      ],
    },
  };
}

/** Rego run by policy-controller on the vulnerability attestation: at most `max` CRITICAL findings. */
function vulnRego(max: number): string {
  return [
    'package sigstore',
    'default isCompliant = false',
    'isCompliant {',
    `  input.predicateType == "${VULN_PREDICATE_TYPE}"`,
    '  input.predicate.scanner.result',
    '  critical := [v | v := input.predicate.scanner.result.Results[_].Vulnerabilities[_]; v.Severity == "CRITICAL"]',
    `  count(critical) <= ${max}`,
    '}',
    '',
  ].join('\n');
}

function sigstoreAuthority(a: SignatureAuthority, r: Resolved): Record<string, unknown> {
  const attestations = [{ name: 'no-critical-vulnerabilities', predicateType: VULN_PREDICATE_TYPE, policy: { type: 'rego', data: vulnRego(r.maxCritical) } }];
  const ctlog = { url: a.rekor?.url ?? r.rekorUrl };
  return isKeyAuthority(a)
    ? { name: a.name, key: { data: a.publicKey, hashAlgorithm: 'sha256' }, ctlog, attestations }
    : { name: a.name, keyless: { identities: [{ issuer: a.issuer, subject: a.subject }] }, ctlog, attestations };
}

function sigstorePolicy(props: ImageSupplyChainPolicyProps, context: RenderContext, r: Resolved): K8sObject {
  return {
    apiVersion: 'policy.sigstore.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata: metadataOf(props, context),
    spec: {
      // policy-controller globs: `*` stops at '/', `**` crosses it (Kyverno's `*` crosses it).
      images: props.images.map((glob) => ({ glob: glob.replace(/\*+/g, '**') })),
      mode: r.failureAction === 'Enforce' ? 'enforce' : 'warn',
      authorities: props.authorities.map((a) => sigstoreAuthority(a, r)),
    },
  };
}

/**
 * The ClusterImagePolicy of the mesh proxy images: policy-controller's `no-match-policy` (default `deny`) rejects an
 * image no policy matches, which would refuse every sidecar pod. A key verifies them; without one, a static pass.
 */
function sigstoreMeshProxyPolicy(props: ImageSupplyChainPolicyProps, context: RenderContext, r: Resolved): K8sObject[] {
  if (r.meshProxyRegistry === undefined) return [];
  const base = metadataOf(props, context, `${props.name}-mesh-proxy`);
  const note = `Mesh proxy images from ${r.meshProxyRegistry} pass without a signature check (registry-restricted only); set meshProxy.publicKey to verify them.`;
  const metadata = r.meshProxyKey === undefined ? { ...base, annotations: { ...base.annotations, [NOTE_ANNOTATION]: note } } : base;
  const authority = r.meshProxyKey === undefined
    ? { name: 'mesh-proxy-static-pass', static: { action: 'pass' } }
    : { name: 'mesh-proxy-key', key: { data: r.meshProxyKey, hashAlgorithm: 'sha256' }, ctlog: { url: r.rekorUrl } };
  return [{
    apiVersion: 'policy.sigstore.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata,
    spec: { images: [{ glob: `${r.meshProxyRegistry}/**` }], mode: r.failureAction === 'Enforce' ? 'enforce' : 'warn', authorities: [authority] },
  }];
}

/** CEL: the image names a tag other than `latest`, or a digest. */
const TAGGED = "(i.matches('@sha256:[a-f0-9]{64}$') || i.matches('^(.*/)?[^/:]+:[^/:@]+$')) && !i.matches(':latest(@|$)')";

function celImages(): string {
  return 'object.spec.containers.map(c, c.image) + (has(object.spec.initContainers) ? object.spec.initContainers.map(c, c.image) : [])'
    + ' + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers.map(c, c.image) : [])';
}

/** Sigstore has no tag or registry rules: a built-in ValidatingAdmissionPolicy adds them, scoped the same way. */
function sigstoreCompanions(props: ImageSupplyChainPolicyProps, context: RenderContext, r: Resolved): K8sObject[] {
  const name = `${props.name}-image-rules`;
  const registries = r.allowedRegistries.map((p) => `i.startsWith('${p}/')`).join(' || ');
  return [
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: metadataOf(props, context, name),
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }] },
        validations: [
          { expression: `(${celImages()}).all(i, ${TAGGED})`, message: "Images must name a tag other than 'latest', or a digest.", reason: 'Forbidden' },
          { expression: `(${celImages()}).all(i, ${registries})`, message: `Images must come from: ${r.allowedRegistries.join(', ')}.`, reason: 'Forbidden' },
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: metadataOf(props, context, name),
      spec: {
        policyName: name,
        validationActions: r.failureAction === 'Enforce' ? ['Deny'] : ['Warn', 'Audit'],
        matchResources: { namespaceSelector: { matchLabels: { [SIGSTORE_INCLUDE_LABEL]: 'true' } } },
      },
    },
  ];
}

/**
 * Renders the image admission policy: a Kyverno `ClusterPolicy` (verifyImages + tag and registry rules), or a
 * Sigstore `ClusterImagePolicy` plus a `ValidatingAdmissionPolicy` for tags and registries.
 * Namespaces opt in with {@link imageVerificationNamespaceLabels}.
 */
export function renderImageSupplyChainPolicy(
  props: ImageSupplyChainPolicyProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): K8sObject[] {
  return withBoundary('ImageSupplyChainPolicy', 'ImageSupplyChainPolicyProps', { props, context, profile },
    (inputs: CheckedInputs<ImageSupplyChainPolicyProps>) => renderCheckedImageSupplyChainPolicy(inputs.props, inputs.context, inputs.profile));
}

/** Renders inputs that passed the boundary (see `renderImageSupplyChainPolicy`). */
function renderCheckedImageSupplyChainPolicy(props: ImageSupplyChainPolicyProps, context: RenderContext, profile: HardeningProfile): K8sObject[] {
  const defaults = profile.supplyChain;
  validate(props, defaults);
  const failureAction = props.failureAction ?? defaults.failureAction;
  const meshProxyRegistry = props.meshProxy === false ? undefined : props.meshProxy?.registry ?? defaults.meshProxyRegistry;
  const allowed = props.allowedRegistries ?? [...new Set(props.images.map(registryPrefixOf))];
  const r: Resolved = {
    engine: props.engine ?? defaults.engine,
    failureAction,
    maxCritical: props.maxCriticalVulnerabilities ?? defaults.maxCriticalVulnerabilities,
    maxScanAge: props.maxScanAge ?? defaults.maxScanAge,
    rekorUrl: defaults.rekorUrl,
    webhookTimeoutSeconds: defaults.webhookTimeoutSeconds,
    allowedRegistries: meshProxyRegistry === undefined || allowed.some((p) => meshProxyRegistry === p || meshProxyRegistry.startsWith(`${p}/`))
      ? allowed : [...allowed, meshProxyRegistry],
    meshProxyRegistry,
    meshProxyKey: props.meshProxy === false ? undefined : props.meshProxy?.publicKey,
  };
  return finalizeObjects(r.engine === 'sigstore'
    ? [sigstorePolicy(props, context, r), ...sigstoreMeshProxyPolicy(props, context, r), ...sigstoreCompanions(props, context, r)]
    : [kyvernoPolicy(props, context, r)]);
}
