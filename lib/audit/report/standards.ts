import { runtimeCoverageNotes } from './runtime-coverage-notes';
import { K8sObject } from '../../core/manifest';
import { isKind } from '../kinds';
import { ControlMapping, RuleMetadata } from '../rule';

/**
 * The standards a compliance report maps to, and their controls. A control is satisfied by the audit rules mapped
 * to it (through each rule's `controls`) and, for MLPS controls that no rule checks, by evidence objects
 * (e.g. the image admission policy for 可信验证). Controls that manifests cannot show are marked `manual`.
 */

/** A standard the report knows. */
export type StandardId = 'mlps2-l3' | 'pss' | 'cis' | 'nsa';

/** Every standard id, for CLI choices. */
export const STANDARD_IDS: readonly StandardId[] = ['mlps2-l3', 'pss', 'cis', 'nsa'];

/** Objects that evidence a control. */
export interface Evidence {
  /** What the evidence is, for the report. */
  readonly description: string;
  /** Whether `object` is such evidence. */
  matches(object: K8sObject): boolean;
}

/** One control of a standard. */
export interface StandardControl {
  /** Control id, e.g. `8.1.4.6` or `5.2.2`. */
  readonly id: string;
  /** Title. */
  readonly title: string;
  /** Evidence objects that satisfy the control when no rule checks it (or besides the rules). */
  readonly evidence?: readonly Evidence[];
  /** Whether the control is outside what manifests can show (not scored). */
  readonly manual?: string;
  /** Notes the objects give on the control (gaps the score cannot show), listed in the report. */
  notes?(objects: readonly K8sObject[]): string[];
}

/** A standard: its controls and which field of a rule's `ControlMapping` names them. */
export interface Standard {
  /** Id. */
  readonly id: StandardId;
  /** Title. */
  readonly title: string;
  /** The controls, in the standard's order. */
  readonly controls: readonly StandardControl[];
  /** The control ids a rule maps to in this standard. */
  controlsOf(mapping: ControlMapping): readonly string[];
}

function kinds(description: string, ...names: string[]): Evidence {
  return { description, matches: (o) => names.some((kind) => isKind(o, kind)) };
}

function labelled(description: string, kind: string, key: string, value: string): Evidence {
  return { description, matches: (o) => isKind(o, kind) && o.metadata?.labels?.[key] === value };
}

const IMAGE_ADMISSION = kinds('image signature admission policy (Kyverno ClusterPolicy / Sigstore ClusterImagePolicy)', 'ClusterPolicy', 'ClusterImagePolicy');
const EXEC_MONITORING = kinds('eBPF exec monitoring (Tetragon TracingPolicy / TracingPolicyNamespaced)', 'TracingPolicy', 'TracingPolicyNamespaced');
const FALCO_RULES: Evidence = {
  description: 'Falco runtime detection rules (RuntimeThreatDetection)',
  matches: (o) => isKind(o, 'ConfigMap') && typeof (o.data as Record<string, unknown> | undefined)?.['kube-harden-rules.yaml'] === 'string',
};
const CHAOS_PROBES = labelled('continuous verification CronJob (SecurityChaosProbes)', 'CronJob', 'app.kubernetes.io/name', 'security-chaos-probes');
const MTLS = kinds('mesh mTLS (Istio PeerAuthentication)', 'PeerAuthentication');

/** MLPS 2.0 (GB/T 22239-2019) level 3 controls that Kubernetes manifests can evidence (reference.md §9). */
const MLPS_CONTROLS: readonly StandardControl[] = [
  { id: '8.1.3.1', title: '边界防护 Boundary protection', evidence: [kinds('network policy', 'CiliumNetworkPolicy', 'NetworkPolicy')] },
  { id: '8.1.3.2', title: '访问控制 Boundary access control', evidence: [kinds('default-deny network and mesh policy', 'CiliumNetworkPolicy', 'AuthorizationPolicy')] },
  { id: '8.1.3.3', title: '入侵防范 Boundary intrusion prevention', evidence: [kinds('rate limit / egress deny', 'EnvoyFilter', 'CiliumClusterwideNetworkPolicy')] },
  { id: '8.1.3.5', title: '安全审计 Boundary security audit', manual: 'flow and access logs are shipped by cluster-level logging (Hubble, Envoy), outside the manifests' },
  { id: '8.1.4.1', title: '身份鉴别 Identification and authentication', evidence: [MTLS, kinds('JWT validation', 'RequestAuthentication')] },
  { id: '8.1.4.2', title: '访问控制 Access control' },
  { id: '8.1.4.3', title: '安全审计 Security audit', evidence: [EXEC_MONITORING, FALCO_RULES], notes: runtimeCoverageNotes },
  { id: '8.1.4.4', title: '入侵防范 Intrusion prevention', evidence: [IMAGE_ADMISSION, EXEC_MONITORING], notes: runtimeCoverageNotes },
  { id: '8.1.4.5', title: '恶意代码防范 Malicious code prevention', evidence: [IMAGE_ADMISSION, FALCO_RULES] },
  { id: '8.1.4.6', title: '可信验证 Trusted verification', evidence: [IMAGE_ADMISSION] },
  { id: '8.1.4.7', title: '数据完整性 Data integrity', evidence: [MTLS] },
  { id: '8.1.4.8', title: '数据保密性 Data confidentiality', evidence: [MTLS] },
  { id: '8.1.4.9', title: '数据备份恢复 Data backup and recovery' },
  { id: '8.1.5.2', title: '审计管理 Audit management', manual: 'central log and alert collection (SIEM, retention of at least six months) is cluster-level' },
  { id: '8.1.5.4', title: '集中管控 Centralised control', evidence: [CHAOS_PROBES] },
  { id: '8.2', title: '云计算扩展 Cloud extension (image protection, virtualisation security)', evidence: [IMAGE_ADMISSION, kinds('sandbox runtime classes', 'RuntimeClass')] },
];

function derived(id: StandardId, title: string, pick: (m: ControlMapping) => readonly string[], rules: readonly RuleMetadata[]): Standard {
  const ids = [...new Set(rules.flatMap((r) => pick(r.controls)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { id, title, controls: ids.map((c) => ({ id: c, title: c })), controlsOf: pick };
}

/** The standard `id`, with controls derived from `rules` where the standard has no table of its own. */
export function standardById(id: StandardId, rules: readonly RuleMetadata[]): Standard {
  switch (id) {
    case 'mlps2-l3':
      return { id, title: 'MLPS 2.0 (GB/T 22239-2019) level 3', controls: MLPS_CONTROLS, controlsOf: (m) => m.mlps ?? [] };
    case 'pss':
      return derived(id, 'Kubernetes Pod Security Standards (restricted)', (m) => (m.pss ? [m.pss] : []), rules);
    case 'cis':
      return derived(id, 'CIS Kubernetes Benchmark (section 5, policies)', (m) => m.cis ?? [], rules);
    case 'nsa':
      return derived(id, 'NSA/CISA Kubernetes Hardening Guide', (m) => m.nsa ?? [], rules);
    default:
      throw new Error(`unknown standard '${String(id)}' (use one of ${STANDARD_IDS.join(', ')})`);
  }
}
