import * as fc from 'fast-check';
import { audit, auditedKind, createAuditContext, KIND_GROUPS, otherGroupKind } from '../../lib/audit';
import { K8sObject } from '../../lib/core';
import { crdGroupKinds } from '../conformance/crd-schema';

// The groups of the built-in kinds, from kubernetes/api <dir>/<version>/register.go (`GroupName`, `addKnownTypes`):
// core/v1 "" (Pod, ReplicationController, Service, Namespace, ServiceAccount, ConfigMap); apps/v1 "apps" (Deployment,
// StatefulSet, DaemonSet, ReplicaSet; apps/v1beta1 Deployment, StatefulSet; apps/v1beta2 all four); extensions/v1beta1
// "extensions" (Deployment, DaemonSet, ReplicaSet, NetworkPolicy, Ingress); batch/v1 "batch" (Job, CronJob; batch/v1beta1
// CronJob); networking/v1 "networking.k8s.io" (NetworkPolicy); rbac/v1 and v1beta1 "rbac.authorization.k8s.io";
// policy/v1 and v1beta1 "policy" (PodDisruptionBudget); autoscaling/v1 and v2 "autoscaling"; scheduling/v1
// "scheduling.k8s.io" (PriorityClass); node/v1 "node.k8s.io" (RuntimeClass). The custom kinds' groups are checked
// against the upstream CRDs (Cilium, Tetragon, Istio, Kyverno, Sigstore policy-controller) below.
const BUILT_IN: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  ReplicationController: [''],
  Service: [''],
  Namespace: [''],
  ServiceAccount: [''],
  ConfigMap: [''],
  Deployment: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
  NetworkPolicy: ['networking.k8s.io', 'extensions'],
  Role: ['rbac.authorization.k8s.io'],
  ClusterRole: ['rbac.authorization.k8s.io'],
  RoleBinding: ['rbac.authorization.k8s.io'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io'],
  PodDisruptionBudget: ['policy'],
  HorizontalPodAutoscaler: ['autoscaling'],
  PriorityClass: ['scheduling.k8s.io'],
  RuntimeClass: ['node.k8s.io'],
};

const KINDS = Object.keys(KIND_GROUPS);

/** An object of `kind` and `apiVersion` (absent when `undefined`). */
function objectOf(kind: string, apiVersion: unknown): K8sObject {
  return { ...(apiVersion !== undefined ? { apiVersion } : {}), kind, metadata: { name: 'x', namespace: 'a' } } as K8sObject;
}

/** The apiVersion of `group` at `version` (`version` alone for the core group). */
const apiVersionOf = (group: string, version: string): string => (group === '' ? version : `${group}/${version}`);

const versionArb = fc.stringMatching(/^v[1-9]\d?((alpha|beta)[1-9])?$/);
// a DNS subdomain, as an API group is (e.g. `projectcalico.org`), or the core group
const groupArb = fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z][a-z0-9-]{0,8}(\.[a-z][a-z0-9-]{0,8}){0,3}$/));

describe('the kinds the audit reads and their API groups |', () => {
  test('the built-in kinds have their Kubernetes groups', () => {
    const builtIn = Object.fromEntries(KINDS.filter((k) => KIND_GROUPS[k].every((g) => !g.includes('.') || g.endsWith('.k8s.io'))).map((k) => [k, KIND_GROUPS[k]]));
    expect(builtIn).toEqual(BUILT_IN);
  });

  test('every custom kind has the group of its upstream CRD, and every upstream CRD of a kind the audit reads is of its group', () => {
    const crds = crdGroupKinds();
    const custom = KINDS.filter((k) => !(k in BUILT_IN));
    expect(custom.length).toBeGreaterThan(0);
    for (const kind of custom) {
      expect(KIND_GROUPS[kind].map((group) => crds.some((c) => c.kind === kind && c.group === group) ? group : `${group} (no CRD)`)).toEqual(KIND_GROUPS[kind]);
    }
    for (const crd of crds.filter((c) => c.kind in KIND_GROUPS)) {
      expect(KIND_GROUPS[crd.kind]).toContain(crd.group);
    }
  });

  test('property: every kind is itself at any version of its groups, and a kind of its own in any other group', () => {
    fc.assert(fc.property(fc.constantFrom(...KINDS), versionArb, groupArb, (kind, version, other) => {
      for (const group of KIND_GROUPS[kind]) {
        const own = objectOf(kind, apiVersionOf(group, version));
        expect(auditedKind(kind, own.apiVersion)).toBe(kind);
        expect(createAuditContext([own], { allowedRegistries: [] }).objectsOfKind(kind)).toEqual([own]);
      }
      fc.pre(!KIND_GROUPS[kind].includes(other));
      const foreign = objectOf(kind, apiVersionOf(other, version));
      expect(auditedKind(kind, foreign.apiVersion)).toBe(otherGroupKind(kind));
      const context = createAuditContext([foreign], { allowedRegistries: [] });
      expect(context.objectsOfKind(kind)).toEqual([]);
      expect(context.objectsOfKind(kind, 'a')).toEqual([]);
      expect(context.objectsOfKind(otherGroupKind(kind), 'a')).toEqual([foreign]);
    }));
  });

  test('a group whose name starts like the kind\'s is another group (OpenKruise apps.kruise.io is not apps)', () => {
    expect(auditedKind('StatefulSet', 'apps.kruise.io/v1beta1')).toBe(otherGroupKind('StatefulSet'));
    expect(auditedKind('NetworkPolicy', 'networking.k8s.io.example.com/v1')).toBe(otherGroupKind('NetworkPolicy'));
    expect(auditedKind('ClusterPolicy', 'kyverno.io.example.com/v1')).toBe(otherGroupKind('ClusterPolicy'));
  });

  test('an object without an apiVersion, or with one that is not a string, is read as its kind (judged, not skipped)', () => {
    for (const apiVersion of [undefined, null, 1, ['apps/v1']]) {
      expect(auditedKind('Deployment', apiVersion)).toBe('Deployment');
      expect(audit([objectOf('Namespace', apiVersion)]).rules.map((r) => r.id)).toContain('KH-NS-001');
    }
  });

  test('a kind the audit does not read is itself in any group', () => {
    expect(auditedKind('Rollout', 'argoproj.io/v1alpha1')).toBe('Rollout');
    expect(auditedKind('Gateway', 'networking.istio.io/v1')).toBe('Gateway');
  });

  test('the engine runs the rules of a kind on objects of its groups only', () => {
    const ids = (object: K8sObject) => audit([object]).rules.map((r) => r.id);
    expect(ids(objectOf('ClusterRole', 'rbac.authorization.k8s.io/v1beta1'))).toEqual(['KH-RBAC-001', 'KH-RBAC-003']);
    expect(ids(objectOf('ClusterRole', 'example.com/v1'))).toEqual([]);
    expect(ids(objectOf('Namespace', 'v1'))).toContain('KH-NS-001');
    expect(ids(objectOf('Namespace', 'project.example.com/v1'))).toEqual([]);
  });
});
