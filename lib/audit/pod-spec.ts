import { asObject, booleanAt, booleanField, integerAt, listField, objectAt, objectField, ownField, readAgain, readApart, stringAt, stringField, WrongFieldType, wrongTypeViolations } from './field-types';
import { auditedKind, isKind } from './kinds';
import { RuleViolation } from './rule';
import { Labels, selectableLabels, UNSELECTABLE_LABELS } from './selector';
import { K8sObject } from '../core/manifest';

/**
 * Reading pod specs out of any workload kind, and the *effective* security settings
 * (a container's value overrides the pod's), as PSA and kube-linter compute them. Fields are read with the readers
 * of `./field-types` (`listField`, `objectField`, `booleanField`...), so that `checkPod` reports a wrongly typed field
 * as unknown.
 */

/** A loosely typed JSON object (manifests are untrusted input). */
export type Json = Readonly<Record<string, unknown>>;

/** Kinds that carry a pod spec, with the path of their pod template (empty for Pod). */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** Every kind that carries a pod spec. */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

/** Where other kinds keep a pod template (e.g. Argo `Rollout`, OpenKruise `CloneSet`; a CronJob-like `jobTemplate`). */
const OTHER_TEMPLATE_PATHS: readonly (readonly string[])[] = [['spec', 'template'], ['spec', 'jobTemplate', 'spec', 'template']];

/** The pod spec path of each of `OTHER_TEMPLATE_PATHS` (the template's `spec`). */
const OTHER_POD_SPEC_PATHS: readonly (readonly string[])[] = OTHER_TEMPLATE_PATHS.map((path) => [...path, 'spec']);

/**
 * The path of the pod template of `object` (empty for a Pod): by its kind, or, for a kind not in `POD_SPEC_PATHS`
 * (an object of another API group than a workload kind's is not of it: `auditedKind`), wherever it carries a pod
 * template (a `template.spec` with a `containers` field), so that a workload whose kind was changed to a custom
 * resource is still judged. A `containers` of the wrong type (a mapping) still marks the template: the rules report it
 * as unknown, as they do for a Deployment, instead of skipping the object.
 */
function podSpecPath(object: K8sObject): readonly string[] | undefined {
  if (Object.hasOwn(POD_SPEC_PATHS, object.kind) && isKind(object, object.kind)) {
    return POD_SPEC_PATHS[object.kind];
  }
  return otherTemplatePath(object);
}

/** Where `object` carries a pod template at one of `OTHER_TEMPLATE_PATHS` (a `template.spec` with a `containers` field). */
function otherTemplatePath(object: K8sObject): readonly string[] | undefined {
  // an index loop: this runs for every object of a kind without a pod template (no iterator objects)
  for (let i = 0; i < OTHER_POD_SPEC_PATHS.length; i++) {
    const spec = dig(object, OTHER_POD_SPEC_PATHS[i]);
    if (spec !== undefined && Object.hasOwn(spec, 'containers') && spec.containers !== null && spec.containers !== undefined) {
      return OTHER_TEMPLATE_PATHS[i];
    }
  }
  return undefined;
}

/**
 * Whether `object`, which the audit reads as `kind` (`auditedKind`), is of a kind not in `WORKLOAD_KINDS` that
 * carries a pod template (e.g. an Argo `Rollout`, or an OpenKruise `apps.kruise.io` StatefulSet).
 */
export function isOtherPodTemplateKind(object: K8sObject, kind: string = auditedKind(object.kind, object.apiVersion)): boolean {
  return !Object.hasOwn(POD_SPEC_PATHS, kind) && otherTemplatePath(object) !== undefined;
}

/** Replicated long-running workload kinds: replicas and disruption budgets apply (probes apply to these, DaemonSets and restarting bare Pods). */
export const SERVICE_WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** The pod spec of a workload and where it sits. */
export interface PodSpecRef {
  /** The pod spec (`{}` when the manifest has none). */
  readonly spec: Json;
  /** Dotted path of the pod spec, e.g. `spec.template.spec`. */
  readonly path: string;
  /** Metadata of the pod (the template's, or the Pod's own). */
  readonly metadata: Json;
}

export { asObject } from './field-types';

/** A value as an array (empty when it is not one, silently: rules read fields with `listField`, which notes a wrong type). */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function dig(root: unknown, path: readonly string[]): Json | undefined {
  let node = asObject(root);
  for (let i = 0; i < path.length; i++) {
    node = asObject(node?.[path[i]]);
  }
  return node;
}

/** A map of an object's metadata that Kubernetes decodes as map[string]string. */
export type MetadataMap = 'labels' | 'annotations';

/** `object`'s own `labels` or `annotations`: `undefined` when absent or null, and `undefined` noted as wrongly typed when not a map. */
export function metadataMap(object: K8sObject, map: MetadataMap): Json | undefined {
  return objectField(objectField(asObject(object), 'metadata', ''), map, 'metadata');
}

/** The paths of an object's own metadata maps. */
const OWN_MAP_PATHS: Readonly<Record<MetadataMap, string>> = { labels: 'metadata.labels', annotations: 'metadata.annotations' };

/**
 * Value `key` of `object`'s own `labels` or `annotations`: `undefined` when absent or null, and `undefined` noted
 * as wrongly typed when it, or its map, is of another JSON type (`true`, `1.29`: Kubernetes rejects the object).
 */
export function metadataValue(object: K8sObject, map: MetadataMap, key: string): string | undefined {
  return stringField(metadataMap(object, map), key, OWN_MAP_PATHS[map]);
}

/**
 * Value `key` of the `labels` or `annotations` of `object`'s pod template, read as `metadataValue` reads it (a
 * wrongly typed field on the way is noted too); `undefined` for a Pod and for kinds without a pod template.
 */
export function templateMetadataValue(object: K8sObject, map: MetadataMap, key: string): string | undefined {
  const path = podSpecPath(object);
  if (path === undefined || path.length === 0) {
    return undefined;
  }
  const paths = TEMPLATE_METADATA_PATHS.get(path)!;
  return stringField(objectField(podMetadataAt(object, path), map, paths.metadata), key, paths[map]);
}

/**
 * For each pod template path (of `POD_SPEC_PATHS` and `OTHER_TEMPLATE_PATHS`), the dotted paths the readers name:
 * the holder of each of its fields (`''`, `spec`...), the template, its metadata and their maps. Built once: the
 * rules read pod labels for every workload.
 */
const TEMPLATE_METADATA_PATHS = new Map([...Object.values(POD_SPEC_PATHS), ...OTHER_TEMPLATE_PATHS].map((path) => {
  const at = path.join('.');
  const metadata = at === '' ? 'metadata' : `${at}.metadata`;
  const holders = path.map((_, i) => path.slice(0, i).join('.'));
  return [path, { holders, at, metadata, labels: `${metadata}.labels`, annotations: `${metadata}.annotations` }] as const;
}));

/**
 * The metadata of the pod template at `path` of `object` (a Pod's own for an empty path), read with the readers (a
 * wrongly typed field on the way is noted).
 */
function podMetadataAt(object: K8sObject, path: readonly string[]): Json | undefined {
  const { holders, at } = TEMPLATE_METADATA_PATHS.get(path)!;
  let holder = asObject(object);
  for (let i = 0; i < path.length; i++) {
    holder = objectField(holder, path[i], holders[i]);
  }
  return objectField(holder, 'metadata', at);
}

/**
 * Pod facts remembered while an audit runs (`withPodFacts`): the pod spec of each object and the containers of
 * each pod spec, looked up once per object instead of once per rule. Objects do not change during an audit.
 */
interface PodFacts {
  readonly podSpecs: WeakMap<object, Remembered<PodSpecRef | null>>;
  readonly containers: WeakMap<PodSpecRef, readonly ContainerRef[] | ContainersWithWrongFields>;
  /** Facts derived from a pod spec (`podFact`), by what derives them. */
  readonly derived: Map<object, WeakMap<PodSpecRef, Remembered<unknown>>>;
}

/**
 * A remembered fact whose computation read wrongly typed fields, which are read again whenever it is used. A fact
 * that read none (nearly all) is remembered as it is: a wrapper per object and fact would cost tens of MB on a
 * large input.
 */
class WithWrongFields<T> {
  constructor(readonly value: T, readonly wrong: readonly WrongFieldType[]) {}
}

/** A fact as remembered: itself, or with the wrongly typed fields read to compute it. */
type Remembered<T> = T | WithWrongFields<T>;

/** `compute()`, remembered with the wrongly typed fields it read (if any). */
function remember<T>(compute: () => T): Remembered<T> {
  const { value, wrong } = readApart(compute);
  return wrong.length === 0 ? value : new WithWrongFields(value, wrong);
}

/** The remembered fact, its wrongly typed fields read again. */
function recall<T>(known: Remembered<T>): T {
  if (!(known instanceof WithWrongFields)) return known;
  readAgain(known.wrong);
  return known.value;
}

/** The containers of a pod spec, in PSA's visiting order, with the wrongly typed fields read per list (by `CONTAINER_KINDS` index). */
class ContainersWithWrongFields {
  constructor(readonly all: readonly ContainerRef[], readonly wrong: readonly (readonly WrongFieldType[])[]) {}
}

let podFacts: PodFacts | undefined;

/** Runs `audit` with the pod spec and containers of each object computed once (then forgotten). */
export function withPodFacts<T>(audit: () => T): T {
  const outer = podFacts;
  podFacts = { podSpecs: new WeakMap(), containers: new WeakMap(), derived: new Map() };
  try {
    return audit();
  } finally {
    podFacts = outer;
  }
}

/** The pod spec of `object`, or `undefined` when its kind carries none. */
export function podSpecOf(object: K8sObject): PodSpecRef | undefined {
  const facts = podFacts;
  if (!facts || typeof object !== 'object' || object === null) {
    return computePodSpec(object);
  }
  let known = facts.podSpecs.get(object);
  if (known === undefined) {
    known = remember(() => computePodSpec(object) ?? null);
    facts.podSpecs.set(object, known);
  }
  return recall(known) ?? undefined;
}

/** The wrongly typed fields read for the `metadata` of a pod spec (only for those that have some), read again by `podMetadata`. */
const wrongMetadata = new WeakMap<PodSpecRef, readonly WrongFieldType[]>();

function computePodSpec(object: K8sObject): PodSpecRef | undefined {
  const path = podSpecPath(object);
  if (path === undefined) {
    return undefined;
  }
  let holder = asObject(object);
  for (let i = 0; i < path.length; i++) {
    holder = objectField(holder, path[i], path.slice(0, i).join('.'));
  }
  const at = path.join('.');
  const spec = objectField(holder, 'spec', at) ?? {};
  const { value: metadata, wrong } = readApart(() => objectField(holder, 'metadata', at) ?? {});
  const pod = { spec, path: at === '' ? 'spec' : `${at}.spec`, metadata };
  if (wrong.length > 0) wrongMetadata.set(pod, wrong);
  return pod;
}

/** The metadata of the pod (`pod.metadata`), for rules that read it: a wrongly typed `metadata` is noted. */
export function podMetadata(pod: PodSpecRef): Json {
  const wrong = wrongMetadata.get(pod);
  if (wrong !== undefined) readAgain(wrong);
  return pod.metadata;
}

/**
 * The labels of the pods `object` creates, as `selectableLabels` reads them: when the labels map, or a field holding it
 * (the template, its metadata), is of the wrong type (noted), no selector selects them (`UNSELECTABLE_LABELS`).
 */
export function podLabels(object: K8sObject): Labels {
  const path = podSpecPath(object);
  if (path === undefined) {
    return {};
  }
  const paths = TEMPLATE_METADATA_PATHS.get(path)!;
  const { value: metadata, wrong } = readApart(() => podMetadataAt(object, path));
  readAgain(wrong);
  return wrong.length > 0 ? UNSELECTABLE_LABELS : selectableLabels(ownField(metadata, 'labels'), paths.labels);
}

/** The three container lists PSA visits. */
export type ContainerKind = 'initContainers' | 'containers' | 'ephemeralContainers';

/** Every container list, in PSA's visiting order. */
export const CONTAINER_KINDS: readonly ContainerKind[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** One container of a pod spec. */
export interface ContainerRef {
  /** The container object. */
  readonly container: Json;
  /** Its name (or `#<index>` when unnamed). */
  readonly name: string;
  /** The list it is in. */
  readonly kind: ContainerKind;
  /** Dotted path of the container, e.g. `spec.template.spec.containers[0]`. */
  readonly path: string;
}

/**
 * `derive(pod)`, computed once per pod spec while an audit runs (`withPodFacts`; afresh outside one). `derive`
 * must be pure and the same function on every call, since it is also the key of what it computed.
 */
export function podFact<T>(pod: PodSpecRef, derive: (pod: PodSpecRef) => T): T {
  const facts = podFacts;
  if (!facts) {
    return derive(pod);
  }
  let known = facts.derived.get(derive);
  if (!known) {
    known = new WeakMap();
    facts.derived.set(derive, known);
  }
  if (!known.has(pod)) {
    known.set(pod, remember(() => derive(pod)));
  }
  return recall(known.get(pod)) as T;
}

/** The containers of `pod` in `kinds` (all three lists by default). */
export function containersOf(pod: PodSpecRef, kinds: readonly ContainerKind[] = CONTAINER_KINDS): readonly ContainerRef[] {
  const facts = podFacts;
  if (!facts || (kinds !== CONTAINER_KINDS && !inPsaOrder(kinds))) {
    return kinds.flatMap((kind) => containersIn(pod, kind));
  }
  let known = facts.containers.get(pod);
  if (!known) {
    known = rememberContainers(pod);
    facts.containers.set(pod, known);
  }
  let all: readonly ContainerRef[];
  if (known instanceof ContainersWithWrongFields) {
    for (let i = 0; i < kinds.length; i++) {
      readAgain(known.wrong[CONTAINER_KINDS.indexOf(kinds[i])]);
    }
    all = known.all;
  } else {
    all = known;
  }
  return kinds === CONTAINER_KINDS ? all : all.filter((c) => kinds.includes(c.kind));
}

/** Whether `kinds` lists container kinds in PSA's visiting order, each once (then its containers are a sublist of all). */
function inPsaOrder(kinds: readonly ContainerKind[]): boolean {
  let last = -1;
  for (const kind of kinds) {
    const rank = CONTAINER_KINDS.indexOf(kind);
    if (rank <= last) {
      return false;
    }
    last = rank;
  }
  return true;
}

/** Every container of `pod`, with the wrongly typed fields read per list (if any). */
function rememberContainers(pod: PodSpecRef): readonly ContainerRef[] | ContainersWithWrongFields {
  const lists = CONTAINER_KINDS.map((kind) => remember(() => containersIn(pod, kind)));
  const all = lists.flatMap((list) => (list instanceof WithWrongFields ? list.value : list));
  return lists.some((list) => list instanceof WithWrongFields)
    ? new ContainersWithWrongFields(all, lists.map((list) => (list instanceof WithWrongFields ? list.wrong : [])))
    : all;
}

/** The containers of `pod`'s list `kind`. */
function containersIn(pod: PodSpecRef, kind: ContainerKind): ContainerRef[] {
  const at = `${pod.path}.${kind}`;
  return listField(pod.spec, kind, pod.path).map((item, index) => {
    const container = objectAt(item, at, index) ?? {};
    const name = typeof container.name === 'string' ? container.name : `#${index}`;
    return { container, name, kind, path: `${at}[${index}]` };
  });
}

/** `initContainer 'x'`, `container 'x'` or `ephemeralContainer 'x'`, for messages. */
export function describeContainer(ref: ContainerRef): string {
  return `${ref.kind.slice(0, -1)} '${ref.name}'`;
}

/** The pod-level securityContext (`{}` when absent). */
export function podLevelSecurity(pod: PodSpecRef): Json {
  return objectField(pod.spec, 'securityContext', pod.path) ?? {};
}

/** A container's securityContext (`{}` when absent). */
export function containerLevelSecurity(ref: ContainerRef): Json {
  return objectField(ref.container, 'securityContext', ref.path) ?? {};
}

/**
 * Field `field` of `securityContext` (of the pod spec or container at `at`) as a boolean, as `booleanAt` reads it.
 * The path is joined only for a wrong type: the field is read for every container by several rules.
 */
function securityBoolean(securityContext: Json, field: string, at: string): boolean | undefined {
  const value = ownField(securityContext, field);
  return typeof value === 'boolean' || value === undefined ? value : booleanAt(value, `${at}.securityContext`, field);
}

/** Field `field` of `securityContext` (of the pod spec or container at `at`) as an integer, as `integerAt` reads it. */
function securityInteger(securityContext: Json, field: string, at: string): number | undefined {
  const value = ownField(securityContext, field);
  return Number.isInteger(value) || value === undefined ? value as number | undefined : integerAt(value, `${at}.securityContext`, field);
}

/** A boolean field of the pod-level securityContext (e.g. `runAsNonRoot`); a wrongly typed one is noted and read as unset. */
export function podSecurityBoolean(pod: PodSpecRef, field: string): boolean | undefined {
  return securityBoolean(podLevelSecurity(pod), field, pod.path);
}

/** An integer field of the pod-level securityContext (e.g. `runAsUser`, `fsGroup`); a wrongly typed one is noted and read as unset. */
export function podSecurityInteger(pod: PodSpecRef, field: string): number | undefined {
  return securityInteger(podLevelSecurity(pod), field, pod.path);
}

/** A boolean field of a container's securityContext (e.g. `privileged`); a wrongly typed one is noted and read as unset. */
export function containerSecurityBoolean(ref: ContainerRef, field: string): boolean | undefined {
  return securityBoolean(containerLevelSecurity(ref), field, ref.path);
}

/** An integer field of a container's securityContext (e.g. `runAsUser`); a wrongly typed one is noted and read as unset. */
export function containerSecurityInteger(ref: ContainerRef, field: string): number | undefined {
  return securityInteger(containerLevelSecurity(ref), field, ref.path);
}

/** Where an effective value came from. */
export interface Effective<T> {
  /** The value (`undefined` when neither level sets it). */
  readonly value: T | undefined;
  /** Path of the field that set it (the container's when it does not set it either). */
  readonly path: string;
}

/**
 * The effective value of a securityContext field that exists at pod and container level
 * (`runAsNonRoot`, `runAsUser`, `runAsGroup`, `seccompProfile`, `seLinuxOptions`, `appArmorProfile`,
 * `windowsOptions`): the container's when set, else the pod's. The value is as found: read it with the reader of its
 * type at `path` (`booleanAt(value, path)`), so that a wrongly typed one is noted (the container's is not replaced
 * by the pod's).
 */
export function effectiveSecurityField(pod: PodSpecRef, ref: ContainerRef, field: string): Effective<unknown> {
  const own = containerLevelSecurity(ref)[field];
  if (own !== undefined && own !== null) {
    return { value: own, path: `${ref.path}.securityContext.${field}` };
  }
  const podValue = podLevelSecurity(pod)[field];
  if (podValue !== undefined && podValue !== null) {
    return { value: podValue, path: `${pod.path}.securityContext.${field}` };
  }
  return { value: undefined, path: `${ref.path}.securityContext.${field}` };
}

/** Whether the pod declares Windows (`spec.os.name: windows`): PSA exempts it from some restricted checks. */
export function isWindowsPod(pod: PodSpecRef): boolean {
  const os = objectField(pod.spec, 'os', pod.path);
  const name = ownField(os, 'name');
  // a name of the wrong type (`1`) is noted (unknown) and read as unset: the pod is not exempt
  if (name === undefined || name === null) return false;
  return typeof name === 'string' ? name === 'windows' : stringAt(name, `${pod.path}.os`, 'name') === 'windows';
}

/** Whether the pod runs in a user namespace (`spec.hostUsers: false`; a wrongly typed `hostUsers` is noted and does not). */
export function usesUserNamespace(pod: PodSpecRef): boolean {
  return booleanField(pod.spec, 'hostUsers', pod.path) === false;
}

/**
 * Runs `check` on the pod spec of a workload; objects without one yield nothing. Each field of the wrong type that
 * the check read (a list, object, boolean, integer or string, with the readers of `./field-types` or of this module) adds an
 * unknown violation naming the field: the rule cannot judge what Kubernetes would reject.
 */
export function checkPod(object: K8sObject, check: (pod: PodSpecRef) => readonly RuleViolation[]): readonly RuleViolation[] {
  const { value: violations, wrong } = readApart(() => {
    const pod = podSpecOf(object);
    return pod ? check(pod) : [];
  }, object);
  return wrong.length === 0 ? violations : [...violations, ...wrongTypeViolations(wrong)];
}
