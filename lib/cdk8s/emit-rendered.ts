/**
 * How kube-harden's constructs emit the core's objects as ApiObjects (`emitRendered`), and the construct ids they
 * take. Not exported from the package: the public entry is `emitObjects` (emit.ts), which checks and copies first.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { describeObject, objectRef } from '../audit';
import { K8sObject, Problems } from '../core';
import { guardEmission } from './audit-guard';
import { EmittedApiObject } from './emitted-api-object';
import { kindAndName } from '../core/dependencies';

/**
 * The construct ids of objects emitted together under one scope, in order: the kind alone when no other of the
 * objects has that kind (`Deployment`), else `<kind>-<name>` (`NetworkPolicy-api.to.shop.db`), else, for one kind
 * and name in several namespaces, `<kind>-<name>%<namespace>`. No valid Kubernetes name contains `%` (the laxest rule,
 * for RBAC names, forbids `/` and `%`), so the ids are distinct. The first child id, and the ids of kinds a construct
 * emits once, are thus the same for every instance of a construct, as cdk8s-plus names its `Resource`: node paths
 * stay short, and an app of many constructs does not give each construct's child table (constructs keeps it in a
 * plain object keyed by id) a first key of its own, which exhausts V8's shape transitions and makes every plain
 * object built afterwards in the synth (the YAML writer's among them) cost a new hidden class.
 */
export function objectIds(objects: readonly K8sObject[]): string[] {
  const kinds = countsOf(objects.map((obj) => obj.kind));
  const kindNames = countsOf(objects.map((obj) => kindAndName(obj.kind, obj.metadata.name)));
  return objects.map((obj) => {
    if (kinds.get(obj.kind) === 1) return obj.kind;
    const id = `${obj.kind}-${obj.metadata.name}`;
    return kindNames.get(kindAndName(obj.kind, obj.metadata.name)) === 1 ? id : fullObjectId(obj);
  });
}

/** The id of an object that names it whole: `<kind>-<name>%<namespace>` (empty namespace when cluster-scoped). */
function fullObjectId(obj: K8sObject): string {
  return `${obj.kind}-${obj.metadata.name}%${obj.metadata.namespace ?? ''}`;
}

/**
 * The ids of `objects` under `scope`: `objectIds`, or the whole form where an earlier emission under `scope` took the
 * id. Throws, naming every such object at once, when an object is already emitted under `scope` or when ids still
 * clash (only names no Kubernetes object may have do that).
 */
function childIds(scope: Construct, objects: readonly K8sObject[]): string[] {
  const namespacesOf = new Map<string, (string | undefined)[]>();
  for (const child of scope.node.children.filter(ApiObject.isApiObject)) {
    const key = kindAndName(child.kind, child.name);
    const namespaces = namespacesOf.get(key);
    if (namespaces === undefined) namespacesOf.set(key, [child.metadata.namespace]);
    else namespaces.push(child.metadata.namespace);
  }
  // a cluster-scoped object carries the chart's namespace in cdk8s's metadata: any namespace matches it
  const isEmitted = (obj: K8sObject) => namespacesOf.get(kindAndName(obj.kind, obj.metadata.name))
    ?.some((namespace) => obj.metadata.namespace === undefined || namespace === obj.metadata.namespace) === true;
  const problems = new Problems();
  const taken = new Set<string>();
  const ids = objectIds(objects).map((short, i) => {
    const obj = objects[i];
    const id = scope.node.tryFindChild(short) === undefined ? short : fullObjectId(obj);
    const where = describeObject(objectRef(obj));
    if (isEmitted(obj)) {
      problems.add('objects', where, `is already emitted under '${scope.node.path}'`, 'emit each object once.');
    } else if (taken.has(id) || scope.node.tryFindChild(id) !== undefined) {
      problems.add('objects', where, `would take the construct id '${id}', which another object has`, 'give each object a valid Kubernetes name.');
    }
    taken.add(id);
    return id;
  });
  problems.throwIfAny(`emitObjects(${scope.node.path})`);
  return ids;
}

function countsOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * `emitObjects` for objects the core rendered for the caller (fresh, plain JSON, no caller holds them): they become
 * the ApiObjects' props as they are, frozen, with no check and no copy.
 */
export function emitRendered(scope: Construct, objects: readonly K8sObject[]): ApiObject[] {
  const chartNamespace = Chart.of(scope).namespace;
  const ids = childIds(scope, objects);
  guardEmission(scope, objects);
  return objects.map((obj, i) => {
    const apiObject = new EmittedApiObject(scope, ids[i], obj);
    if (obj.metadata.namespace === undefined && chartNamespace !== undefined) {
      apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    return apiObject;
  });
}
