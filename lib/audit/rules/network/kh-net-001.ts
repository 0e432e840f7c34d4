import { Direction, inNamespace, isolates, PolicySpec, rejectionNote, specsSelectingPod } from './policies';
import { groupsText, otherGroupKind } from '../../kinds';
import { podLabels, podSpecOf, WORKLOAD_KINDS } from '../../pod-spec';
import { AuditContext, ManifestRule, RuleViolation } from '../../rule';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

function names(specs: readonly PolicySpec[]): string {
  return [...new Set(specs.map((p) => `${p.object.kind} ${String(p.object.metadata?.name ?? '')}`))].sort().join(', ');
}

/**
 * What the message says of the namespace's NetworkPolicies of another API group (Calico's `projectcalico.org`): the
 * audit does not read them, so a namespace they protect is reported as the audit sees it.
 */
function unreadNote(context: AuditContext, namespace: string | undefined): string {
  const unread = inNamespace(context, otherGroupKind('NetworkPolicy'), namespace);
  if (unread.length === 0) return '';
  const named = unread.map((o) => `${String(o.metadata?.name ?? '')} (${String(o.apiVersion)})`).sort().join(', ');
  return `; the audit does not read NetworkPolicy ${named}: it reads NetworkPolicies of ${groupsText('NetworkPolicy')} and Cilium policies`;
}

/**
 * KH-NET-001: the workload's pods are isolated for ingress *and* for egress: for each direction, a network
 * policy (NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy) that selects them restricts that
 * direction. A pod selected only by `policyTypes: [Ingress]` policies still has open egress: a finding.
 * The rule judges what the audit (and its context) shows: when no policy in it isolates the pods, that is a
 * finding even if the Namespace is not part of the audit; the message says that a namespace-wide policy outside
 * the input would clear it (as Polaris' missingNetworkPolicy does). A selecting policy that the cluster rejects for an
 * invalid value isolates nothing, and the message says why (see `rejectionNote`). A NetworkPolicy of another API
 * group (Calico's `projectcalico.org/v3`: a string selector, rules with an `action`) is not read: the message names
 * those of the namespace.
 */
export const KH_NET_001: ManifestRule = {
  id: 'KH-NET-001',
  area: 'network',
  title: 'Pod ingress and egress are isolated by network policies',
  severity: 'error',
  guideSection: '4.1',
  controls: { cis: ['5.3.2'], nsa: ['Network separation and hardening: network policies'], mlps: ['8.1.3.1', '8.1.3.2'] },
  remediation: 'Add a default-deny policy for ingress and egress to the namespace (ZeroTrustNamespace) and policies that allow only the traffic the workload needs.',
  appliesTo: WORKLOAD_KINDS,
  check: (object, context) => {
    const namespace = object.metadata.namespace;
    const selecting = specsSelectingPod(context, podLabels(object), namespace);
    const open = DIRECTIONS.filter((d) => !selecting.some((p) => isolates(p, d, context)));
    if (open.length === 0) {
      return [];
    }
    const template = podSpecOf(object)?.path.replace(/\.?spec$/, '') ?? '';
    const labelsPath = template === '' ? 'metadata.labels' : `${template}.metadata.labels`;
    const outside = namespace !== undefined && context.namespace(namespace) !== undefined
      ? ''
      : ` (namespace '${namespace ?? '(none)'}' is not part of the audit: a namespace-wide policy outside the input would clear this; supply it as audit context, e.g. --context)`;
    const rejected = rejectionNote(selecting.map((p) => p.object), context);
    const unread = unreadNote(context, namespace);
    return open.map((direction): RuleViolation => ({
      message: selecting.length === 0
        ? `${direction} is open: no network policy in the audit selects the pods${outside}${unread}`
        : `${direction} is open: the policies selecting the pods (${names(selecting)}) do not restrict ${direction}${rejected}${outside}${unread}`,
      path: labelsPath,
    }));
  },
};
