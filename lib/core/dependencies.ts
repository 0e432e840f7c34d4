import { K8sObject, objectKey } from './manifest';
import { podSpecOf } from './sandbox-runtimes';

/** A reference from one object to another that must exist first, by kind, namespace (namespaced kinds only) and name. */
export interface ObjectReference {
  /** Kinds that satisfy the reference (e.g. a Namespace, or the SubnamespaceAnchor that creates it). */
  readonly kinds: readonly string[];
  /** Namespace of the target, for namespaced kinds. */
  readonly namespace?: string;
  /** Name of the target. */
  readonly name: unknown;
}

type Json = Record<string, any>;

/**
 * What `obj` needs to exist before it: its Namespace (or the SubnamespaceAnchor that creates it), the
 * RuntimeClass, PriorityClass and ServiceAccount its pods name, the Role a binding binds, the parent of a
 * HierarchyConfiguration, the policy of a policy binding.
 */
export function objectReferences(obj: K8sObject): ObjectReference[] {
  const namespace = obj.metadata.namespace;
  const refs: ObjectReference[] = [];
  if (namespace !== undefined) {
    refs.push({ kinds: ['Namespace'], name: namespace });
    refs.push({ kinds: ['SubnamespaceAnchor'], name: namespace });
  }
  const pod = podSpecOf(obj);
  if (pod) {
    refs.push({ kinds: ['RuntimeClass'], name: pod.runtimeClassName });
    refs.push({ kinds: ['PriorityClass'], name: pod.priorityClassName });
    refs.push({ kinds: ['ServiceAccount'], namespace, name: pod.serviceAccountName });
  }
  const roleRef = obj.roleRef as Json | undefined;
  if (roleRef && (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding')) {
    refs.push({ kinds: [roleRef.kind], namespace: roleRef.kind === 'Role' ? namespace : undefined, name: roleRef.name });
  }
  if (obj.kind === 'HierarchyConfiguration') {
    refs.push({ kinds: ['Namespace'], name: (obj.spec as Json | undefined)?.parent });
  }
  if (obj.kind === 'ValidatingAdmissionPolicyBinding') {
    refs.push({ kinds: ['ValidatingAdmissionPolicy'], name: (obj.spec as Json | undefined)?.policyName });
  }
  return refs;
}

/**
 * The key of a kind and a name, the two fields a reference always names (an object's namespace may be implied): the
 * adapters index the objects they created or were handed by it. A NUL character is in neither.
 */
export function kindAndName(kind: string, name: string): string {
  return `${kind}\u0000${name}`;
}

/** Whether `target` satisfies `ref`. */
export function satisfiesReference(target: K8sObject, ref: ObjectReference): boolean {
  return ref.kinds.includes(target.kind)
    && target.metadata.name === ref.name
    && (ref.namespace === undefined || target.metadata.namespace === ref.namespace);
}

/**
 * For each object, the keys (see `objectKey`) of the objects in the same list that must exist before it
 * (see {@link objectReferences}). Adapters use this to order creation (Pulumi `dependsOn`); references to
 * objects outside the list are ignored.
 */
export function objectDependencies(objects: readonly K8sObject[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const obj of objects) {
    const refs = objectReferences(obj);
    const deps = objects
      .filter((target) => target !== obj && refs.some((ref) => satisfiesReference(target, ref)))
      .map(objectKey);
    result.set(objectKey(obj), deps);
  }
  return result;
}
