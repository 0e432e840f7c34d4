import { Acknowledgements, acknowledgementAnnotations, checkAcknowledgements, requireAcknowledgement } from './acknowledgements';
import { CheckedInputs, ownData, withBoundary } from './boundary';
import { ControlId } from './controls';
import { IMAGE_VERIFICATION_LABEL, SIGSTORE_INCLUDE_LABEL, imageVerificationNamespaceLabels } from './image-supply-chain-policy';
import { K8sObject, finalizeObjects } from './manifest';
import { MESH_LABELS, NamespaceRef, POD_SECURITY_LABEL_PREFIX, POD_SECURITY_MODES, isMeshMode, isNamespaceRef } from './mesh';
import { LABELS, MANAGED_BY, NAMESPACE_POLICY_NAMES, RenderContext } from './naming';
import { HardeningProfile, MeshMode, NamespaceProfile, RESTRICTED_PROFILE, ResourceProfile, SupplyChainEngine } from './profile';
import { baselineCiliumRules, baselineNetworkPolicyRules, objectsForCni } from './traffic/baseline';
import { Problems, checkDnsLabel } from './validation';
import { checkLabelMap, checkQuantity, quantityValue } from './values';

/** Kind of an HNC parent link: a HierarchyConfiguration in the child, or a SubnamespaceAnchor in the parent. */
export type HierarchyMode = 'configuration' | 'anchor';

/** The HNC parent of a namespace (reference.md §4). */
export interface NamespaceParent {
  /** Parent namespace: a name or another ZeroTrustNamespace's ref. */
  readonly namespace: string | NamespaceRef;
  /**
   * `configuration`: a HierarchyConfiguration named `hierarchy` in the child sets `spec.parent`.
   * `anchor`: a SubnamespaceAnchor in the parent makes HNC create the child; no Namespace object is emitted
   * (HNC refuses an anchor for a namespace that already exists). The child's labels (Pod Security, mesh, image
   * verification) can then only come from the anchor's `spec.labels`, and HNC's anchor webhook rejects every key
   * that is not a managed label (`--managed-namespace-label`): anchor mode therefore needs every one of them
   * covered by the profile's `namespace.hncManagedLabels` (the same patterns as the HNC flags), or it is refused.
   * @default - the profile's `namespace.hierarchyMode` (`configuration`)
   */
  readonly mode?: HierarchyMode;
}

/** Image signature admission opt-in of a namespace: the engine whose policy selects it, or `none`. */
export type ImageVerificationOptIn = SupplyChainEngine | 'none';

/** Intent of a ZeroTrustNamespace. */
export interface ZeroTrustNamespaceProps {
  /**
   * Namespace name (DNS-1123 label).
   * @format dns-label
   */
  readonly name: string;
  /**
   * Pod Security policy version pinned on the enforce, audit and warn labels (`v1.<minor>`; `latest` needs an
   * acknowledgement of KH-NS-002).
   * @default - the profile's `namespace.podSecurityVersion`
   */
  readonly podSecurityVersion?: string;
  /**
   * Mesh data plane. `sidecar` sets the injection label: restricted namespaces need the Istio CNI plugin, since the
   * `istio-init` container needs NET_ADMIN. `ambient` sets `istio.io/dataplane-mode=ambient`. `none` (no mTLS,
   * no identity-based policy) needs an acknowledgement of KH-MESH-001.
   * @default - the profile's `namespace.meshMode` (`sidecar`)
   */
  readonly meshMode?: MeshMode;
  /**
   * Istio revision or tag for sidecar injection (`istio.io/rev`) instead of `istio-injection=enabled`. An
   * `istio-injection` label in `labels` is then refused (Istio's revision injector skips a namespace that has one).
   * @default - the default revision
   */
  readonly istioRevision?: string;
  /**
   * Ambient only: the waypoint (a Gateway in this namespace) that processes L7 traffic (`istio.io/use-waypoint`).
   * JWT, HTTP rules and rate limits of ambient workloads need it.
   * @default - no waypoint
   */
  readonly waypoint?: string;
  /**
   * HNC parent.
   * @default - no parent
   */
  readonly parent?: NamespaceParent;
  /**
   * ResourceQuota totals, merged field by field over the profile's (each request at most its limit).
   * @default - the profile's `namespace.quota`
   */
  readonly quota?: Partial<NamespaceProfile['quota']>;
  /**
   * LimitRange defaults for containers that state no resources (quantities; each request at most its limit).
   * @default - the profile's `namespace.containerDefaults`
   */
  readonly containerDefaults?: ResourceProfile;
  /**
   * Image signature admission opt-in labels (ImageSupplyChainPolicy selects them). `none` needs an acknowledgement of KH-SUP-001.
   * @default - the profile's `supplyChain.engine`
   */
  readonly imageVerification?: ImageVerificationOptIn;
  /**
   * Extra namespace labels (the security labels win). One that changes a control label needs the control's
   * acknowledgement; `istio-injection` beside `istioRevision` is refused.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Acknowledged weakenings (recorded as `kube-harden.io/acknowledge.<id>` annotations).
   * @default - none
   */
  readonly acknowledgements?: Acknowledgements;
}

const PSA_VERSION = /^(v1\.(0|[1-9][0-9]*)|latest)$/;

/** The quota, merged field by field over the profile's (an explicit `undefined` keeps the default). */
function resolveQuota(props: ZeroTrustNamespaceProps, profile: HardeningProfile): NamespaceProfile['quota'] {
  const quota = props.quota ?? {};
  const base = profile.namespace.quota;
  return {
    requestsCpu: quota.requestsCpu ?? base.requestsCpu,
    requestsMemory: quota.requestsMemory ?? base.requestsMemory,
    limitsCpu: quota.limitsCpu ?? base.limitsCpu,
    limitsMemory: quota.limitsMemory ?? base.limitsMemory,
    pods: quota.pods ?? base.pods,
  };
}

/** The LimitRange defaults, merged field by field over the profile's. */
function resolveContainerDefaults(props: ZeroTrustNamespaceProps, profile: HardeningProfile): ResourceProfile {
  const given = props.containerDefaults;
  const base = profile.namespace.containerDefaults;
  return {
    requests: { cpu: given?.requests?.cpu ?? base.requests.cpu, memory: given?.requests?.memory ?? base.requests.memory },
    limits: { cpu: given?.limits?.cpu ?? base.limits.cpu, memory: given?.limits?.memory ?? base.limits.memory },
  };
}

/** Checks that `request` and `limit` are quantities and that the request does not exceed the limit. */
function checkRequestLimit(problems: Problems, requestField: string, request: unknown, limitField: string, limit: unknown): void {
  checkQuantity(problems, requestField, request);
  checkQuantity(problems, limitField, limit);
  const r = quantityValue(request as string);
  const l = quantityValue(limit as string);
  if (r !== undefined && l !== undefined && r > l) {
    problems.add(requestField, request, `is more than ${limitField} (${String(limit)})`, `lower it to at most ${String(limit)} or raise ${limitField}.`);
  }
}

/** Checks that the profile's HNC managed-label patterns compile; returns whether they all do. */
function checkHncManagedLabels(problems: Problems, profile: HardeningProfile): boolean {
  let valid = true;
  profile.namespace.hncManagedLabels.forEach((pattern, i) => {
    try {
      new RegExp(`^${pattern}$`);
    } catch {
      valid = false;
      problems.add(`profile.namespace.hncManagedLabels[${i}]`, pattern, 'is not a regular expression', 'give the pattern passed to HNC --managed-namespace-label.');
    }
  });
  return valid;
}

/** The control a namespace label key turns off when its value differs from what kube-harden writes, if any. */
function controlOfLabel(key: string): ControlId | undefined {
  if (key.startsWith(POD_SECURITY_LABEL_PREFIX)) return key.endsWith('-version') ? 'KH-NS-002' : 'KH-NS-001';
  if ((Object.values(MESH_LABELS) as string[]).includes(key)) return 'KH-MESH-001';
  if (key === IMAGE_VERIFICATION_LABEL || key === SIGSTORE_INCLUDE_LABEL) return 'KH-SUP-001';
  return undefined;
}

/**
 * Extra labels that set a control label (Pod Security level or version, mesh injection or data plane, image
 * verification opt-in) to anything but what kube-harden writes are weakenings: each needs the control's acknowledgement.
 * An `istio-injection` label beside `istioRevision` is refused outright: Istio's revision injector selects only
 * namespaces without that label (any value; istio/istio manifests/charts/istio-control/istio-discovery/templates/
 * mutatingwebhook.yaml), so the revision the props name would never inject; `meshMode: 'none'` is how to leave the mesh.
 */
function checkControlLabels(problems: Problems, props: ZeroTrustNamespaceProps, profile: HardeningProfile): void {
  const ours = zeroTrustNamespaceLabels({ ...props, labels: undefined }, profile);
  const revision = ours[MESH_LABELS.revision];
  for (const [key, value] of Object.entries(props.labels ?? {})) {
    if (key === MESH_LABELS.injection && revision !== undefined) {
      problems.add(`labels.${key}`, value, `stops sidecar injection of revision '${revision}' (istioRevision): Istio's revision injector skips a namespace `
        + "with an istio-injection label of any value, so the pods get no sidecar ('enabled' gets them the default revision's, if one is installed)",
      "remove the label: istioRevision alone turns injection on (to leave the mesh, set meshMode: 'none' with acknowledgement KH-MESH-001).");
      continue;
    }
    const control = controlOfLabel(key);
    if (control !== undefined && ours[key] !== value) {
      requireAcknowledgement(problems, props.acknowledgements, control, `labels.${key}`, value,
        `sets a label that turns off or changes a security control (kube-harden writes ${ours[key] === undefined ? 'no such label' : `'${ours[key]}'`})`,
        'remove the label and use the matching prop (podSecurityVersion, meshMode, istioRevision, waypoint, imageVerification)');
    }
  }
}

function checkProps(props: ZeroTrustNamespaceProps, profile: HardeningProfile): void {
  const problems = new Problems();
  const acks = props.acknowledgements;
  checkAcknowledgements(problems, 'acknowledgements', acks);
  checkDnsLabel(problems, 'name', props.name);
  const version = props.podSecurityVersion ?? profile.namespace.podSecurityVersion;
  if (!PSA_VERSION.test(version)) {
    problems.add('podSecurityVersion', version, 'is not a Pod Security policy version', "write 'v1.<minor>', e.g. 'v1.33'.");
  } else if (version === 'latest') {
    requireAcknowledgement(problems, acks, 'KH-NS-002', 'podSecurityVersion', version, "'latest' picks up new checks on every cluster upgrade", 'pin a version such as v1.33');
  }
  const meshMode = props.meshMode ?? profile.namespace.meshMode;
  if (!isMeshMode(meshMode)) {
    problems.add('meshMode', meshMode, 'is not a mesh mode', "use 'sidecar', 'ambient' or 'none'.");
  } else if (meshMode === 'none') {
    requireAcknowledgement(problems, acks, 'KH-MESH-001', 'meshMode', meshMode, 'a namespace without a mesh has no mTLS and no workload identity', "use 'sidecar' or 'ambient'");
  }
  if (props.istioRevision !== undefined) {
    if (meshMode !== 'sidecar') problems.add('istioRevision', props.istioRevision, 'applies to sidecar injection only', "remove it or set meshMode: 'sidecar'.");
    checkDnsLabel(problems, 'istioRevision', props.istioRevision);
  }
  if (props.waypoint !== undefined) {
    if (meshMode !== 'ambient') problems.add('waypoint', props.waypoint, 'applies to ambient mode only', "remove it or set meshMode: 'ambient'.");
    checkDnsLabel(problems, 'waypoint', props.waypoint);
  }
  const patternsValid = checkHncManagedLabels(problems, profile);
  if (props.parent !== undefined) {
    const parent = props.parent.namespace;
    const parentName = isNamespaceRef(parent) ? parent.name : parent;
    checkDnsLabel(problems, 'parent.namespace', parentName);
    if (parentName === props.name) problems.add('parent.namespace', parentName, 'is the namespace itself', 'name a different parent namespace.');
    const mode = props.parent.mode ?? profile.namespace.hierarchyMode;
    if (mode !== 'configuration' && mode !== 'anchor') problems.add('parent.mode', mode, 'is not a hierarchy mode', "use 'configuration' or 'anchor'.");
    if (mode === 'anchor' && patternsValid) {
      const unmanaged = Object.keys(zeroTrustNamespaceLabels(props, profile)).filter((key) => !isHncManagedLabel(key, profile)).sort();
      if (unmanaged.length > 0) {
        problems.add('parent.mode', mode, `the child namespace's labels ${unmanaged.join(', ')} are not HNC managed labels: HNC's anchor webhook rejects them, and without them the child would run without Pod Security enforcement`,
          "use mode 'configuration', or start HNC with --managed-namespace-label for these keys and list the same patterns in the profile's namespace.hncManagedLabels.");
      }
    }
  }
  const engine = props.imageVerification ?? profile.supplyChain.engine;
  if (engine === 'none') {
    requireAcknowledgement(problems, acks, 'KH-SUP-001', 'imageVerification', engine, 'images in this namespace are not checked for signatures at admission', "use 'kyverno' or 'sigstore'");
  } else if (engine !== 'kyverno' && engine !== 'sigstore') {
    problems.add('imageVerification', engine, 'is not an image verification engine', "use 'kyverno', 'sigstore' or 'none'.");
  }
  if (profile.namespace.podSecurityLevel !== RESTRICTED_PROFILE.namespace.podSecurityLevel) {
    requireAcknowledgement(problems, acks, 'KH-NS-001', 'profile.namespace.podSecurityLevel', profile.namespace.podSecurityLevel,
      'admits pods that Pod Security Standards restricted forbids', "use 'restricted'");
  }
  checkLabelMap(problems, 'labels', props.labels);
  checkControlLabels(problems, props, profile);
  const quota = resolveQuota(props, profile);
  checkRequestLimit(problems, 'quota.requestsCpu', quota.requestsCpu, 'quota.limitsCpu', quota.limitsCpu);
  checkRequestLimit(problems, 'quota.requestsMemory', quota.requestsMemory, 'quota.limitsMemory', quota.limitsMemory);
  if (!(Number.isInteger(quota.pods) && quota.pods >= 0)) problems.add('quota.pods', quota.pods, 'is not a valid pod count', 'give a whole number.');
  const defaults = resolveContainerDefaults(props, profile);
  checkRequestLimit(problems, 'containerDefaults.requests.cpu', defaults.requests.cpu, 'containerDefaults.limits.cpu', defaults.limits.cpu);
  checkRequestLimit(problems, 'containerDefaults.requests.memory', defaults.requests.memory, 'containerDefaults.limits.memory', defaults.limits.memory);
  problems.throwIfAny(`ZeroTrustNamespace '${props.name}'`);
}

/**
 * Whether HNC manages label `key`: HNC compiles each `--managed-namespace-label` pattern as `^<pattern>$`
 * (hierarchical-namespaces internal/config/namespace.go `setManagedMeta`, `IsManagedLabel`).
 */
export function isHncManagedLabel(key: string, profile: HardeningProfile = RESTRICTED_PROFILE): boolean {
  return profile.namespace.hncManagedLabels.some((pattern) => new RegExp(`^${pattern}$`).test(key));
}

/** The namespace as a peer and as the home of workloads, without rendering it. */
export function zeroTrustNamespaceRef(rawProps: ZeroTrustNamespaceProps, profile: HardeningProfile = RESTRICTED_PROFILE): NamespaceRef {
  const props = ownData(rawProps, new Problems(), 'props') as ZeroTrustNamespaceProps;
  const meshMode = props.meshMode ?? profile.namespace.meshMode;
  return props.waypoint === undefined ? { name: props.name, meshMode } : { name: props.name, meshMode, waypoint: props.waypoint };
}

/** The labels a ZeroTrustNamespace puts on its Namespace (or its anchor's `spec.labels`): PSA, mesh, image verification, extra labels. */
export function zeroTrustNamespaceLabels(props: ZeroTrustNamespaceProps, profile: HardeningProfile = RESTRICTED_PROFILE): Record<string, string> {
  const version = props.podSecurityVersion ?? profile.namespace.podSecurityVersion;
  const labels: Record<string, string> = { ...props.labels };
  for (const mode of POD_SECURITY_MODES) {
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}`] = profile.namespace.podSecurityLevel;
    labels[`${POD_SECURITY_LABEL_PREFIX}${mode}-version`] = version;
  }
  const meshMode = props.meshMode ?? profile.namespace.meshMode;
  if (meshMode === 'sidecar') {
    if (props.istioRevision !== undefined) labels[MESH_LABELS.revision] = props.istioRevision;
    else labels[MESH_LABELS.injection] = 'enabled';
  } else if (meshMode === 'ambient') {
    labels[MESH_LABELS.dataplaneMode] = 'ambient';
    if (props.waypoint !== undefined) labels[MESH_LABELS.useWaypoint] = props.waypoint;
  }
  const engine = props.imageVerification ?? profile.supplyChain.engine;
  return engine === 'none' ? labels : { ...labels, ...imageVerificationNamespaceLabels(engine) };
}

/**
 * Renders a ZeroTrustNamespace: the Namespace (or, in HNC anchor mode, a SubnamespaceAnchor in the parent),
 * an HNC HierarchyConfiguration, a STRICT PeerAuthentication and an allow-nothing AuthorizationPolicy when meshed,
 * a default-deny CiliumNetworkPolicy and NetworkPolicy that keep DNS, kubelet probes and mesh traffic working,
 * a ResourceQuota and a LimitRange.
 */
export function renderZeroTrustNamespace(
  props: ZeroTrustNamespaceProps,
  context: RenderContext = {},
  profile: HardeningProfile = RESTRICTED_PROFILE,
): K8sObject[] {
  return withBoundary('ZeroTrustNamespace', 'ZeroTrustNamespaceProps', { props, context, profile },
    (inputs: CheckedInputs<ZeroTrustNamespaceProps>) => renderCheckedZeroTrustNamespace(inputs.props, inputs.context, inputs.profile));
}

/** Renders inputs that passed the boundary (see `renderZeroTrustNamespace`). */
function renderCheckedZeroTrustNamespace(props: ZeroTrustNamespaceProps, context: RenderContext, profile: HardeningProfile): K8sObject[] {
  checkProps(props, profile);
  const name = props.name;
  const meshMode = props.meshMode ?? profile.namespace.meshMode;
  const labels = { ...context.labels, [LABELS.name]: 'zero-trust-namespace', [LABELS.instance]: name, [LABELS.managedBy]: MANAGED_BY };
  const acknowledged = acknowledgementAnnotations(props.acknowledgements);
  const annotations = Object.keys(acknowledged).length > 0 ? acknowledged : undefined;
  const meta = (objectName: string, namespace = name) => ({ name: objectName, namespace, labels });
  const namespaceLabels = zeroTrustNamespaceLabels(props, profile);
  const objects: K8sObject[] = [];

  const parent = props.parent;
  const parentName = parent === undefined ? undefined : isNamespaceRef(parent.namespace) ? parent.namespace.name : parent.namespace;
  const anchored = parent !== undefined && (parent.mode ?? profile.namespace.hierarchyMode) === 'anchor';
  // HNC removes managed labels from a namespace unless its HierarchyConfiguration (or an ancestor's, or its anchor)
  // declares them (internal/hierarchyconfig/reconciler.go `syncLabels`): managed labels go there too.
  const managedKeys = Object.keys(namespaceLabels).filter((key) => isHncManagedLabel(key, profile)).sort();
  const managedPairs = managedKeys.map((key) => ({ key, value: namespaceLabels[key] }));
  if (anchored && parentName !== undefined) {
    // checkProps made sure every label is managed (the anchor webhook rejects any other key). The acknowledgements
    // stay on the anchor's metadata: HNC would reject them in spec.annotations too (not managed annotations).
    objects.push({
      apiVersion: 'hnc.x-k8s.io/v1alpha2',
      kind: 'SubnamespaceAnchor',
      metadata: { ...meta(name, parentName), annotations },
      spec: { labels: managedPairs },
    });
  } else {
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { ...labels, ...namespaceLabels }, annotations },
    });
    if (parentName !== undefined || managedPairs.length > 0) {
      objects.push({
        apiVersion: 'hnc.x-k8s.io/v1alpha2',
        kind: 'HierarchyConfiguration',
        metadata: meta('hierarchy'),
        spec: { parent: parentName, labels: managedPairs.length > 0 ? managedPairs : undefined },
      });
    }
  }

  if (meshMode !== 'none') {
    objects.push(
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta('default'), spec: { mtls: { mode: 'STRICT' } } },
      { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(NAMESPACE_POLICY_NAMES.allowNothing), spec: {} },
    );
  }

  const cilium = baselineCiliumRules(meshMode, profile);
  objects.push({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: meta(NAMESPACE_POLICY_NAMES.defaultDeny),
    spec: {
      description: `Default deny for namespace ${name}: only DNS, kubelet probes and mesh traffic are allowed.`,
      endpointSelector: {},
      enableDefaultDeny: { ingress: true, egress: true },
      ingress: cilium.ingress,
      egress: cilium.egress,
    },
  });
  const standard = baselineNetworkPolicyRules(meshMode, profile);
  objects.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(NAMESPACE_POLICY_NAMES.defaultDeny),
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: standard.ingress, egress: standard.egress },
  });

  const quota = resolveQuota(props, profile);
  objects.push({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: meta('quota'),
    spec: {
      hard: {
        'requests.cpu': quota.requestsCpu,
        'requests.memory': quota.requestsMemory,
        'limits.cpu': quota.limitsCpu,
        'limits.memory': quota.limitsMemory,
        'pods': String(quota.pods),
      },
    },
  });
  const defaults = resolveContainerDefaults(props, profile);
  objects.push({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta('container-defaults'),
    spec: { limits: [{ type: 'Container', default: { ...defaults.limits }, defaultRequest: { ...defaults.requests } }] },
  });
  return finalizeObjects(objectsForCni(objects, profile));
}
