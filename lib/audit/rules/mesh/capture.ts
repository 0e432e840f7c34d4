import { MESH_LABELS } from '../../../core/mesh';

/**
 * Whether Istio captures a pod's traffic, and how: as Istio itself selects pods (istio/istio, Aug 2026). Sidecar
 * injection is decided by the injector webhooks' namespace and object selectors
 * (manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml) and then by the pod's own opt-out
 * (pkg/kube/inject/inject.go `injectRequired`); ambient enrolment by istio-cni's default enablement selectors
 * (manifests/charts/istio-cni/values.yaml `ambient.enablementSelectors`, cni/pkg/util/enablement_selector.go), which
 * leave out host-network pods and pods that have a sidecar.
 */

/** Pod label (or, deprecated, annotation) that opts a pod in or out of sidecar injection; the label wins. */
export const SIDECAR_INJECT_KEY = 'sidecar.istio.io/inject';

/** Reads one label (or annotation) value; `undefined` when absent. */
export type MetadataReader = (key: string) => string | undefined;

/** What Istio reads of a pod to decide whether it captures the pod's traffic. */
export interface PodMeshFacts {
  /** The pod's labels. */
  readonly label: MetadataReader;
  /** The pod's annotations. */
  readonly annotation: MetadataReader;
  /** `spec.hostNetwork`: Istio never injects nor enrols a host-network pod. */
  readonly hostNetwork: boolean;
}

/** How the mesh captures a pod, and the label that puts it in. */
export interface MeshCapture {
  /** The data plane: a sidecar injected into the pod, or ztunnel (ambient). */
  readonly mode: 'sidecar' | 'ambient';
  /** The label that puts the pod in the mesh, for messages (`namespace label istio-injection=enabled`). */
  readonly by: string;
}

/** The pod's own injection choice: its `sidecar.istio.io/inject` label when it has one, else the annotation. */
function injectChoice(pod: PodMeshFacts): string | undefined {
  return pod.label(SIDECAR_INJECT_KEY) ?? pod.annotation(SIDECAR_INJECT_KEY);
}

/**
 * The label by which a sidecar injector selects the pod, if one does: the namespace's `istio-injection: enabled`
 * (another value turns every injector off for the namespace); else, without that label, the namespace's
 * `istio.io/rev`; else, with neither, the pod's `istio.io/rev` or `sidecar.istio.io/inject: "true"` label. A pod whose
 * own choice is `false` is never injected. (Istio's optional inject-by-default setting is cluster configuration the
 * manifests do not show.)
 */
function injectedBy(namespace: MetadataReader, pod: PodMeshFacts): string | undefined {
  if (pod.hostNetwork || injectChoice(pod) === 'false') return undefined;
  const injection = namespace(MESH_LABELS.injection);
  if (injection !== undefined) return injection === 'enabled' ? `namespace label ${MESH_LABELS.injection}=enabled` : undefined;
  const revision = namespace(MESH_LABELS.revision);
  if (revision !== undefined) return `namespace label ${MESH_LABELS.revision}=${revision}`;
  const podRevision = pod.label(MESH_LABELS.revision);
  if (podRevision !== undefined) return `pod label ${MESH_LABELS.revision}=${podRevision}`;
  return pod.label(SIDECAR_INJECT_KEY) === 'true' ? `pod label ${SIDECAR_INJECT_KEY}=true` : undefined;
}

/**
 * The label by which istio-cni enrols the pod in ambient mode, if it does: the pod's `istio.io/dataplane-mode: ambient`,
 * or the namespace's unless the pod's label is `none`. Only for a pod without a sidecar.
 */
function ambientBy(namespace: MetadataReader, pod: PodMeshFacts): string | undefined {
  if (pod.hostNetwork) return undefined;
  const own = pod.label(MESH_LABELS.dataplaneMode);
  if (own === 'ambient') return `pod label ${MESH_LABELS.dataplaneMode}=ambient`;
  return namespace(MESH_LABELS.dataplaneMode) === 'ambient' && own !== 'none' ? `namespace label ${MESH_LABELS.dataplaneMode}=ambient` : undefined;
}

/** How the mesh captures the pod in a namespace with the labels `namespace`: a sidecar wins over ambient; `undefined` when neither. */
export function meshCapture(namespace: MetadataReader, pod: PodMeshFacts): MeshCapture | undefined {
  const sidecar = injectedBy(namespace, pod);
  if (sidecar !== undefined) return { mode: 'sidecar', by: sidecar };
  const ambient = ambientBy(namespace, pod);
  return ambient === undefined ? undefined : { mode: 'ambient', by: ambient };
}

/**
 * How the mesh captures the pod when its namespace's labels are not known: decided (a capture, or `undefined` for
 * none) only when the pod's own labels decide both data planes (no injection: host network or its own choice
 * `false`; and ambient or not by its own `istio.io/dataplane-mode` of `ambient` or `none`); otherwise `undecided`.
 */
export function podOwnCapture(pod: PodMeshFacts): MeshCapture | undefined | 'undecided' {
  const own = pod.label(MESH_LABELS.dataplaneMode);
  const decided = pod.hostNetwork || (injectChoice(pod) === 'false' && (own === 'ambient' || own === 'none'));
  return decided ? meshCapture(() => undefined, pod) : 'undecided';
}
