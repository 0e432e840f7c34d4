import { K8sObject } from '../../../core/manifest';
import { perAudit } from '../../context';
import { integerField, objectField, readOf } from '../../field-types';
import { auditedKind } from '../../kinds';
import { asObject, SERVICE_WORKLOAD_KINDS } from '../../pod-spec';
import { AuditContext, ManifestRule } from '../../rule';
import { declaredTier } from '../../tier';

/** Fewest replicas that survive a node failure. */
export const MIN_REPLICAS = 2;

const scaleTargetOf = (hpa: K8sObject) => asObject(asObject(hpa.spec)?.scaleTargetRef);

/**
 * The kind of the workload an autoscaler scales, as the audit reads kinds (`auditedKind`: a `scaleTargetRef` of
 * apiVersion `apps.kruise.io/v1beta1` names no `apps` StatefulSet); `undefined` when it names none.
 */
function targetKind(hpa: K8sObject): unknown {
  const target = scaleTargetOf(hpa);
  return typeof target?.kind === 'string' ? auditedKind(target.kind, target.apiVersion) : target?.kind;
}

/** Per audit and namespace: the first HorizontalPodAutoscaler of each target kind and name. */
const autoscalerIndexes = perAudit(() => new Map<string | undefined, ReadonlyMap<unknown, ReadonlyMap<unknown, K8sObject>>>());

/** The first autoscaler of the workload's namespace that targets it (as `find` over them), looked up in an index built once per namespace. */
function autoscalerOf(object: K8sObject, context: AuditContext): K8sObject | undefined {
  const namespace = object.metadata.namespace;
  const autoscalers = context.objectsOfKind('HorizontalPodAutoscaler', namespace);
  const name = object.metadata.name;
  if (typeof name !== 'string') {
    return autoscalers.find((h) => targetKind(h) === object.kind && scaleTargetOf(h)?.name === name);
  }
  const indexes = autoscalerIndexes(context);
  let index = indexes.get(namespace);
  if (!index) {
    const byKind = new Map<unknown, Map<unknown, K8sObject>>();
    for (const hpa of autoscalers) {
      const kind = targetKind(hpa);
      const targetName = scaleTargetOf(hpa)?.name;
      let byName = byKind.get(kind);
      if (!byName) {
        byName = new Map();
        byKind.set(kind, byName);
      }
      if (!byName.has(targetName)) byName.set(targetName, hpa);
    }
    index = byKind;
    indexes.set(namespace, index);
  }
  return index.get(object.kind)?.get(name);
}

/** The `minReplicas` of the workload's autoscaler (1 when unset, or of the wrong type: noted as the autoscaler's), if it has one. */
function autoscalerMin(object: K8sObject, context: AuditContext): number | undefined {
  const hpa = autoscalerOf(object, context);
  return hpa === undefined ? undefined : readOf(hpa, () => integerField(objectField(hpa, 'spec', ''), 'minReplicas', 'spec')) ?? 1;
}

/**
 * KH-WKL-003: a replicated workload runs at least 2 replicas, or its tier's replicas when it declares a
 * sensitivity tier (3 for high and critical). A HorizontalPodAutoscaler's `minReplicas` counts. `replicas` and
 * `minReplicas` of the wrong type (`"3"`, `2.5`) are unknown and read as unset (1): the rule needs them to pass.
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
    const replicas = autoscalerMin(object, context) ?? integerField(objectField(object, 'spec', ''), 'replicas', 'spec') ?? 1;
    if (replicas >= required) {
      return [];
    }
    const why = tier ? `the '${tier.sensitivity}' tier needs ${required}` : `at least ${required} survive a node failure`;
    return [{ message: `runs ${replicas} replica${replicas === 1 ? '' : 's'}; ${why}`, path: 'spec.replicas' }];
  },
};
