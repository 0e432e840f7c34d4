import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { K8sObject } from '../core/manifest';

/** A typed `@pulumi/kubernetes` resource class: `new Class(name, { metadata, ...body }, opts)`. */
type TypedResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** How one built-in kind is created: its typed class and the top-level fields (besides `metadata`) the class accepts. */
interface TypedKind {
  readonly resourceClass: TypedResourceClass;
  readonly fields: readonly string[];
}

const SPEC = ['spec'];

/**
 * The typed class of every built-in kind the library emits, keyed by `<apiVersion>/<kind>`.
 * A typed class silently drops a top-level field it does not declare: `fields` lists what each one takes,
 * and {@link createResource} refuses any other field.
 */
const TYPED_KINDS: Readonly<Record<string, TypedKind>> = {
  'v1/Namespace': { resourceClass: k8s.core.v1.Namespace, fields: SPEC },
  'v1/ServiceAccount': { resourceClass: k8s.core.v1.ServiceAccount, fields: ['automountServiceAccountToken', 'imagePullSecrets', 'secrets'] },
  'v1/Service': { resourceClass: k8s.core.v1.Service, fields: SPEC },
  'v1/ConfigMap': { resourceClass: k8s.core.v1.ConfigMap, fields: ['binaryData', 'data', 'immutable'] },
  'v1/Secret': { resourceClass: k8s.core.v1.Secret, fields: ['data', 'immutable', 'stringData', 'type'] },
  'v1/ResourceQuota': { resourceClass: k8s.core.v1.ResourceQuota, fields: SPEC },
  'v1/LimitRange': { resourceClass: k8s.core.v1.LimitRange, fields: SPEC },
  'v1/Pod': { resourceClass: k8s.core.v1.Pod, fields: SPEC },
  'apps/v1/Deployment': { resourceClass: k8s.apps.v1.Deployment, fields: SPEC },
  'apps/v1/StatefulSet': { resourceClass: k8s.apps.v1.StatefulSet, fields: SPEC },
  'apps/v1/DaemonSet': { resourceClass: k8s.apps.v1.DaemonSet, fields: SPEC },
  'batch/v1/Job': { resourceClass: k8s.batch.v1.Job, fields: SPEC },
  'batch/v1/CronJob': { resourceClass: k8s.batch.v1.CronJob, fields: SPEC },
  'autoscaling/v2/HorizontalPodAutoscaler': { resourceClass: k8s.autoscaling.v2.HorizontalPodAutoscaler, fields: SPEC },
  'policy/v1/PodDisruptionBudget': { resourceClass: k8s.policy.v1.PodDisruptionBudget, fields: SPEC },
  'networking.k8s.io/v1/NetworkPolicy': { resourceClass: k8s.networking.v1.NetworkPolicy, fields: SPEC },
  'node.k8s.io/v1/RuntimeClass': { resourceClass: k8s.node.v1.RuntimeClass, fields: ['handler', 'overhead', 'scheduling'] },
  'scheduling.k8s.io/v1/PriorityClass': { resourceClass: k8s.scheduling.v1.PriorityClass, fields: ['description', 'globalDefault', 'preemptionPolicy', 'value'] },
  'rbac.authorization.k8s.io/v1/Role': { resourceClass: k8s.rbac.v1.Role, fields: ['rules'] },
  'rbac.authorization.k8s.io/v1/RoleBinding': { resourceClass: k8s.rbac.v1.RoleBinding, fields: ['roleRef', 'subjects'] },
  'rbac.authorization.k8s.io/v1/ClusterRole': { resourceClass: k8s.rbac.v1.ClusterRole, fields: ['aggregationRule', 'rules'] },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { resourceClass: k8s.rbac.v1.ClusterRoleBinding, fields: ['roleRef', 'subjects'] },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': {
    resourceClass: k8s.admissionregistration.v1.ValidatingAdmissionPolicy, fields: SPEC,
  },
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': {
    resourceClass: k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding, fields: SPEC,
  },
};

/** The `<apiVersion>/<kind>` keys of the built-in kinds that map to a typed class. */
export const TYPED_KIND_KEYS: readonly string[] = Object.keys(TYPED_KINDS);

/** The top-level fields (besides `metadata`) the typed class of `<apiVersion>/<kind>` takes; `undefined` for custom resources. */
export function typedFields(apiVersion: string, kind: string): readonly string[] | undefined {
  return TYPED_KINDS[`${apiVersion}/${kind}`]?.fields;
}

/** Whether `apiVersion` belongs to a built-in Kubernetes API group (core, `apps`, `batch`, `policy`, `autoscaling`, `*.k8s.io`). */
export function isBuiltInApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * Creates the Pulumi resource of one plain object: the typed `@pulumi/kubernetes` class for a built-in kind,
 * `apiextensions.CustomResource` for a custom resource (Cilium, Istio, HNC, Tetragon, Kyverno, Sigstore, Chaos Mesh).
 * `body` replaces fields of `obj` (the adapter passes Outputs this way, e.g. a container image).
 * Throws on a built-in kind that has no typed class here, or on a field the typed class would drop.
 */
export function createResource(
  name: string,
  obj: K8sObject,
  opts: pulumi.CustomResourceOptions,
  body: Readonly<Record<string, pulumi.Input<unknown>>> = {},
): pulumi.CustomResource {
  const { apiVersion, kind, metadata, ...rest } = { ...obj, ...body };
  const typed = TYPED_KINDS[`${apiVersion}/${kind}`];
  if (typed) {
    const dropped = Object.keys(rest).filter((field) => !typed.fields.includes(field));
    if (dropped.length > 0) {
      throw new Error(`${apiVersion} ${kind} '${metadata.name}': the typed Pulumi class does not take ${dropped.join(', ')}`);
    }
    return new typed.resourceClass(name, { metadata, ...rest }, opts);
  }
  if (isBuiltInApiVersion(apiVersion)) {
    throw new Error(`${apiVersion} ${kind} '${metadata.name}': no typed Pulumi class is mapped for this built-in kind (add it to resource-map.ts)`);
  }
  return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, metadata, ...rest }, opts);
}
