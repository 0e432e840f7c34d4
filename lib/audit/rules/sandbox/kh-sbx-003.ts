import { runtimeClassInAudit, runtimeOfClass } from './runtime-class';
import { K8sObject } from '../../../core/manifest';
import { RUNTIME_NAMES } from '../../../core/runtime-handlers';
import { booleanField, objectField, readOf, stringField } from '../../field-types';
import { checkPod, metadataValue, MetadataMap, PodSpecRef, podMetadata, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';
import { MeshCapture, MetadataReader, meshCapture, PodMeshFacts, podOwnCapture } from '../mesh/capture';
import { PSA_ENFORCE_LABEL } from '../namespace/kh-ns-001';

/** What the mesh not seeing a pod's traffic means, and what to do (the end of every counted message). */
const CONSEQUENCE = "so its traffic never reaches the mesh's proxy: mTLS, AuthorizationPolicy, JWT and rate limits are not enforced on it, "
  + 'and connections from mesh callers fail. Run it on runc, take it out of the mesh (Cilium L3/L4 policy only), '
  + 'or acknowledge KH-SBX-003 saying why (capture verified on its nodes, or the gap accepted)';

/**
 * Why a sandbox's traffic escapes redirect rules in the pod's network namespace on the node (set up by istio-cni for
 * ambient, by Istio CNI for a sidecar), by data plane and runtime, with the upstream reports.
 */
const BLIND_SPOT = {
  ambient: {
    kata: "which the Kata VM's traffic bypasses (Kata moves it to the VM with a tc redirect, below iptables: "
      + "kata-containers/kata-containers#4080, #11107, open; Istio's Kata support, istio/istio#60876, is experimental and unmerged)",
    gvisor: "which gVisor's own network stack never sees (istio/istio#58573)",
  },
  sidecar: {
    kata: "which the Kata VM's traffic bypasses (Kata moves it to the VM with a tc redirect, below iptables: "
      + 'kata-containers/kata-containers#4080; istio/istio#58913)',
    gvisor: "which gVisor's own network stack never sees unless runsc runs with --reproduce-nat (off by default: it copies the "
      + "node-side NAT table into the sandbox once, when runsc sets up the sandbox's network, and no upstream test covers Istio CNI with it)",
  },
} as const;

/** The path of the metadata of `pod` (`metadata`, `spec.template.metadata`...). */
function metadataPath(pod: PodSpecRef): string {
  return pod.path === 'spec' ? 'metadata' : `${pod.path.slice(0, -'.spec'.length)}.metadata`;
}

/** The labels, annotations and host networking of `pod`, as Istio reads them (wrongly typed fields are noted). */
function podMeshFacts(pod: PodSpecRef): PodMeshFacts {
  const at = metadataPath(pod);
  const reader = (map: MetadataMap): MetadataReader => (key) => stringField(objectField(podMetadata(pod), map, at), key, `${at}.${map}`);
  return { label: reader('labels'), annotation: reader('annotations'), hostNetwork: booleanField(pod.spec, 'hostNetwork', pod.path) === true };
}

/** The labels of the Namespace object `namespace`, read as its own fields (a wrongly typed one is noted as the Namespace's). */
function namespaceLabels(namespace: K8sObject): MetadataReader {
  return (key) => readOf(namespace, () => metadataValue(namespace, 'labels', key));
}

/** The parts of the audit a decision needs and does not have (`RuntimeClass 'vm'`, `Namespace 'pay'`). */
function missingParts(classKnown: boolean, className: string, namespaceKnown: boolean, namespace: string | undefined): string {
  const missing = [
    ...(classKnown ? [] : [`RuntimeClass '${className}'`]),
    ...(namespaceKnown ? [] : [namespace === undefined ? 'the namespace (the pod names none)' : `Namespace '${namespace}'`]),
  ];
  return `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not part of the audit`;
}

/**
 * KH-SBX-003: a pod that runs in a sandbox is not in an Istio mesh that cannot capture its traffic. Istio redirects a
 * meshed pod's traffic with iptables rules in the pod's network namespace on the node: istio-cni does it for ambient
 * (to ztunnel) and, with Istio CNI, for sidecars; only istio-init does it inside the pod, and it needs NET_ADMIN, which
 * Pod Security baseline and restricted refuse (reference.md pitfall 4). A Kata pod's traffic goes to its VM by a tc
 * redirect below iptables (kata-containers/kata-containers#4080; with ambient: #11107, #13208), and a gVisor pod's through gVisor's
 * own network stack (istio/istio#58573; runsc's `--reproduce-nat`, off by default, copies the node-side NAT table
 * into it once, runsc/sandbox/network.go, untested upstream with Istio CNI). So a pod whose RuntimeClass runs Kata or
 * gVisor (its `handler` when the class is part of the audit, else its name: `runtimeOfClass`) is reported when it is
 * ambient, and when it gets a sidecar in a namespace that enforces Pod Security baseline or restricted (`meshCapture`
 * reads Istio's own selection from the namespace's and the pod's labels). A sidecar in a namespace that enforces
 * neither may be set up by istio-init inside the sandbox, which Kata supports, so that is unknown; so is a pod whose
 * Namespace, or whose RuntimeClass of no well-known name, is not part of the audit. A warning: whether the nodes
 * capture a sandbox's traffic after all (gVisor with host networking or `--reproduce-nat`, Kata with an Istio build
 * that supports it) is node configuration the manifests do not show; acknowledge it once verified.
 */
export const KH_SBX_003: ManifestRule = {
  id: 'KH-SBX-003',
  area: 'sandbox',
  title: 'The mesh can capture the traffic of sandboxed pods',
  severity: 'warning',
  guideSection: '4.2',
  controls: { nsa: ['Authentication and authorization'], mlps: ['8.1.4.1', '8.1.4.2'] },
  remediation: 'Run a workload whose mTLS, authorization, JWT or rate limit the mesh must enforce on runc (runtime runc, acknowledged '
    + 'under KH-SBX-001; Tetragon then enforces its exec allow-list), or take one that needs no mesh control out of the mesh (a '
    + 'namespace with meshMode none, or pod labels sidecar.istio.io/inject: "false" and istio.io/dataplane-mode: none) and rely on '
    + 'Cilium L3/L4 policy, or acknowledge KH-SBX-003 saying why (capture verified on the nodes, or the gap accepted).',
  appliesTo: WORKLOAD_KINDS,
  check: (object, context) => checkPod(object, (pod): RuleViolation[] => {
    const className = stringField(pod.spec, 'runtimeClassName', pod.path);
    if (className === undefined || className === '') {
      return [];
    }
    const runs = runtimeOfClass(className, context);
    // (a class of the audit whose handler is of no known runtime: only the nodes' configuration says what it runs)
    const classKnown = runs !== undefined || runtimeClassInAudit(className, context);
    if (runs?.runtime === 'runc' || (runs === undefined && classKnown)) {
      return [];
    }
    const facts = podMeshFacts(pod);
    const namespace = object.metadata.namespace;
    const namespaceObject = namespace === undefined ? undefined : context.namespace(namespace);
    const capture = namespaceObject === undefined ? podOwnCapture(facts) : meshCapture(namespaceLabels(namespaceObject), facts);
    if (capture === undefined) {
      return [];
    }
    const path = `${pod.path}.runtimeClassName`;
    if (runs === undefined || capture === 'undecided') {
      return [{
        message: `whether the Istio mesh can capture the traffic of this pod (runtime class '${className}') cannot be told: `
          + missingParts(classKnown, className, capture !== 'undecided', namespace),
        path,
        unknown: true,
      }];
    }
    const sandbox = runs.runtime === 'kata' ? 'kata' : 'gvisor';
    const runsWhat = `the pod runs ${RUNTIME_NAMES[sandbox]} (runtime class '${className}', by ${runs.because})`;
    return [judge(runsWhat, sandbox, capture, namespaceObject, path)];
  }),
};

/** The finding of a sandboxed pod (`sandbox`) the mesh captures as `capture`. */
function judge(runsWhat: string, sandbox: 'kata' | 'gvisor', capture: MeshCapture, namespace: K8sObject | undefined, path: string): RuleViolation {
  if (capture.mode === 'ambient') {
    return {
      message: `${runsWhat} in Istio ambient mode (${capture.by}): istio-cni redirects the pod's traffic to ztunnel with rules in its `
        + `network namespace on the node, ${BLIND_SPOT.ambient[sandbox]}, ${CONSEQUENCE}`,
      path,
    };
  }
  const level = namespace === undefined ? undefined : namespaceLabels(namespace)(PSA_ENFORCE_LABEL);
  if (level !== 'baseline' && level !== 'restricted') {
    return {
      message: `${runsWhat} with an Istio sidecar (${capture.by}) in a namespace that enforces neither Pod Security baseline nor `
        + "restricted: when istio-init sets up the sidecar's redirect inside the sandbox (with NET_ADMIN), the sandbox applies it; when "
        + `Istio CNI sets it up with rules in the pod's network namespace on the node, ${BLIND_SPOT.sidecar[sandbox]}; `
        + 'which one the cluster uses is not in the manifests',
      path,
      unknown: true,
    };
  }
  return {
    message: `${runsWhat} with an Istio sidecar (${capture.by}): Pod Security ${level} refuses istio-init's NET_ADMIN, so Istio CNI `
      + `sets up the sidecar's redirect with rules in the pod's network namespace on the node, ${BLIND_SPOT.sidecar[sandbox]}, `
      + CONSEQUENCE,
    path,
  };
}
