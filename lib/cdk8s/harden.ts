import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  AcknowledgedControl, HardenedObject, hardenObject, HardenPodSpecOptions, HardeningProfile, intentOf, isWorkloadObject,
  K8sObject, PodSpecChange,
} from '../core';
import { currentJsonOf } from './emitted-api-object';
import { apiObjectsUnder } from './root-checks';

/** How `harden` hardens the workloads of a scope. */
export interface HardenOptions extends HardenPodSpecOptions {
  /**
   * The hardening profile.
   * @default RESTRICTED_PROFILE
   */
  readonly profile?: HardeningProfile;
}

/** What `harden` did to one workload object. */
export interface HardenedWorkload {
  /** Construct path of the ApiObject. */
  readonly path: string;
  /** Kind, e.g. `Deployment`. */
  readonly kind: string;
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.namespace`, when set. */
  readonly namespace?: string;
  /** The changes, as JSON Patch `add` operations on the synthesized object (paths from its root). */
  readonly changes: readonly PodSpecChange[];
  /** Acknowledged controls that kept a weaker value; each is written as a `kube-harden.io/acknowledge.<id>` annotation on the object and its pod template. */
  readonly acknowledged: readonly AcknowledgedControl[];
}

/** What `harden` changed, per workload object, in construct-tree order. */
export interface HardeningReport {
  /** Every workload object found under the scope (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...). */
  readonly workloads: readonly HardenedWorkload[];
  /** Total number of changes. */
  readonly changeCount: number;
}

const GUARDED = Symbol.for('kube-harden.harden.options');

/**
 * Hardens every workload ApiObject under `scope` (cdk8s-plus-27 Deployments, StatefulSets, DaemonSets, Jobs,
 * CronJobs and plain ApiObjects alike) with the profile, and reports what it changed.
 *
 * Call it **after** defining the workloads: it reads each object's synthesized JSON now and adds JSON patches
 * for the changes. A workload changed afterwards (e.g. a container added) fails validation at synth with a
 * message naming it, so a late change is never silently unhardened. Calling it again is harmless: a hardened
 * object gets no new changes. Acknowledged weakenings (`acknowledgements`, or existing
 * `kube-harden.io/acknowledge.<id>` annotations) are kept and recorded as annotations.
 *
 * @example
 * const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] });
 * const report = harden(chart);
 * // report.workloads[0].changes: seccompProfile, runAsUser, capabilities drop ALL, /tmp emptyDir, ...
 *
 * @param scope a chart, or any construct whose subtree holds the workloads
 * @param options acknowledgements, writable paths, tier and profile
 */
export function harden(scope: IConstruct, options: HardenOptions = {}): HardeningReport {
  const workloads: HardenedWorkload[] = [];
  for (const apiObject of apiObjectsUnder(scope)) {
    const json = currentJsonOf(apiObject);
    if (!isWorkloadObject(json)) continue;
    const result = hardenWith(json, options);
    for (const change of result.changes) {
      if (change.path !== '/metadata' && !change.path.startsWith('/metadata/')) apiObject.addJsonPatch(JsonPatch.add(change.path, change.to));
    }
    // The object's own annotations it wrote (acknowledgements; a Pod's AppArmor annotations) go through its metadata.
    const before = annotationsOf(json);
    for (const [key, value] of Object.entries(annotationsOf(result.object))) {
      if (before[key] !== value) apiObject.metadata.addAnnotation(key, value);
    }
    guard(apiObject, options);
    workloads.push({
      path: apiObject.node.path,
      kind: json.kind,
      name: json.metadata.name,
      ...(json.metadata.namespace === undefined ? {} : { namespace: json.metadata.namespace }),
      changes: result.changes,
      acknowledged: result.acknowledged,
    });
  }
  return { workloads, changeCount: workloads.reduce((n, w) => n + w.changes.length, 0) };
}

/** The string annotations of `obj`'s own metadata. */
function annotationsOf(obj: K8sObject): Record<string, string> {
  const annotations = obj.metadata?.annotations ?? {};
  return Object.fromEntries(Object.entries(annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** `hardenObject` with the profile taken out of `options` (own properties only): the rest are the harden options. */
function hardenWith(json: K8sObject, options: HardenOptions): HardenedObject {
  const { intent, profile } = intentOf<HardenPodSpecOptions>(options);
  return hardenObject(json, intent, profile);
}

/** At synth, fails when the object is no longer hardened (it changed after `harden`). Registered once per object. */
function guard(apiObject: ApiObject, options: HardenOptions): void {
  const holder = apiObject as unknown as Record<symbol, HardenOptions | undefined>;
  const registered = holder[GUARDED] !== undefined;
  holder[GUARDED] = options;
  if (registered) return;
  apiObject.node.addValidation({
    validate: () => {
      const latest = holder[GUARDED]!;
      try {
        const again = hardenWith(currentJsonOf(apiObject), latest);
        return again.changes.length === 0 ? [] : [
          `${apiObject.kind} '${apiObject.name}' changed after harden() and is no longer hardened at ${again.changes.map((c) => c.path).join(', ')}: call harden() after defining workloads.`,
        ];
      } catch (error) {
        return [(error as Error).message];
      }
    },
  });
}
