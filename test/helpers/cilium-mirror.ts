/**
 * Whether each NetworkPolicy mirror allows nothing its CiliumNetworkPolicy of the same name and namespace does not.
 * On Cilium both are enforced and a flow passes when either allows it (cilium PRs #3732, #7471: an L4-only allow
 * next to an L7 DNS rule keeps the proxy but allows every name, which the DNS rule `matchPattern: "*"` does anyway).
 * Structural: every peer and port of every mirror rule must appear in a rule of its CNP.
 */
export type Json = Record<string, any>;

const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';
const SA_LABEL = 'io.cilium.k8s.policy.serviceaccount';

/** The Cilium endpoint labels a NetworkPolicy peer selects (in `policyNamespace`), or a CIDR. */
function peerKey(peer: Json, policyNamespace: string): string {
  if (peer.ipBlock) return `cidr:${peer.ipBlock.cidr}`;
  const namespace = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? policyNamespace;
  const labels = Object.entries(peer.podSelector?.matchLabels ?? {}).map(([k, v]) => `k8s:${k}=${v}`);
  return [`ns=${namespace}`, ...labels.sort()].join(',');
}

/** Whether Cilium selector `sel` (in `policyNamespace`) selects the pods of `key`, or a subset of them (by service account). */
function ciliumCovers(sel: Json, key: string, policyNamespace: string): boolean {
  if (key.startsWith('cidr:')) return false;
  // A key without a source prefix matches any source, `k8s:` included (Cilium label selectors).
  const labels = Object.fromEntries(Object.entries(sel.matchLabels ?? {}).map(([k, v]) => [k === NAMESPACE_LABEL || k === SA_LABEL || k.startsWith('k8s:') ? k : `k8s:${k}`, v]));
  const wanted = Object.fromEntries(key.split(',').map((kv) => kv.split('=') as [string, string]));
  const namespace = labels[NAMESPACE_LABEL] ?? policyNamespace;
  if (namespace !== wanted.ns) return false;
  // The CNP may narrow further (service account); every pod label of the NetworkPolicy peer must be required alike.
  return Object.entries(labels).every(([k, v]) => k === NAMESPACE_LABEL || k === SA_LABEL || wanted[k] === v)
    && Object.entries(wanted).every(([k, v]) => k === 'ns' || labels[k] === v);
}

function portsCovered(npPorts: Json[] | undefined, toPorts: Json[] | undefined): boolean {
  if (npPorts === undefined) return toPorts === undefined;
  const cilium = (toPorts ?? []).flatMap((t) => t.ports);
  return npPorts.every((p) => cilium.some((c) => c.port === String(p.port) && (c.protocol === p.protocol || c.protocol === 'ANY')));
}


/** The rules of NetworkPolicies in `objects` that their CiliumNetworkPolicy does not allow (empty: the mirrors widen nothing). */
export function uncoveredMirrorRules(objects: readonly Json[]): string[] {
  const uncovered: string[] = [];
  for (const np of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const ns = np.metadata.namespace;
    const cnp = objects.find((o) => o.kind === 'CiliumNetworkPolicy' && o.metadata.name === np.metadata.name && o.metadata.namespace === ns);
    if (!cnp) {
      uncovered.push(`${ns}/${np.metadata.name}: no CiliumNetworkPolicy`);
      continue;
    }
    for (const [direction, peersOf, ciliumPeers] of [
      ['egress', (r: Json) => r.to, (r: Json) => [...(r.toEndpoints ?? []).map((e: Json) => ({ e })), ...(r.toCIDRSet ?? []).map((c: Json) => ({ c: c.cidr })), ...(r.toCIDR ?? []).map((c: string) => ({ c }))]],
      ['ingress', (r: Json) => r.from, (r: Json) => [...(r.fromEndpoints ?? []).map((e: Json) => ({ e })), ...(r.fromCIDR ?? []).map((c: string) => ({ c }))]],
    ] as const) {
      for (const rule of np.spec[direction] ?? []) {
        for (const peer of peersOf(rule) ?? [{}]) {
          const key = peerKey(peer, ns);
          const covered = (cnp.spec[direction] ?? []).some((c: Json) => portsCovered(rule.ports, c.toPorts)
            && ciliumPeers(c).some((p: Json) => (p.c !== undefined ? key === `cidr:${p.c}` : ciliumCovers(p.e, key, ns))));
          if (!covered) uncovered.push(`${ns}/${np.metadata.name} ${direction} ${key} ${JSON.stringify(rule.ports)}`);
        }
      }
    }
  }
  return uncovered;
}
