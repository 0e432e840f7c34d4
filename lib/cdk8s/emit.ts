import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { HardeningProfile, K8sObject, RenderContext, missingClassReferences } from '../core';
import { emitRendered } from './emit-rendered';
import { addRootCheck, apiObjectsUnder } from './root-checks';
import { plainObjects } from '../core/plain-objects';

export { objectIds } from './emit-rendered';

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
 * Creates one ApiObject per object of `objects` under `scope`, with the object's own name, namespace and labels, so
 * that cdk8s synthesizes exactly these objects: a cluster-scoped object never receives the chart's namespace. The
 * objects are checked and copied first: each must be a Kubernetes object (string `apiVersion`, `kind` and
 * `metadata.name`) made of plain JSON (plain objects, arrays, strings, finite numbers, booleans, `null`; a cdk8s
 * `Lazy` is refused), own enumerable properties only, or a `KubeHardenValidationError` names every problem at once
 * and nothing is emitted. The copies, frozen, are the ApiObjects' props, under the ids `objectIds` gives (an id taken by an earlier
 * child of `scope` becomes `<kind>-<name>%<namespace>`; an object already emitted under it is refused). `scope`
 * refuses to synthesize while its objects, as finally synthesized, have audit errors or any unacknowledged weakening
 * (`guardEmission`).
 */
export function emitObjects(scope: Construct, objects: readonly K8sObject[]): ApiObject[] {
  return emitRendered(scope, plainObjects(objects, `emitObjects(${scope.node.path})`));
}

/**
 * Warnings for `objects` (a workload's objects) naming a RuntimeClass or PriorityClass that no object in the
 * app defines (a `SandboxRuntimes`, or any RuntimeClass / PriorityClass ApiObject).
 */
export function sandboxClassWarnings(scope: IConstruct, objects: readonly K8sObject[]): string[] {
  return missingClassReferences(objects, definedClasses(apiObjectsUnder(scope.node.root)));
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
