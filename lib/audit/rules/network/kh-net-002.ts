import { Direction, isDefaultDeny, policySpecsFor, rejectionNote, selectsEveryPod } from './policies';
import { ManifestRule } from '../../rule';

const DIRECTIONS: readonly Direction[] = ['ingress', 'egress'];

/**
 * KH-NET-002: the namespace denies ingress and egress by default: a policy selecting every pod puts
 * each direction into default deny (NetworkPolicy policyTypes, or Cilium rules / `enableDefaultDeny`). A policy with an
 * empty selector that the cluster rejects for an invalid value denies nothing, and the message says why (see
 * `rejectionNote`).
 */
export const KH_NET_002: ManifestRule = {
  id: 'KH-NET-002',
  area: 'network',
  title: 'Namespace denies traffic by default',
  severity: 'error',
  guideSection: '4.1',
  controls: { cis: ['5.3.2'], nsa: ['Network separation and hardening: network policies'], mlps: ['8.1.3.1', '8.1.3.2'] },
  remediation: 'Add a policy that selects every pod of the namespace and denies ingress and egress by default (ZeroTrustNamespace does).',
  appliesTo: ['Namespace'],
  check: (object, context) => {
    const specs = policySpecsFor(context, object.metadata.name);
    const open = DIRECTIONS.filter((d) => !specs.some((p) => isDefaultDeny(p, d, context)));
    if (open.length === 0) {
      return [];
    }
    const everyPod = specs.filter(selectsEveryPod).map((p) => p.object);
    return [{ message: `no policy denies ${open.join(' or ')} traffic by default in the namespace${rejectionNote(everyPod, context)}` }];
  },
};
