import { K8sObject, finalizeObjects } from '../manifest';
import { istioPrincipal, isMeshMode } from '../mesh';
import { LABELS } from '../naming';
import { internetReach } from '../nat64';
import { HardeningProfile, MeshMode, RESTRICTED_PROFILE } from '../profile';
import { Problems, checkDnsLabel, checkDnsSubdomain } from '../validation';
import { AddressRange, INTERNET_SHARE_LIMIT, checkCidr, cidrRange, internetShare, isStrictSubset, parseCidr, sharePercent } from '../values';
import { PortProtocol, WorkloadRef } from '../workload-ref';
import { baselineCiliumRules, baselineNetworkPolicyRules, objectsForCni } from './baseline';
import { JwtProps, checkJwt, issuerRequestPrincipal, jwtRule } from './jwt';
import {
  HttpMatch, PeerRule, PortSpec, ResolvedPeer, checkPeer, checkPorts, ciliumPeerSelector, istioSource, networkPolicyPeer, normalizePorts, resolvePeer,
} from './peers';
import { CiliumEgressRule, CiliumIngressRule, CiliumPort, FqdnSelector, NetworkPolicyEgressRule, NetworkPolicyIngressRule } from './policy-types';
import { RateLimitProps, checkRateLimit, localRateLimitFilter } from './rate-limit';

/** Egress to something outside the cluster: DNS names (Cilium only) or an address block. */
export interface ExternalEgress {
  /**
   * Exact DNS names (Cilium `toFQDNs.matchName`; the DNS rule lets every name resolve, `toFQDNs` is the boundary).
   * The standard NetworkPolicy cannot express names: it omits this rule (it never widens it to 0.0.0.0/0).
   * @default - none
   */
  readonly fqdns?: readonly string[];
  /**
   * DNS name patterns (`*` matches within one label, e.g. `*.bank.example.com`).
   * @default - none
   */
  readonly fqdnPatterns?: readonly string[];
  /**
   * Address block (instead of names), e.g. `10.20.0.0/16`, in canonical form: no host bits set past the prefix, no
   * leading zeros, IPv4 as IPv4 (not IPv4-mapped IPv6), IPv6 in RFC 5952 form, as the API server wants under
   * `StrictIPCIDRValidation` (it warns otherwise). A workload's blocks of one family must cover less than
   * 1/16 of its internet (all of IPv4, IPv6's `2000::/3`), alone and together (KH-NET-003, not acknowledgeable). An
   * IPv6 block under a NAT64 prefix (`64:ff9b::/96`, `64:ff9b:1::/48`) counts for the IPv4 addresses it reaches.
   * @default - none
   */
  readonly cidr?: string;
  /**
   * Blocks inside `cidr` that stay denied: each a strict subset of `cidr` (inside it, with a longer prefix), as the API
   * server requires of a NetworkPolicy, in canonical form as `cidr`.
   * @default - none
   */
  readonly except?: readonly string[];
  /** Destination ports. */
  readonly ports: readonly PortSpec[];
}

/** Who may talk to a workload and whom it may talk to, and the mesh's L7 controls (issue 3 items 2-4). */
export interface TrafficProps {
  /**
   * Peers that may connect to this workload. Each produces a Cilium and NetworkPolicy ingress rule and an Istio
   * ALLOW rule (peer principal, ports, HTTP rules); for our own workloads also the matching egress rule on the
   * peer's side, as separate objects owned by this workload.
   * @default - no ingress (default deny)
   */
  readonly allowFrom?: readonly PeerRule[];
  /**
   * Peers this workload may connect to (egress). For our own workloads also the matching L3/L4 ingress rule on the
   * peer's side; the peer's Istio authorization stays the peer's own decision (its `allowFrom`).
   * @default - no egress besides DNS and the mesh
   */
  readonly allowTo?: readonly PeerRule[];
  /**
   * Egress to DNS names and address blocks outside the cluster.
   * @default - none
   */
  readonly egress?: readonly ExternalEgress[];
  /**
   * Require a JWT from this issuer on every request (RequestAuthentication + a request principal in every ALLOW
   * source + a DENY for requests without one).
   * @default - no JWT
   */
  readonly jwt?: JwtProps;
  /**
   * Local rate limit on inbound HTTP (per replica).
   * @default - no rate limit
   */
  readonly rateLimit?: RateLimitProps;
  /**
   * Mesh data plane of the workload's namespace (use the ZeroTrustNamespace's `meshMode`).
   * @default - the profile's `namespace.meshMode`
   */
  readonly meshMode?: MeshMode;
  /**
   * Ambient only: the waypoint (a Gateway in the workload's namespace) that enforces JWT, HTTP rules and rate limits.
   * The Service is bound to it (`istio.io/use-waypoint`) and every Istio policy targets the Service (`targetRefs`).
   * @default - none (then JWT, HTTP rules and rate limits are an error in ambient mode)
   */
  readonly waypoint?: string;
}

/** The workload the traffic belongs to. */
export interface TrafficSubject {
  /** The workload as a peer. */
  readonly ref: WorkloadRef;
  /** Labels of the emitted objects. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Service port of each container port (waypoint rate-limit matches are by service port).
   * @default - the container port
   */
  readonly servicePorts?: Readonly<Record<number, number>>;
}

const HTTP_METHOD = /^[A-Z]+$/;

function needsWaypoint(props: TrafficProps): string[] {
  const features: string[] = [];
  if (props.jwt !== undefined) features.push('jwt');
  if (props.rateLimit !== undefined) features.push('rateLimit');
  if ((props.allowFrom ?? []).some((r) => (r.http ?? []).length > 0)) features.push('allowFrom[].http');
  return features;
}

function checkHttp(problems: Problems, field: string, http: readonly HttpMatch[]): void {
  http.forEach((h, i) => {
    (h.methods ?? []).forEach((m, j) => {
      if (!HTTP_METHOD.test(m)) problems.add(`${field}[${i}].methods[${j}]`, m, 'is not an upper-case HTTP method', "write e.g. 'GET' or 'POST'.");
    });
    (h.paths ?? []).forEach((p, j) => {
      if (typeof p !== 'string' || !(p.startsWith('/') || p.startsWith('*'))) problems.add(`${field}[${i}].paths[${j}]`, p, 'is not a path', "start paths with '/', e.g. '/v1/payments'.");
    });
  });
}

function checkRules(problems: Problems, field: string, rules: readonly PeerRule[], subject: WorkloadRef, direction: 'from' | 'to'): void {
  const seen = new Set<string>();
  rules.forEach((rule, i) => {
    const at = `${field}[${i}]`;
    checkPeer(problems, `${at}.peer`, rule.peer);
    if (typeof rule.peer !== 'object' || rule.peer === null) return;
    const peer = resolvePeer(rule.peer);
    const key = JSON.stringify([peer.namespace, peer.podLabels, peer.serviceAccount]);
    if (seen.has(key)) problems.add(`${at}.peer`, peer.namespace, 'is listed twice', 'merge the two rules into one (list all ports and HTTP rules there).');
    seen.add(key);
    const receiver = direction === 'from' ? subject : peer.workload;
    if (rule.ports !== undefined) {
      checkPorts(problems, `${at}.ports`, rule.ports);
      if (receiver !== undefined && Array.isArray(rule.ports)) {
        normalizePorts(rule.ports).forEach((p, j) => {
          if (!receiver.ports.some((rp) => rp.port === p.port && rp.protocol === p.protocol)) {
            problems.add(`${at}.ports[${j}]`, p.port, `is not a port of '${receiver.name}'`, `use one of its ports: ${receiver.ports.map((rp) => `${rp.port}/${rp.protocol}`).join(', ')}.`);
          }
        });
      }
    } else if (receiver === undefined) {
      problems.add(`${at}.ports`, undefined, 'is required when the peer is not one of our workloads', 'list the destination ports.');
    }
    if (rule.http !== undefined) {
      if (direction === 'to') problems.add(`${at}.http`, rule.http, 'HTTP rules are enforced by the receiving side', "declare them in the receiver's allowFrom.");
      else checkHttp(problems, `${at}.http`, rule.http);
    }
  });
}

/**
 * Records a block that alone covers 1/16 of its family's internet (`INTERNET_RANGES`) or more, or of IPv4's through
 * NAT64 (`internetReach`: `64:ff9b::/96` is all of IPv4), (control KH-NET-003, with no acknowledgement); returns
 * whether it did.
 */
function checkBlockShare(problems: Problems, field: string, cidr: string, range: AddressRange): boolean {
  for (const reached of internetReach(range)) {
    const [covered, size] = internetShare([reached], reached.family);
    if (covered * INTERNET_SHARE_LIMIT < size) continue;
    const nat64 = reached.family !== range.family;
    problems.add(field, cidr, covered === size ? `allows egress to the whole ${nat64 ? 'IPv4 internet through NAT64' : 'internet'} (control KH-NET-003)`
      : `allows egress to ${sharePercent(covered, size)} of the IPv${reached.family} internet${nat64 ? ' through NAT64' : ''}; `
        + `a workload's blocks may cover less than 1/${INTERNET_SHARE_LIMIT} of it (control KH-NET-003)`,
    'name the destinations (fqdns) or narrower blocks.');
    return true;
  }
  return false;
}

/**
 * Records blocks of one family (those not refused alone; IPv6 blocks count for IPv4 with what they reach through
 * NAT64) that together cover 1/16 of its internet or more: splitting
 * `0.0.0.0/0` into `0.0.0.0/1` and `128.0.0.0/1` is refused like the whole. `except` is not subtracted: it narrows
 * a block, but never makes an open block a named destination.
 */
function checkJointShare(problems: Problems, blocks: ReadonlyArray<{ readonly cidr: string; readonly range: AddressRange }>): void {
  for (const family of [4, 6] as const) {
    const inFamily = blocks.flatMap((b) => internetReach(b.range).filter((r) => r.family === family).map((range) => ({ cidr: b.cidr, range })));
    const [covered, size] = internetShare(inFamily.map((b) => b.range), family);
    if (covered * INTERNET_SHARE_LIMIT >= size) {
      problems.add('egress', inFamily.map((b) => b.cidr), `together allow egress to ${sharePercent(covered, size)} of the IPv${family} internet; `
        + `a workload's blocks may cover less than 1/${INTERNET_SHARE_LIMIT} of it (control KH-NET-003)`,
      'name the destinations (fqdns) or narrower blocks: splitting a block into smaller ones does not narrow it.');
    }
  }
}

function checkEgress(problems: Problems, egress: readonly ExternalEgress[]): void {
  const blocks: Array<{ cidr: string; range: AddressRange }> = [];
  egress.forEach((e, i) => {
    const at = `egress[${i}]`;
    const names = [...(e.fqdns ?? []), ...(e.fqdnPatterns ?? [])];
    if ((names.length > 0) === (e.cidr !== undefined)) {
      problems.add(at, e, 'needs either DNS names (fqdns / fqdnPatterns) or a cidr', 'split names and address blocks into separate entries.');
    }
    (e.fqdns ?? []).forEach((n, j) => checkDnsSubdomain(problems, `${at}.fqdns[${j}]`, n));
    (e.fqdnPatterns ?? []).forEach((n, j) => {
      if (typeof n !== 'string' || !/^[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?(\.[a-z0-9*]([-a-z0-9*]*[a-z0-9*])?)*$/.test(n) || n === '*') {
        problems.add(`${at}.fqdnPatterns[${j}]`, n, 'is not a DNS name pattern (a lone * would allow every name)', "write e.g. '*.bank.example.com'.");
      }
    });
    if (e.cidr !== undefined) {
      checkCidr(problems, `${at}.cidr`, e.cidr);
      (e.except ?? []).forEach((x, j) => {
        checkCidr(problems, `${at}.except[${j}]`, x);
        if (parseCidr(x) !== undefined && parseCidr(e.cidr) !== undefined && !isStrictSubset(x, e.cidr)) {
          problems.add(`${at}.except[${j}]`, x, `is not a strict subset of the cidr ${String(e.cidr)}: the API server refuses the NetworkPolicy`,
            'give a narrower block inside the cidr, or remove it.');
        }
      });
      const range = cidrRange(e.cidr);
      // (a block refused on its own is left out of the joint share, which would only repeat it)
      if (range !== undefined && !checkBlockShare(problems, `${at}.cidr`, e.cidr, range)) blocks.push({ cidr: e.cidr, range });
    } else if (e.except !== undefined) {
      problems.add(`${at}.except`, e.except, 'applies to a cidr only', 'remove it or give a cidr.');
    }
    checkPorts(problems, `${at}.ports`, e.ports);
  });
  checkJointShare(problems, blocks);
}


/** Records every problem of the traffic props of `subject` (run before rendering). */
export function checkTraffic(problems: Problems, subject: WorkloadRef, props: TrafficProps, profile: HardeningProfile = RESTRICTED_PROFILE): void {
  const meshMode = props.meshMode ?? profile.namespace.meshMode;
  if (!isMeshMode(meshMode)) problems.add('meshMode', meshMode, 'is not a mesh mode', "use 'sidecar', 'ambient' or 'none'.");
  checkRules(problems, 'allowFrom', props.allowFrom ?? [], subject, 'from');
  checkRules(problems, 'allowTo', props.allowTo ?? [], subject, 'to');
  checkEgress(problems, props.egress ?? []);
  if (profile.network.cni === 'kubernetes') {
    (props.egress ?? []).forEach((e, i) => {
      const names = [...(e.fqdns ?? []), ...(e.fqdnPatterns ?? [])];
      if (names.length > 0) {
        problems.add(`egress[${i}]`, names, "DNS names cannot be expressed in a standard NetworkPolicy (the profile's network.cni is 'kubernetes')",
          "give the destination's address block (cidr) instead, or run Cilium and use a profile with network.cni: 'cilium'.");
      }
    });
  }
  if (props.jwt !== undefined) checkJwt(problems, 'jwt', props.jwt);
  if (props.rateLimit !== undefined) checkRateLimit(problems, 'rateLimit', props.rateLimit);
  const l7 = needsWaypoint(props);
  if (meshMode === 'none' && l7.length > 0) {
    problems.add(l7[0], meshMode, `${l7.join(', ')} need the Istio mesh (Cilium HTTP rules are not emitted)`, "run the workload in a meshed namespace (meshMode 'sidecar' or 'ambient').");
  }
  if (props.waypoint !== undefined) {
    checkDnsLabel(problems, 'waypoint', props.waypoint);
    if (meshMode !== 'ambient') problems.add('waypoint', props.waypoint, 'applies to ambient mode only', "remove it or set meshMode: 'ambient'.");
  } else if (meshMode === 'ambient' && l7.length > 0) {
    problems.add(l7[0], l7, 'in ambient mode JWT, HTTP rules and rate limits are enforced only by a waypoint; ztunnel sees L4 only',
      'deploy a waypoint and name it in the waypoint prop, or use sidecar mode.');
  }
}

type Port = { port: number; protocol: PortProtocol };

function rulePorts(rule: PeerRule, receiver: WorkloadRef | undefined): Port[] {
  return rule.ports !== undefined ? normalizePorts(rule.ports) : (receiver?.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol }));
}

function ciliumPorts(ports: readonly Port[], meshMode: MeshMode, profile: HardeningProfile): CiliumPort[] {
  const hbone = meshMode === 'ambient' ? [{ port: profile.network.hbonePort, protocol: 'TCP' as const }] : [];
  return [...ports, ...hbone].map((p) => ({ port: String(p.port), protocol: p.protocol }));
}

function networkPolicyPorts(ports: readonly Port[], meshMode: MeshMode, profile: HardeningProfile): Port[] {
  return meshMode === 'ambient' ? [...ports, { port: profile.network.hbonePort, protocol: 'TCP' }] : [...ports];
}

/**
 * Name of the object on `self`'s side for the connection with `other`: `<self>.<direction>.<other ns>.<other>`.
 * Namespaces and workload names have no dots, so the parts cannot run into each other and the name never equals a
 * workload's own policy; NetworkPolicy, CiliumNetworkPolicy and AuthorizationPolicy names are DNS subdomains.
 */
function connectionName(self: WorkloadRef, direction: 'to' | 'from', other: WorkloadRef): string {
  return `${self.name}.${direction}.${other.namespace}.${other.name}`;
}

/** Label Istio puts on the pods of a Gateway (so on a waypoint's pods), with the Gateway's name. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** The pods of the waypoint `waypoint` in `namespace`. */
function waypointPeer(namespace: string, waypoint: string): ResolvedPeer {
  return { namespace, podLabels: { [GATEWAY_NAME_LABEL]: waypoint } };
}

type WaypointEgress = { cilium: CiliumEgressRule; standard: NetworkPolicyEgressRule };

/** Cilium and NetworkPolicy egress to a waypoint's pods on HBONE (callers of a workload behind a waypoint reach them). */
function waypointEgress(namespace: string, waypoint: string, profile: HardeningProfile): WaypointEgress {
  const peer = waypointPeer(namespace, waypoint);
  const hbone = profile.network.hbonePort;
  return {
    cilium: { toEndpoints: [ciliumPeerSelector(peer)], toPorts: [{ ports: [{ port: String(hbone), protocol: 'TCP' }] }] },
    standard: { to: [networkPolicyPeer(peer)], ports: [{ port: hbone, protocol: 'TCP' }] },
  };
}

/**
 * Additive ingress on a waypoint's pods from `peers` on HBONE: the namespace's default deny otherwise keeps callers
 * from other namespaces out. Named `name` (with a dot, so it never equals a workload's own policy).
 */
function waypointIngress(name: string, namespace: string, waypoint: string, peers: readonly ResolvedPeer[], labels: Readonly<Record<string, string>>,
  profile: HardeningProfile): K8sObject[] {
  const metadata = { name, namespace, labels };
  const hbone = profile.network.hbonePort;
  const podLabels = { [GATEWAY_NAME_LABEL]: waypoint };
  return [
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata,
      spec: {
        description: `Callers that reach ${name.split('.')[0]} through the waypoint ${waypoint} on HBONE.`,
        endpointSelector: { matchLabels: podLabels },
        enableDefaultDeny: { ingress: false, egress: false },
        ingress: peers.map((peer) => ({ fromEndpoints: [ciliumPeerSelector(peer)], toPorts: [{ ports: [{ port: String(hbone), protocol: 'TCP' }] }] })),
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata,
      spec: {
        podSelector: { matchLabels: podLabels },
        policyTypes: ['Ingress'],
        ingress: peers.map((peer) => ({ from: [networkPolicyPeer(peer)], ports: [{ port: hbone, protocol: 'TCP' }] })),
      },
    },
  ];
}

/** A NetworkPolicy pod selector by the instance label, or by the whole selector for workloads without one (cdk8s-plus). */
function instancePodSelector(ref: WorkloadRef): { matchLabels: Record<string, string> } {
  const instance = ref.selector[LABELS.instance];
  return { matchLabels: instance !== undefined ? { [LABELS.instance]: instance } : { ...ref.selector } };
}

function selfPeer(ref: WorkloadRef): ResolvedPeer {
  return { namespace: ref.namespace, podLabels: ref.selector, serviceAccount: ref.serviceAccountName, workload: ref };
}

/**
 * The traffic objects of a workload (props must have been checked with `checkTraffic`): its CiliumNetworkPolicy and
 * NetworkPolicy mirror, the Istio AuthorizationPolicy (ALLOW) of its `allowFrom`, RequestAuthentication and DENY for
 * `jwt`, the rate-limit EnvoyFilter, and the reciprocal rules on the side of peers that are our workloads.
 */
export function trafficObjects(subject: TrafficSubject, props: TrafficProps, profile: HardeningProfile = RESTRICTED_PROFILE): K8sObject[] {
  const ref = subject.ref;
  const meshMode = props.meshMode ?? profile.namespace.meshMode;
  const waypoint = meshMode === 'ambient' ? props.waypoint : undefined;
  const labels = subject.labels;
  const meta = (name: string, namespace = ref.namespace) => ({ name, namespace, labels });
  const allowFrom = (props.allowFrom ?? []).map((rule) => ({ rule, peer: resolvePeer(rule.peer), ports: rulePorts(rule, ref) }));
  const allowTo = (props.allowTo ?? []).map((rule) => {
    const peer = resolvePeer(rule.peer);
    return { rule, peer, ports: rulePorts(rule, peer.workload) };
  });
  const egress = props.egress ?? [];
  const fqdnsOf = (e: ExternalEgress): FqdnSelector[] => [
    ...(e.fqdns ?? []).map((n) => ({ matchName: n })),
    ...(e.fqdnPatterns ?? []).map((p) => ({ matchPattern: p })),
  ];
  const objects: K8sObject[] = [];

  // Cilium: L3/L4 + FQDN, the workload's own policy.
  const baseline = baselineCiliumRules(meshMode, profile);
  const ciliumIngress: CiliumIngressRule[] = [
    ...baseline.ingress,
    ...allowFrom.map(({ peer, ports }) => ({
      fromEndpoints: [ciliumPeerSelector(peer)],
      toPorts: [{ ports: ciliumPorts(ports, meshMode, profile) }],
    })),
  ];
  const ciliumEgress: CiliumEgressRule[] = [
    ...baseline.egress,
    ...allowTo.map(({ peer, ports }) => ({ toEndpoints: [ciliumPeerSelector(peer)], toPorts: [{ ports: ciliumPorts(ports, meshMode, profile) }] })),
    ...calleeWaypoints(allowTo, meshMode).map((w) => waypointEgress(w.namespace, w.waypoint, profile).cilium),
    ...egress.map((e) => {
      const toPorts = [{ ports: normalizePorts(e.ports).map((p) => ({ port: String(p.port), protocol: p.protocol })) }];
      return e.cidr !== undefined
        ? { toCIDRSet: [{ cidr: e.cidr, except: e.except === undefined ? undefined : [...e.except] }], toPorts }
        : { toFQDNs: fqdnsOf(e), toPorts };
    }),
  ];
  objects.push({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: meta(ref.name),
    spec: {
      description: `Traffic of ${ref.name}: declared peers, DNS names and mesh traffic only.`,
      endpointSelector: { matchLabels: { ...ref.selector } },
      enableDefaultDeny: { ingress: true, egress: true },
      ingress: ciliumIngress,
      egress: ciliumEgress,
    },
  });

  // Standard NetworkPolicy mirror: same L3/L4 rules, FQDN egress omitted (never widened).
  const standard = baselineNetworkPolicyRules(meshMode, profile);
  const npIngress: NetworkPolicyIngressRule[] = [
    ...standard.ingress,
    ...allowFrom.map(({ peer, ports }) => ({ from: [networkPolicyPeer(peer)], ports: networkPolicyPorts(ports, meshMode, profile) })),
  ];
  const npEgress: NetworkPolicyEgressRule[] = [
    ...standard.egress,
    ...allowTo.map(({ peer, ports }) => ({ to: [networkPolicyPeer(peer)], ports: networkPolicyPorts(ports, meshMode, profile) })),
    ...calleeWaypoints(allowTo, meshMode).map((w) => waypointEgress(w.namespace, w.waypoint, profile).standard),
    ...egress.filter((e) => e.cidr !== undefined).map((e) => ({
      to: [{ ipBlock: { cidr: e.cidr as string, except: e.except === undefined ? undefined : [...e.except] } }],
      ports: normalizePorts(e.ports),
    })),
  ];
  objects.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(ref.name),
    spec: {
      podSelector: instancePodSelector(ref),
      policyTypes: ['Ingress', 'Egress'],
      ingress: npIngress,
      egress: npEgress,
    },
  });

  // Reciprocal L3/L4 rules on the other side, for peers that are our workloads: separate objects owned by this workload.
  for (const { peer, ports } of allowFrom) {
    if (peer.workload === undefined) continue;
    objects.push(...reciprocal(subject, peer.workload, 'to', ports, meshMode, profile, waypoint));
  }
  for (const { peer, ports } of allowTo) {
    if (peer.workload === undefined) continue;
    objects.push(...reciprocal(subject, peer.workload, 'from', ports, meshMode, profile, waypoint));
  }
  // Behind a waypoint, the callers reach the waypoint's pods: let them in there too.
  if (waypoint !== undefined && allowFrom.length > 0) {
    objects.push(...waypointIngress(`${ref.name}.waypoint`, ref.namespace, waypoint, allowFrom.map((r) => r.peer), labels, profile));
  }

  if (meshMode !== 'none') objects.push(...istioObjects(subject, props, allowFrom, meshMode, profile));
  return objectsForCni(objects, profile);
}

/** The waypoints (ambient) of the callees among `rules` that are our workloads, once each. */
function calleeWaypoints(rules: readonly ResolvedRule[], meshMode: MeshMode): Array<{ namespace: string; waypoint: string }> {
  if (meshMode !== 'ambient') return [];
  const seen = new Map<string, { namespace: string; waypoint: string }>();
  for (const { peer } of rules) {
    const w = peer.workload;
    if (w?.waypoint !== undefined) seen.set(`${w.namespace}/${w.waypoint}`, { namespace: w.namespace, waypoint: w.waypoint });
  }
  return [...seen.values()];
}

/**
 * The rule on `other`'s side: egress to the subject (`to`) or ingress from it (`from`). Additive: never flips default deny.
 * Behind a waypoint (the subject's `waypoint`, or `other`'s), the caller's egress and the waypoint's ingress allow HBONE to it.
 */
function reciprocal(
  subject: TrafficSubject,
  other: WorkloadRef,
  direction: 'to' | 'from',
  ports: readonly Port[],
  meshMode: MeshMode,
  profile: HardeningProfile,
  waypoint: string | undefined,
): K8sObject[] {
  const ref = subject.ref;
  const name = connectionName(other, direction, ref);
  const metadata = { name, namespace: other.namespace, labels: subject.labels };
  const self = selfPeer(ref);
  const l4 = ciliumPorts(ports, meshMode, profile);
  const npPorts = networkPolicyPorts(ports, meshMode, profile);
  const toWaypoint = direction === 'to' && waypoint !== undefined ? waypointEgress(ref.namespace, waypoint, profile) : undefined;
  const otherWaypoint = direction === 'from' && meshMode === 'ambient' ? other.waypoint : undefined;
  return [
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata,
      spec: {
        description: `Declared by ${ref.namespace}/${ref.name}: ${other.name} may ${direction === 'to' ? 'connect to' : 'accept connections from'} it.`,
        endpointSelector: { matchLabels: { ...other.selector } },
        enableDefaultDeny: { ingress: false, egress: false },
        ...(direction === 'to'
          ? { egress: [{ toEndpoints: [ciliumPeerSelector(self)], toPorts: [{ ports: l4 }] }, ...(toWaypoint ? [toWaypoint.cilium] : [])] }
          : { ingress: [{ fromEndpoints: [ciliumPeerSelector(self)], toPorts: [{ ports: l4 }] }] }),
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata,
      spec: {
        podSelector: instancePodSelector(other),
        ...(direction === 'to'
          ? { policyTypes: ['Egress'], egress: [{ to: [networkPolicyPeer(self)], ports: npPorts }, ...(toWaypoint ? [toWaypoint.standard] : [])] }
          : { policyTypes: ['Ingress'], ingress: [{ from: [networkPolicyPeer(self)], ports: npPorts }] }),
      },
    },
    ...(otherWaypoint !== undefined ? waypointIngress(`${name}.waypoint`, other.namespace, otherWaypoint, [self], subject.labels, profile) : []),
  ];
}

type ResolvedRule = { rule: PeerRule; peer: ResolvedPeer; ports: Port[] };

function istioObjects(
  subject: TrafficSubject,
  props: TrafficProps,
  allowFrom: readonly ResolvedRule[],
  meshMode: MeshMode,
  profile: HardeningProfile,
): K8sObject[] {
  const ref = subject.ref;
  const labels = subject.labels;
  const meta = (name: string) => ({ name, namespace: ref.namespace, labels });
  const trustDomain = profile.network.trustDomain;
  // With a waypoint, every call reaches the workload through it (the Service carries `istio.io/use-waypoint`): the
  // ztunnel at the workload sees the waypoint's identity, so the peers' rules must run at the waypoint.
  const viaWaypoint = meshMode === 'ambient' && props.waypoint !== undefined;
  // Waypoints honour only targetRefs; the Service carries the workload's name.
  const target = viaWaypoint ? { targetRefs: [{ group: '', kind: 'Service', name: ref.name }] } : { selector: { matchLabels: { ...ref.selector } } };
  const requestPrincipals = props.jwt === undefined ? undefined : [issuerRequestPrincipal(props.jwt.issuer)];
  const objects: K8sObject[] = [];

  if (allowFrom.length > 0) {
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta(ref.name),
      spec: {
        ...target,
        action: 'ALLOW',
        rules: allowFrom.map(({ rule, peer, ports }) => {
          const portStrings = ports.map((p) => String(p.port));
          const operations = (rule.http ?? []).length > 0
            ? (rule.http ?? []).map((h) => ({
              operation: { ports: portStrings, methods: h.methods && [...h.methods], paths: h.paths && [...h.paths] },
            }))
            : [{ operation: { ports: portStrings } }];
          // Peer principal and request principal in the same source: both are required (AND).
          return { from: [{ source: { ...istioSource(peer, trustDomain), requestPrincipals } }], to: operations };
        }),
      },
    });
    if (viaWaypoint && props.waypoint !== undefined) {
      // ztunnel at the workload sees the waypoint's identity: admit it (and only it) on the workload's ports.
      objects.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: meta(`${ref.name}-via-waypoint`),
        spec: {
          selector: { matchLabels: { ...ref.selector } },
          action: 'ALLOW',
          rules: [{
            from: [{ source: { principals: [istioPrincipal(trustDomain, ref.namespace, props.waypoint)] } }],
            to: [{ operation: { ports: ref.ports.map((p) => String(p.port)) } }],
          }],
        },
      });
    }
  }

  if (props.jwt !== undefined && requestPrincipals !== undefined) {
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: meta(`${ref.name}-jwt`),
      spec: { ...target, jwtRules: [jwtRule(props.jwt)] },
    });
    // Defence in depth: no other ALLOW policy (ours or anyone's) can admit a request without a token of the issuer.
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta(`${ref.name}-require-jwt`),
      spec: { ...target, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: requestPrincipals } }] }] },
    });
  }

  if (props.rateLimit !== undefined) {
    const value = localRateLimitFilter(props.rateLimit, profile.network.rateLimitHeader);
    const hcm = { name: 'envoy.filters.network.http_connection_manager' };
    // istiod patches waypoint listeners only in the SIDECAR_INBOUND context, selected by targetRefs to the waypoint's
    // Gateway (istio tests/integration/ambient/baseline_test.go); each service port has its own HTTP filter chain,
    // named `inbound-vip|<service port>|http|<service host>` (pilot listener_waypoint.go, model.BuildSubsetKey), so
    // the limit applies to this Service only, not to every service behind the waypoint.
    const host = `${ref.name}.${ref.namespace}.svc.${profile.network.clusterDomain}`;
    const patches = viaWaypoint && props.waypoint !== undefined
      ? ref.ports.map((p) => ({
        applyTo: 'HTTP_FILTER',
        match: {
          context: 'SIDECAR_INBOUND',
          listener: { filterChain: { name: `inbound-vip|${subject.servicePorts?.[p.port] ?? p.port}|http|${host}`, filter: hcm } },
        },
        patch: { operation: 'INSERT_BEFORE', value },
      }))
      : [{ applyTo: 'HTTP_FILTER', match: { context: 'SIDECAR_INBOUND', listener: { filterChain: { filter: hcm } } }, patch: { operation: 'INSERT_BEFORE', value } }];
    objects.push({
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'EnvoyFilter',
      metadata: meta(`${ref.name}-ratelimit`),
      spec: {
        ...(viaWaypoint && props.waypoint !== undefined
          ? { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: props.waypoint }] }
          : { workloadSelector: { labels: { ...ref.selector } } }),
        configPatches: patches,
      },
    });
  }
  return objects;
}

/** Checks and renders a workload's traffic objects on their own (SecureDeployment and PaymentService call the parts). */
export function renderWorkloadTraffic(subject: TrafficSubject, props: TrafficProps, profile: HardeningProfile = RESTRICTED_PROFILE): K8sObject[] {
  const problems = new Problems();
  checkTraffic(problems, subject.ref, props, profile);
  problems.throwIfAny(`traffic of '${subject.ref.name}'`);
  return finalizeObjects(trafficObjects(subject, props, profile));
}

