import { K8sObject } from '../../../core';
import { asObject, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { AuditContext, ManifestRule } from '../../rule';
import { declaredTier } from '../../tier';

/** Fewest replicas that survive a node failure. */
export const MIN_REPLICAS = 2;

function autoscalerMin(object: K8sObject, context: AuditContext): number | undefined {
  const hpa = context.objectsOfKind('HorizontalPodAutoscaler', object.metadata.namespace).find((h) => {
    const target = asObject(asObject(h.spec)?.scaleTargetRef);
    return target?.kind === object.kind && target?.name === object.metadata.name;
  });
  const min = asObject(hpa?.spec)?.minReplicas;
  return hpa === undefined ? undefined : typeof min === 'number' ? min : 1;
}

/**
 * KH-WKL-003: a replicated workload runs at least 2 replicas, or its tier's replicas when it declares a
 * sensitivity tier (3 for high and critical). A HorizontalPodAutoscaler's `minReplicas` counts.
 */
export const KH_WKL_003: ManifestRule = {
  id: 'KH-WKL-003',
  area: 'workload',
  title: 'Enough replicas for the tier',
  severity: 'warning',
  guideSection: '3.1',
  controls: { mlps: ['8.1.4.9'] },
  remediation: 'Run at least 2 replicas (3 for high and critical tiers), or let an autoscaler keep that many.',
  appliesTo: SERVICE_WORKLOAD_KINDS,
  check: (object, context) => {
    const tier = declaredTier(object);
    const required = Math.max(MIN_REPLICAS, tier?.profile.replicas ?? 0);
    const declared = asObject(object.spec)?.replicas;
    const replicas = autoscalerMin(object, context) ?? (typeof declared === 'number' ? declared : 1);
    if (replicas >= required) {
      return [];
    }
    const why = tier ? `the '${tier.sensitivity}' tier needs ${required}` : `at least ${required} survive a node failure`;
    return [{ message: `runs ${replicas} replica${replicas === 1 ? '' : 's'}; ${why}`, path: 'spec.replicas' }];
  },
};
