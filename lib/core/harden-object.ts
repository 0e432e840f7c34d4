import { Acknowledgements, isPrintableReason } from './acknowledgements';
import { CheckedInputs, withBoundary } from './boundary';
import { ACKNOWLEDGE_ANNOTATION_PREFIX, acknowledgeAnnotation, ControlId, isControlId } from './controls';
import { HardenPodSpecOptions, PodSpecChange } from './harden-pod-spec';
import { copyJsonTree, dottedField, FieldSegments, isPlainObject, Json, JsonFields, JsonObject, jsonPointer } from './json-fields';
import { K8sObject } from './manifest';
import { couldNotRead, unreadable } from './non-plain';
import { hardenPodSpecInPlace, own } from './pod-spec-hardener';
import { HardeningProfile, RESTRICTED_PROFILE } from './profile';
import { Problems } from './validation';

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

/**
 * Whether `obj` is a kind that carries a pod spec (Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob, ...); a
 * value that is not a plain object is none. Throws a `KubeHardenValidationError` when `obj` cannot be looked at (a
 * revoked Proxy) or its `kind` throws when read, as `hardenObject` reports them.
 */
export function isWorkloadObject(obj: K8sObject): boolean {
  return isWorkloadKind(kindOf(obj));
}

/**
 * The own `kind` of `obj` (`undefined` when it is not a plain object). Throws a `KubeHardenValidationError` naming
 * `object` when `obj` cannot be looked at (a revoked Proxy, a Proxy whose traps throw), or `kind` when reading it throws.
 */
function kindOf(obj: unknown): Json {
  const problems = new Problems();
  let kind: Json;
  const cannot = unreadable(obj);
  if (cannot !== undefined) {
    problems.add('object', '<unreadable>', cannot, 'give plain data.');
  } else if (isPlainObject(obj)) {
    try {
      kind = own(obj, 'kind');
    } catch (error) {
      problems.add('kind', '<unreadable>', couldNotRead(error), 'give plain data.');
    }
  }
  problems.throwIfAny('object');
  return kind;
}

function isWorkloadKind(kind: Json): kind is string {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(POD_SPEC_PATHS, kind);
}

/**
 * The acknowledgements recorded on `obj` as `kube-harden.io/acknowledge.<control-id>` annotations, on its metadata
 * or on its pod template's (the object's own win), as the audit reads them. Annotations that are not strings, or
 * whose reason is blank, invisible or holds control characters (`isPrintableReason`), acknowledge nothing and are
 * left out.
 */
export function acknowledgementsOf(obj: K8sObject): Acknowledgements {
  // (read from a copy: a field that throws when read, or a revoked Proxy in it, is a problem of its own field)
  kindOf(obj);
  const problems = new Problems();
  const object = copyJsonTree(obj, problems);
  problems.throwIfAny('object');
  return acknowledgementsIn(object);
}

/** `acknowledgementsOf` a plain copy (its fields read as they are: none throws). */
function acknowledgementsIn(obj: Json): Acknowledgements {
  const acks: Record<string, { reason: string }> = {};
  const kind = isPlainObject(obj) ? own(obj, 'kind') : undefined;
  const template = isWorkloadKind(kind) ? templateMetadataPath(kind) : undefined;
  for (const metadata of [template === undefined ? undefined : valueAt(obj, template), valueAt(obj, ['metadata'])]) {
    const annotations = isPlainObject(metadata) ? own(metadata, 'annotations') : undefined;
    for (const [key, reason] of Object.entries(isPlainObject(annotations) ? annotations : {})) {
      const id = key.startsWith(ACKNOWLEDGE_ANNOTATION_PREFIX) ? key.slice(ACKNOWLEDGE_ANNOTATION_PREFIX.length) : '';
      if (isControlId(id) && isPrintableReason(reason)) acks[id] = { reason };
    }
  }
  return acks;
}

/**
 * Hardens the pod spec of a workload object (see `hardenPodSpec`), and the AppArmor annotations of its pods
 * (`container.apparmor.security.beta.kubernetes.io/<container>` other than `runtime/default` or `localhost/<profile>`
 * is set to `runtime/default`, KH-POD-008). Acknowledgements come from `options` and from the object's own
 * `kube-harden.io/acknowledge.*` annotations; each acknowledgement that kept a weaker value is written as an
 * annotation on the object and on its pod template (so that pods carry it too), and reported as a change. Objects of
 * a kind without a pod spec come back unchanged; a workload without one is refused. Every problem (of the object and
 * of its pod spec, fields named from the object's root) is reported at once; fields nobody reads, a Pulumi Output
 * among them, pass through as they are.
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
  const problems = new Problems();
  const whole = new JsonFields(problems, ['object']);
  if (whole.object(obj, []) === undefined) {
    if (problems.isEmpty) whole.problem([], obj, 'is missing', 'give a Kubernetes object.');
    problems.throwIfAny('object');
  }
  const read = new JsonFields(problems);
  const kind = kindOf(obj);
  if (!isWorkloadKind(kind)) return { object: obj, changes: [], acknowledged: [] };
  const object = copyJsonTree(obj, problems) as JsonObject;
  const name = own(read.object(own(object, 'metadata'), ['metadata']), 'name');
  const subject = typeof name === 'string' ? `${kind} '${name}'` : kind;
  const podMetadata = templateMetadataPath(kind) ?? ['metadata'];
  const appArmor = readAnnotations(read, object, podMetadata, APPARMOR_ANNOTATION_PREFIX);
  checkAcknowledgeAnnotations(read, object, podMetadata);
  checkAcknowledgeAnnotations(read, object, ['metadata']);
  const podSpec = findPodSpec(problems, read, object, kind);
  if (podSpec === undefined) problems.throwIfAny(subject);

  const acknowledgements = { ...acknowledgementsIn(object), ...options.acknowledgements };
  const segments = POD_SPEC_PATHS[kind];
  const hardened = hardenPodSpecInPlace(problems, podSpec!, { ...options, acknowledgements }, profile, segments);
  const kept = new Set(hardened.acknowledged);
  const changes: PodSpecChange[] = [
    ...hardened.changes.map((c) => ({ ...c, path: `${jsonPointer(segments)}${c.path}` })),
    ...hardenAppArmorAnnotations(object, podMetadata, appArmor, acknowledgements, kept),
  ];
  problems.throwIfAny(subject);

  const acknowledged = [...kept].sort().map((control) => ({ control, reason: acknowledgements[control]!.reason }));
  const template = templateMetadataPath(kind);
  for (const metadata of template === undefined ? [['metadata']] : [['metadata'], template]) {
    changes.push(...annotate(object, metadata, acknowledged));
  }
  return { object: object as unknown as K8sObject, changes, acknowledged };
}

/**
 * The pod spec of `object`, a workload of `kind`; a missing one is a problem (unless a field on the way is of the
 * wrong type, or could not be read: that is the problem then).
 */
function findPodSpec(problems: Problems, read: JsonFields, object: JsonObject, kind: string): JsonObject | undefined {
  const segments = POD_SPEC_PATHS[kind];
  const podSpec = segments.reduce<JsonObject | undefined>((holder, key, i) => read.object(own(holder, key), segments.slice(0, i + 1)), object);
  const named = new Set(problems.list.map((p) => p.field));
  const wrongOnTheWay = segments.some((_, i) => {
    const value = valueAt(object, segments.slice(0, i + 1));
    return (value !== undefined && value !== null && !isPlainObject(value)) || named.has(dottedField(segments.slice(0, i + 1)));
  });
  if (podSpec === undefined && !wrongOnTheWay) {
    read.problem(segments, undefined, `is missing: a ${kind} carries the spec of its pods there`, `give the ${kind} its pod spec, or harden it once it has one.`);
  }
  return podSpec;
}

/** The prefix of the AppArmor annotations Kubernetes reads for each container (before the `appArmorProfile` field). */
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * Sets each of the pod's AppArmor annotations `appArmor` that disables AppArmor (a value other than `''`,
 * `runtime/default` and `localhost/<profile>`, as PSA reads it) to `runtime/default`, KH-POD-008, in the metadata at
 * `podMetadata` of `object`; acknowledged, each is kept and recorded in `kept`. Returns the changes.
 */
function hardenAppArmorAnnotations(
  object: JsonObject, podMetadata: readonly string[], appArmor: readonly [string, string][], acks: Acknowledgements, kept: Set<ControlId>,
): PodSpecChange[] {
  const changes: PodSpecChange[] = [];
  for (const [key, value] of appArmor) {
    if (value === '' || value === 'runtime/default' || value.startsWith('localhost/')) continue;
    if (acks['KH-POD-008'] !== undefined) {
      kept.add('KH-POD-008');
      continue;
    }
    changes.push({ path: jsonPointer([...podMetadata, 'annotations', key]), from: value, to: 'runtime/default', control: 'KH-POD-008' });
    (valueAt(object, [...podMetadata, 'annotations']) as JsonObject)[key] = 'runtime/default';
  }
  return changes;
}

/**
 * The annotations starting with `prefix` of the metadata at `metadataPath`, as key and string value (null ones left
 * out); the metadata, its annotations and those values are read as `read` reads them (a wrong type is a problem).
 */
function readAnnotations(read: JsonFields, object: JsonObject, metadataPath: FieldSegments, prefix: string): [string, string][] {
  let holder: JsonObject | undefined = object;
  for (let i = 0; i < metadataPath.length; i++) holder = read.object(own(holder, metadataPath[i] as string), metadataPath.slice(0, i + 1));
  const annotations = read.object(own(holder, 'annotations'), [...metadataPath, 'annotations']);
  const found: [string, string][] = [];
  for (const key of Object.keys(annotations ?? {})) {
    if (!key.startsWith(prefix)) continue;
    const value = read.string(annotations![key], [...metadataPath, 'annotations', key]);
    if (value !== undefined) found.push([key, value]);
  }
  return found;
}

/**
 * Refuses each `kube-harden.io/acknowledge.<control-id>` annotation of the metadata at `metadataPath` whose reason is
 * blank, invisible or holds control characters: it acknowledges nothing (`acknowledgementsOf` leaves it out).
 */
function checkAcknowledgeAnnotations(read: JsonFields, object: JsonObject, metadataPath: FieldSegments): void {
  for (const [key, reason] of readAnnotations(read, object, metadataPath, ACKNOWLEDGE_ANNOTATION_PREFIX)) {
    if (isControlId(key.slice(ACKNOWLEDGE_ANNOTATION_PREFIX.length)) && !isPrintableReason(reason)) {
      read.problem([...metadataPath, 'annotations', key], reason, 'is blank, invisible or holds control characters, so it acknowledges nothing',
        'say in a sentence of visible characters (on one line) why the weakening is needed, or remove the annotation.');
    }
  }
}

/** Where the pod template's metadata is (none for a Pod: its own metadata is the pod's). */
function templateMetadataPath(kind: string): string[] | undefined {
  const segments = POD_SPEC_PATHS[kind];
  return segments.length < 2 ? undefined : [...segments.slice(0, -1), 'metadata'];
}

/** Writes each acknowledgement as an annotation on the metadata at `metadataPath` of `object`; returns the changes. */
function annotate(object: JsonObject, metadataPath: readonly string[], acknowledged: readonly AcknowledgedControl[]): PodSpecChange[] {
  const changes: PodSpecChange[] = [];
  for (const { control, reason } of acknowledged) {
    const key = acknowledgeAnnotation(control);
    const metadata = valueAt(object, metadataPath);
    const annotations = isPlainObject(metadata) ? own(metadata, 'annotations') : undefined;
    if (isPlainObject(annotations) && own(annotations, key) === reason) continue;
    if (!isPlainObject(metadata)) {
      changes.push(withFrom(jsonPointer(metadataPath), metadata, { annotations: { [key]: reason } }, control));
      setAt(object, metadataPath, { annotations: { [key]: reason } });
    } else if (!isPlainObject(annotations)) {
      changes.push(withFrom(jsonPointer([...metadataPath, 'annotations']), annotations, { [key]: reason }, control));
      metadata.annotations = { [key]: reason };
    } else {
      changes.push(withFrom(jsonPointer([...metadataPath, 'annotations', key]), own(annotations, key), reason, control));
      annotations[key] = reason;
    }
  }
  return changes;
}

/** A change from `from` (left out when absent) to `to`. */
function withFrom(path: string, from: unknown, to: unknown, control: ControlId): PodSpecChange {
  return from === undefined ? { path, to, control } : { path, from, to, control };
}

/** The value at `segments` of `root` (own fields only), or `undefined`. */
function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  return segments.reduce<unknown>((node, key) => (isPlainObject(node) ? own(node, key as string) : undefined), root);
}

function setAt(root: JsonObject, segments: readonly string[], value: unknown): void {
  const parent = valueAt(root, segments.slice(0, -1)) as JsonObject;
  parent[segments[segments.length - 1]] = value;
}
