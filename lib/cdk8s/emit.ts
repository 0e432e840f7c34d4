import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { describeObject, objectRef } from '../audit';
import { HardeningProfile, K8sObject, Problems, RenderContext, missingClassReferences } from '../core';
import { guardEmission } from './audit-guard';
import { EmittedApiObject } from './emitted-api-object';
import { addRootCheck } from './root-checks';
import { kindAndName } from '../core/dependencies';

/** What every kube-harden cdk8s construct takes besides its core props. */
export interface ProfileProps {
  /**
   * The hardening profile the core renders with.
   * @default RESTRICTED_PROFILE
   */
  readonly profile?: HardeningProfile;
}

/** The render context of `scope`: its chart's namespace and labels, which the core applies itself. */
export function renderContextOf(scope: IConstruct): RenderContext {
  const chart = Chart.of(scope);
  return { namespace: chart.namespace, labels: chart.labels };
}

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
 * Creates one ApiObject per core object under `scope`, with the object's own name, namespace and labels, so that
 * cdk8s synthesizes exactly the core's objects: a cluster-scoped object never receives the chart's namespace.
 * The core objects become the ApiObjects' props as they are, frozen (no copy), under the ids `objectIds` gives (an
 * id taken by an earlier child of `scope` becomes `<kind>-<name>%<namespace>`; an object already emitted under it is
 * refused). `scope` refuses to synthesize while its objects, as finally synthesized, have audit errors or any
 * unacknowledged weakening (`guardEmission`).
 */
export function emitObjects(scope: Construct, objects: readonly K8sObject[]): ApiObject[] {
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

/**
 * Warnings for `objects` (a workload's objects) naming a RuntimeClass or PriorityClass that no object in the
 * app defines (a `SandboxRuntimes`, or any RuntimeClass / PriorityClass ApiObject).
 */
export function sandboxClassWarnings(scope: IConstruct, objects: readonly K8sObject[]): string[] {
  return missingClassReferences(objects, definedClasses(scope.node.root.node.findAll().filter(ApiObject.isApiObject)));
}

function definedClasses(apiObjects: readonly ApiObject[]): K8sObject[] {
  return apiObjects
    .filter((c) => c.kind === 'RuntimeClass' || c.kind === 'PriorityClass')
    .map((c) => ({ apiVersion: c.apiVersion, kind: c.kind, metadata: { name: c.name } }));
}

/**
 * Adds a synth-time check that warns (on the console, once per warning, without failing synth) about
 * undefined sandbox classes. It runs in the app's shared root check (`addRootCheck`): the defined classes are
 * looked up once per synth (not once per workload), and the workloads are checked again only when the defined
 * classes or the workloads changed.
 */
export function warnOnUndefinedClasses(construct: Construct, objects: readonly K8sObject[]): void {
  const root = construct.node.root;
  let workloads = workloadsByRoot.get(root);
  if (!workloads) {
    const registered = new Map<IConstruct, readonly K8sObject[]>();
    const printed = new Set<string>();
    let checked: string | undefined;
    workloads = registered;
    workloadsByRoot.set(root, registered);
    addRootCheck(root, 'undefined-classes', (apiObjects) => {
      const defined = definedClasses(apiObjects);
      const state = `${registered.size}\n${defined.map((c) => `${c.kind}/${c.metadata.name}`).join('\n')}`;
      if (state === checked) {
        return [];
      }
      checked = state;
      for (const [workload, own] of registered) {
        for (const warning of missingClassReferences(own, defined)) {
          const line = `[kube-harden] ${workload.node.path}: ${warning}`;
          if (!printed.has(line)) {
            printed.add(line);
            console.warn(line);
          }
        }
      }
      return [];
    });
  }
  workloads.set(construct, objects);
}

const workloadsByRoot = new WeakMap<IConstruct, Map<IConstruct, readonly K8sObject[]>>();
