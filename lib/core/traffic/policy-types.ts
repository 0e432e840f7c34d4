/**
 * Our own types for the network policy fields the library emits: Cilium `cilium.io/v2` rules (reference.md §3.1)
 * and standard `networking.k8s.io/v1` NetworkPolicy rules. Only the fields we use are typed.
 */

/** A label selector with exact labels. */
export interface MatchLabels {
  /** Labels that must all match; `{}` matches everything in scope. */
  readonly matchLabels?: Readonly<Record<string, string>>;
}

/** A Cilium L4 port: the port as a string, protocol `TCP|UDP|SCTP|ANY`. */
export interface CiliumPort {
  /** Port number as a string. */
  readonly port: string;
  /** Protocol. */
  readonly protocol: 'TCP' | 'UDP' | 'SCTP' | 'ANY';
}

/** An FQDN selector: an exact name or a `*` pattern (not crossing `.`). */
export interface FqdnSelector {
  /** Exact name. */
  readonly matchName?: string;
  /** Pattern. */
  readonly matchPattern?: string;
}

/** Ports of a Cilium rule, with an optional DNS (L7) section. */
export interface CiliumPortRule {
  /** Ports. */
  readonly ports: readonly CiliumPort[];
  /** L7 rules: only DNS is emitted (HTTP rules do not see Istio mTLS traffic). */
  readonly rules?: { readonly dns: readonly FqdnSelector[] };
}

/** A CIDR with exceptions. */
export interface CidrSet {
  /** CIDR. */
  readonly cidr: string;
  /** CIDRs inside `cidr` that stay denied. */
  readonly except?: readonly string[];
}

/** One Cilium ingress rule. */
export interface CiliumIngressRule {
  /** Source endpoints. */
  readonly fromEndpoints?: readonly MatchLabels[];
  /** Source entities (e.g. `host` for kubelet probes). */
  readonly fromEntities?: readonly string[];
  /** Source CIDRs. */
  readonly fromCIDR?: readonly string[];
  /** Ports. */
  readonly toPorts?: readonly CiliumPortRule[];
}

/** One Cilium egress rule. */
export interface CiliumEgressRule {
  /** Destination endpoints. */
  readonly toEndpoints?: readonly MatchLabels[];
  /** Destination CIDRs with exceptions. */
  readonly toCIDRSet?: readonly CidrSet[];
  /** Destination names (needs a DNS rule for the same names). */
  readonly toFQDNs?: readonly FqdnSelector[];
  /** Ports. */
  readonly toPorts?: readonly CiliumPortRule[];
}

/** Ingress and egress rules that belong together. */
export interface CiliumRules {
  /** Ingress rules. */
  readonly ingress: readonly CiliumIngressRule[];
  /** Egress rules. */
  readonly egress: readonly CiliumEgressRule[];
}

/** A standard NetworkPolicy peer. */
export interface NetworkPolicyPeer {
  /** Pods (in the selected namespaces, or the policy's own namespace). */
  readonly podSelector?: MatchLabels;
  /** Namespaces. */
  readonly namespaceSelector?: MatchLabels;
  /** An address block. */
  readonly ipBlock?: CidrSet;
}

/** A standard NetworkPolicy port. */
export interface NetworkPolicyPort {
  /** Port number. */
  readonly port: number;
  /** Protocol. */
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

/** A standard NetworkPolicy ingress rule. */
export interface NetworkPolicyIngressRule {
  /** Sources. */
  readonly from: readonly NetworkPolicyPeer[];
  /** Ports (absent: all ports). */
  readonly ports?: readonly NetworkPolicyPort[];
}

/** A standard NetworkPolicy egress rule. */
export interface NetworkPolicyEgressRule {
  /** Destinations. */
  readonly to: readonly NetworkPolicyPeer[];
  /** Ports (absent: all ports). */
  readonly ports?: readonly NetworkPolicyPort[];
}

/** Standard NetworkPolicy rules that belong together. */
export interface NetworkPolicyRules {
  /** Ingress rules. */
  readonly ingress: readonly NetworkPolicyIngressRule[];
  /** Egress rules. */
  readonly egress: readonly NetworkPolicyEgressRule[];
}
