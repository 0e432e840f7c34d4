import { Acknowledgements } from './acknowledgements';
import { CheckedInputs, withBoundary } from './boundary';
import { ACKNOWLEDGE_ANNOTATION_PREFIX, acknowledgeAnnotation, ControlId, isControlId } from './controls';
import { cloneJson, HardenPodSpecOptions, hardenPodSpec, jsonPointer, PodSpecChange } from './harden-pod-spec';
import { K8sObject } from './manifest';
import { HardeningProfile, RESTRICTED_PROFILE } from './profile';

/** Where the pod spec sits in each workload kind. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** An acknowledged weakening kept on an object. */
export interface AcknowledgedControl {
  /** The control left weaker than the profile. */
  readonly control: ControlId;
  /** Why (the annotation's value). */
  readonly reason: string;
}

/** The result of hardening one object. */
export interface HardenedObject {
  /** The hardened object (a copy). */
  readonly object: K8sObject;
  /** Changes as JSON Patch `add` operations on the object, in order (paths from the object's root). */
  readonly changes: readonly PodSpecChange[];
  /** Acknowledged controls that kept a weaker value, with their reasons. */
  readonly acknowledged: readonly AcknowledgedControl[];
}

/** Whether `obj` is a kind that carries a pod spec (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...). */
export function isWorkloadObject(obj: K8sObject): boolean {
  return Object.prototype.hasOwnProperty.call(POD_SPEC_PATHS, obj.kind);
}

/**
 * The acknowledgements recorded on `obj` as `kube-harden.io/acknowledge.<control-id>` annotations, on its metadata
 * or on its pod template's (the object's own win), as the audit reads them.
 */
export function acknowledgementsOf(obj: K8sObject): Acknowledgements {
  const acks: Record<string, { reason: string }> = {};
  const template = templateMetadataPath(obj.kind);
  const sources = [template === undefined ? undefined : valueAt(obj, [...template, 'annotations']), obj.metadata.annotations];
  for (const annotations of sources) {
    for (const [key, reason] of Object.entries((annotations ?? {}) as Record<string, string>)) {
      const id = key.startsWith(ACKNOWLEDGE_ANNOTATION_PREFIX) ? key.slice(ACKNOWLEDGE_ANNOTATION_PREFIX.length) : '';
      if (isControlId(id)) acks[id] = { reason };
    }
  }
  return acks;
}

/**
 * Hardens the pod spec of a workload object (see `hardenPodSpec`). Acknowledgements come from `options` and
 * from the object's own `kube-harden.io/acknowledge.*` annotations; each acknowledgement that kept a weaker
 * value is written as an annotation on the object and on its pod template (so that pods carry it too), and
 * reported as a change. Objects without a pod spec come back unchanged.
 *
 * @param obj a plain manifest object
 * @param options acknowledgements, writable paths and tier
 * @param profile the hardening profile
 */
export function hardenObject(obj: K8sObject, options: HardenPodSpecOptions = {}, profile: HardeningProfile = RESTRICTED_PROFILE): HardenedObject {
  return withBoundary('harden options', 'HardenPodSpecOptions', { props: options ?? {}, profile },
    (inputs: CheckedInputs<HardenPodSpecOptions>) => hardenCheckedObject(obj, inputs.props, inputs.profile));
}

/** Hardens `obj` with options that passed the boundary (see `hardenObject`). */
function hardenCheckedObject(obj: K8sObject, options: HardenPodSpecOptions, profile: HardeningProfile): HardenedObject {
  const segments = POD_SPEC_PATHS[obj.kind];
  const podSpec = segments === undefined ? undefined : valueAt(obj, segments);
  if (segments === undefined || typeof podSpec !== 'object' || podSpec === null) {
    return { object: obj, changes: [], acknowledged: [] };
  }
  const acknowledgements = { ...acknowledgementsOf(obj), ...options.acknowledgements };
  const subject = `${obj.kind} '${obj.metadata.name}' ${segments.join('.')}`;
  const hardened = hardenPodSpec(podSpec as Record<string, unknown>, { ...options, acknowledgements }, profile, subject);
  const acknowledged = hardened.acknowledged.map((control) => ({ control, reason: acknowledgements[control]!.reason }));

  const object = cloneJson(obj) as Record<string, unknown>;
  setAt(object, segments, hardened.podSpec);
  const prefix = jsonPointer(segments);
  const changes: PodSpecChange[] = hardened.changes.map((c) => ({ ...c, path: `${prefix}${c.path}` }));
  const template = templateMetadataPath(obj.kind);
  for (const metadata of template === undefined ? [['metadata']] : [['metadata'], template]) {
    changes.push(...annotate(object, metadata, acknowledged));
  }
  return { object: object as unknown as K8sObject, changes, acknowledged };
}

/** Where the pod template's metadata is (none for a Pod: its own metadata is the pod's). */
function templateMetadataPath(kind: string): string[] | undefined {
  const segments = POD_SPEC_PATHS[kind];
  return segments === undefined || segments.length < 2 ? undefined : [...segments.slice(0, -1), 'metadata'];
}

/** Writes each acknowledgement as an annotation on the metadata at `metadataPath` of `object`; returns the changes. */
function annotate(object: Record<string, unknown>, metadataPath: readonly string[], acknowledged: readonly AcknowledgedControl[]): PodSpecChange[] {
  const changes: PodSpecChange[] = [];
  for (const { control, reason } of acknowledged) {
    const key = acknowledgeAnnotation(control);
    const metadata = valueAt(object, metadataPath) as Record<string, unknown> | undefined;
    const annotations = metadata?.annotations as Record<string, string> | undefined;
    if (annotations?.[key] === reason) continue;
    if (metadata === undefined) {
      changes.push({ path: jsonPointer(metadataPath), to: { annotations: { [key]: reason } }, control });
      setAt(object, metadataPath, { annotations: { [key]: reason } });
    } else if (annotations === undefined) {
      changes.push({ path: jsonPointer([...metadataPath, 'annotations']), to: { [key]: reason }, control });
      metadata.annotations = { [key]: reason };
    } else {
      const from = annotations[key];
      changes.push({ path: jsonPointer([...metadataPath, 'annotations', key]), ...(from === undefined ? {} : { from }), to: reason, control });
      annotations[key] = reason;
    }
  }
  return changes;
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), root);
}

function setAt(root: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  const parent = valueAt(root, segments.slice(0, -1)) as Record<string, unknown>;
  parent[segments[segments.length - 1]] = value;
}
