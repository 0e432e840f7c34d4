import { specsSelectingPod } from './policies';
import { podLabels, WORKLOAD_KINDS } from '../../pod-spec';
import { ManifestRule } from '../../rule';

/**
 * KH-NET-001: a network policy (NetworkPolicy, CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy)
 * selects the workload's pods. When none does and the workload's Namespace is not in the audit, the
 * answer is unknown (the namespace's policies may live elsewhere).
 */
export const KH_NET_001: ManifestRule = {
  id: 'KH-NET-001',
  area: 'network',
  title: 'Pod is selected by a network policy',
  severity: 'error',
  guideSection: '4.1',
  controls: { cis: ['5.3.2'], nsa: ['Network separation and hardening: network policies'], mlps: ['8.1.3.1', '8.1.3.2'] },
  remediation: 'Add a default-deny policy to the namespace (ZeroTrustNamespace) and a policy that allows only the traffic the workload needs.',
  appliesTo: WORKLOAD_KINDS,
  check: (object, context) => {
    const namespace = object.metadata.namespace;
    const labels = podLabels(object);
    if (specsSelectingPod(context, labels, namespace).length > 0) {
      return [];
    }
    if (namespace === undefined || context.namespace(namespace) === undefined) {
      return [{ message: `no network policy in the audit selects the pods, and namespace '${namespace ?? '(none)'}' is not part of the audit`, unknown: true }];
    }
    return [{ message: 'no network policy selects the pods: all traffic to and from them is allowed', path: 'metadata.labels' }];
  },
};
