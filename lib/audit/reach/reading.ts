import { K8sObject } from '../../core/manifest';
import { createAuditContext } from '../context';
import {
  asObject, describeObject, integerField, listField, objectAt, objectField, ownField, readApart, Reading, readOf, stringAt, stringField,
  WrongFieldType, wrongTypeText,
} from '../field-types';
import { cmp } from '../finding-order';
import { groupsText } from '../kinds';
import { Json, PodSpecRef, podLabels } from '../pod-spec';
import { AuditContext } from '../rule';
import type { ServedPort } from './model';
import { actionOf, istioSelector, mtlsModeOf, rulesOf, sourcesOf, targetRefsOf } from '../rules/mesh/istio';
import { PolicyTarget } from '../rules/mesh/target-refs';
import { Direction, isolates, policySpecs, rejection } from '../rules/network/policies';
import { Labels, selectableLabels, UNSELECTABLE_LABELS } from '../selector';

/**
 * How the reachability engine reads its input: with the audit's typed readers (`field-types`) and the helpers its
 * rules read the same objects with (`policySpecs` and `isolates` of the network rules, `podLabels`,
 * `selectableLabels`, and the readers of Istio policies), once per object when the model is built, so that for the
 * same input reach never shows as blocked what the rules consider allowed. A policy that Kubernetes rejects as a whole
 * (a field the rules or reach read is of the wrong JSON type, a NetworkPolicy's unsupported policy types) is left out
 * of the model: it allows, denies and isolates nothing, and an AuthorizationPolicy or PeerAuthentication requires
 * nothing; so is any object whose metadata, name or namespace is of the wrong type. Labels are read as label
 * selectors see them: a value set to null is `''`, one of another type meets no requirement on its key, and pods
 * whose labels map is of the wrong type are selected by no selector. A field set to null is absent (`isSet`). Every
 * field of the wrong type read is a `ReachNote`.
 */

/**
 * A field of the input that Kubernetes rejects its object for, and how reach reads it; or the apiVersion of an object
 * of a kind reach reads but of another API group (`auditedKind`), which reach does not read as that kind.
 */
export interface ReachNote {
  /** The object that holds the field: `Kind namespace/name` (`Kind name` when it has no namespace). */
  readonly object: string;
  /** The field, the JSON type it has and the one Kubernetes expects (or the apiVersion), and what reach makes of it. */
  readonly message: string;
}

/** The notes of one model: each field of each object once, in the order read. */
export class ReachNotes {
  /** The notes, in the order read. */
  public readonly notes: ReachNote[] = [];
  private readonly seen = new Set<string>();

  /** Notes `message` about the field at `path` of `object` (once per object and path). */
  public add(object: string, path: string, message: string): void {
    const key = `${object}\n${path}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.notes.push({ object, message });
  }

  /**
   * Notes each of `fields` (read by `read`, named with their object), with what reach makes of it (`consequence`, or
   * what it gives for the field).
   */
  public addWrong(fields: readonly WrongFieldType[], consequence: string | ((field: WrongFieldType) => string)): void {
    for (const field of fields) {
      const then = typeof consequence === 'string' ? consequence : consequence(field);
      this.add(field.object ?? '', field.path, `${field.path} is ${wrongTypeText(field)}: Kubernetes rejects the object; ${then}`);
    }
  }
}

/**
 * Whether a field is set: one set to null is absent, as Kubernetes reads it (a CRD schema prunes it, a built-in type
 * decodes it as unset), and as the audit's readers read it.
 */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** `read()` of `object`'s fields, with the wrongly typed ones it read, each named with `object` (`describeObject`). */
export function read<T>(object: K8sObject, reader: () => T): Reading<T> {
  return readApart(() => readOf(object, reader));
}

/**
 * The memory `isolates` keeps of each policy's rejection, for one model (the rules keep it per audit): each policy is
 * read once.
 */
export function policyReadings(): AuditContext {
  return createAuditContext([], { allowedRegistries: [] });
}

/** What reach makes of a policy Kubernetes rejects. */
const REJECTED = 'reach lets the policy allow, deny and isolate nothing';

/** A rule set of a network policy that Kubernetes accepts, with the directions it isolates the pods it selects in. */
export interface RuleSetReading {
  /** The rule set: a NetworkPolicy's spec, or a Cilium policy's `spec` or an item of its `specs`. */
  readonly spec: Json;
  /** Whether it isolates the pods it selects in each direction, as `isolates` reads it. */
  readonly isolates: Readonly<Record<Direction, boolean>>;
}

/**
 * The rule sets of network policy `object` (NetworkPolicy, CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy), with
 * the directions each isolates in, as the audit's rules read them (`policySpecs`, `isolates`); `undefined` when
 * Kubernetes rejects the policy as a whole, for the rules' reasons (`rejection`: a field they read is of the wrong
 * JSON type, or an invalid value such as an unsupported policy type, a port number out of range or a Cilium rule set
 * without rules; the rules read every field reach reads). Each field of the wrong type is noted, and so is the first
 * reason of a rejection for an invalid value.
 */
export function readNetworkPolicy(object: K8sObject, policies: AuditContext, notes: ReachNotes): readonly RuleSetReading[] | undefined {
  const { value: sets, wrong } = read(object, () => policySpecs(object).map((p) => {
    const isolation = { ingress: isolates(p, 'ingress', policies), egress: isolates(p, 'egress', policies) };
    return { p, isolation };
  }));
  if (wrong.length > 0) {
    notes.addWrong(wrong, REJECTED);
    return undefined;
  }
  const reasons = rejection(object, policies);
  if (reasons !== undefined) {
    const more = reasons.length > 1 ? ` (and ${reasons.length - 1} more)` : '';
    notes.add(describeObject(object), 'spec', `${reasons[0]}${more}: Kubernetes rejects the object; ${REJECTED}`);
    return undefined;
  }
  return sets.map(({ p, isolation }) => ({ spec: p.spec, isolates: isolation }));
}

/** The lists of strings of an AuthorizationPolicy rule's `source`. */
const SOURCE_LISTS = [
  'principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
  'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks',
];

/** The lists of strings of an AuthorizationPolicy rule's `operation`. */
const OPERATION_LISTS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'];

/** An AuthorizationPolicy that Kubernetes accepts, as reach reads it. */
export interface AuthorizationReading {
  /**
   * Its `selector.matchLabels`, as the rules read it (`istioSelector`): `undefined` when absent or empty (it applies to
   * the whole namespace, or to what its `targetRefs` name).
   */
  readonly selector?: Readonly<Record<string, unknown>>;
  /**
   * What its targetRefs attach it to, as the rules read them (`targetRefsOf`): `undefined` when it has none (it applies
   * by its selector), empty when none names a target (it applies to nothing).
   * @default - none: the policy has no targetRefs
   */
  readonly targets?: readonly PolicyTarget[];
}

/**
 * AuthorizationPolicy `object` as reach reads it, with the readers of the rules (`actionOf`, `istioSelector`,
 * `targetRefsOf`, `rulesOf`, `sourcesOf`), or `undefined` when one of the fields reach reads is of the wrong JSON type
 * (Kubernetes rejects the policy: it allows and denies nothing): `action`, the selector and its values, `targetRefs`
 * or `targetRef` with their `group`, `kind`, `name` and `namespace`, the `rules` and their `from` sources, `to`
 * operations and `when` conditions (`key`, `values`, `notValues`), and the lists of strings of sources and operations;
 * also when Kubernetes or Istio's validation refuses it for a targetRef (`TargetRefReading.refused`: one to another
 * kind or API group than Istio attaches policies to, `networking.istio.io` Gateway included). Each field of the wrong
 * type is noted, and so is the first refused targetRef.
 */
export function readAuthorizationPolicy(object: K8sObject, notes: ReachNotes): AuthorizationReading | undefined {
  const { value: { selector, refs }, wrong } = read(object, () => {
    actionOf(object);
    const targetRefs = targetRefsOf(object);
    rulesOf(object).forEach((rule, index) => {
      const at = `spec.rules[${index}]`;
      sourcesOf(rule, at).forEach((source, i) => readStrings(source, SOURCE_LISTS, `${at}.from[${i}].source`));
      listField(rule, 'to', at).forEach((to, i) => {
        readStrings(objectField(objectAt(to, `${at}.to`, i), 'operation', `${at}.to[${i}]`), OPERATION_LISTS, `${at}.to[${i}].operation`);
      });
      listField(rule, 'when', at).forEach((raw, i) => {
        const condition = objectAt(raw, `${at}.when`, i);
        stringField(condition, 'key', `${at}.when[${i}]`);
        readStrings(condition, ['values', 'notValues'], `${at}.when[${i}]`);
      });
    });
    return { selector: istioSelector(object), refs: targetRefs };
  });
  if (wrong.length > 0) {
    notes.addWrong(wrong, ALLOWS_NOTHING);
    return undefined;
  }
  const refused = refs.find((ref) => ref.refused !== undefined);
  if (refused !== undefined) {
    notes.add(describeObject(object), refused.at, `${refused.refused}; ${ALLOWS_NOTHING}`);
    return undefined;
  }
  const targets = refs.length > 0 ? { targets: refs.flatMap((ref) => (ref.target === undefined ? [] : [ref.target])) } : {};
  return { ...(selector === undefined ? {} : { selector }), ...targets };
}

/** What reach makes of an AuthorizationPolicy Kubernetes or Istio rejects. */
const ALLOWS_NOTHING = 'reach lets the policy allow and deny nothing';

/**
 * Whether PeerAuthentication `object` is one that Kubernetes accepts, as reach reads it (`specOf`, `istioSelector`,
 * `mtlsModeOf`): not when its selector, a value in it, `mtls` or its `mode` is of the wrong JSON type (then it sets
 * no mode). Each field of the wrong type is noted.
 */
export function readPeerAuthentication(object: K8sObject, notes: ReachNotes): boolean {
  const { wrong } = read(object, () => {
    istioSelector(object);
    mtlsModeOf(object);
  });
  notes.addWrong(wrong, 'reach lets it set no mTLS mode');
  return wrong.length === 0;
}

/** Reads each of the lists `keys` of `holder` (at `at`) as a list of strings. */
function readStrings(holder: Json | undefined, keys: readonly string[], at: string): void {
  for (const key of keys) listField(holder, key, at).forEach((item, index) => stringAt(item, `${at}.${key}`, index));
}

/** The kinds reach reads, besides those with a pod template. */
export const READ_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Service', 'NetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'AuthorizationPolicy', 'PeerAuthentication',
]);

/**
 * Notes `object`, of a kind reach reads (`READ_KINDS`) but whose apiVersion names another API group (`auditedKind`: a
 * Calico `projectcalico.org` NetworkPolicy, a Knative `serving.knative.dev` Service): reach does not read it as one.
 */
export function noteOtherGroup(object: K8sObject, notes: ReachNotes): void {
  notes.add(describeObject(object), 'apiVersion', `apiVersion ${object.apiVersion} is not of ${groupsText(object.kind)}: reach does not read it as a ${object.kind}`);
}

/** Whether `object`'s `metadata` is an object (or absent) whose `name` and `namespace` are strings (or absent or null). */
export function identityReadable(object: K8sObject): boolean {
  const metadata: unknown = (object as unknown as Json).metadata;
  const meta = asObject(metadata);
  if (meta === undefined) return !isSet(metadata);
  return (!isSet(meta.name) || typeof meta.name === 'string') && (!isSet(meta.namespace) || typeof meta.namespace === 'string');
}

/** Notes `object`'s `metadata`, `metadata.name` or `metadata.namespace` of the wrong type: reach leaves the object out. */
export function noteIdentity(object: K8sObject, notes: ReachNotes): void {
  const { wrong } = read(object, () => {
    const metadata = objectField(asObject(object), 'metadata', '');
    stringField(metadata, 'name', 'metadata');
    stringField(metadata, 'namespace', 'metadata');
  });
  notes.addWrong(wrong, 'reach leaves the object out');
}

/** What reach makes of a label of the wrong type. */
const LABEL = 'the label meets no selector requirement on its key';

/** A workload's pods as reach reads them. */
export interface PodReading {
  /** Their labels, as the audit's rules read them (`podLabels`). */
  readonly labels: Labels;
  /** Their service account. */
  readonly serviceAccount: string;
  /** The ports of their containers, by port and protocol. */
  readonly ports: readonly ServedPort[];
}

/**
 * The pods of workload `object` (whose pod spec is `pod`): their labels as the audit's rules read them (`podLabels`:
 * `UNSELECTABLE_LABELS` when the labels map, the template or its metadata is of the wrong type), their service
 * account as KH-WKL-006 reads it, and their container ports. Each field of the wrong type is noted.
 */
export function readPods(object: K8sObject, pod: PodSpecRef, notes: ReachNotes): PodReading {
  const { value, wrong } = read(object, () => ({ labels: podLabels(object), serviceAccount: serviceAccountOf(pod), ports: portsOf(pod) }));
  if (wrong.length > 0) {
    notes.addWrong(wrong, (field) => {
      if (field.path.startsWith(`${pod.path}.containers`)) return 'reach leaves the port out';
      if (field.path.startsWith(`${pod.path}.serviceAccount`)) return 'the pods run as the default service account';
      return value.labels === UNSELECTABLE_LABELS ? 'no label selector selects its pods: no policy isolates them, and none names them as a peer' : LABEL;
    });
  }
  // (a copy: the engine matches selectors against it often, and the manifest's own map is slower to read)
  return value.labels === UNSELECTABLE_LABELS ? value : { ...value, labels: { ...value.labels } };
}

/** The ports of the containers of `pod` (a port whose `containerPort` is absent or of the wrong type is left out). */
function portsOf(pod: PodSpecRef): ServedPort[] {
  const ports: ServedPort[] = [];
  listField(pod.spec, 'containers', pod.path).forEach((container, c) => {
    const at = `${pod.path}.containers[${c}]`;
    listField(objectAt(container, `${pod.path}.containers`, c), 'ports', at).forEach((raw, i) => {
      const p = objectAt(raw, `${at}.ports`, i);
      const portAt = `${at}.ports[${i}]`;
      const port = integerField(p, 'containerPort', portAt);
      const protocol = stringField(p, 'protocol', portAt) ?? 'TCP';
      const name = stringField(p, 'name', portAt);
      if (port === undefined || ports.some((q) => q.port === port && q.protocol === protocol)) return;
      ports.push({ port, protocol, ...(name !== undefined ? { name } : {}) });
    });
  });
  return ports.sort((a, b) => a.port - b.port || cmp(a.protocol, b.protocol));
}

/** The service account of `pod`, as KH-WKL-006 reads it: `serviceAccountName`, else `serviceAccount`; `default` when neither names one. */
function serviceAccountOf(pod: PodSpecRef): string {
  const own = ownField(pod.spec, 'serviceAccountName');
  const name = own !== undefined && own !== null ? stringAt(own, pod.path, 'serviceAccountName') : stringField(pod.spec, 'serviceAccount', pod.path);
  return name !== undefined && name !== '' ? name : 'default';
}

/** The `metadata.labels` of `object` as `selectableLabels` reads them (`UNSELECTABLE_LABELS` when the map is of the wrong type). */
function labelsOf(object: K8sObject): Labels {
  return selectableLabels(ownField(objectField(asObject(object), 'metadata', ''), 'labels'), 'metadata.labels');
}

/**
 * The labels of Namespace `object` as label selectors see them (`selectableLabels`); when its labels map is of the
 * wrong type, none (the engine adds `kubernetes.io/metadata.name`). Each field of the wrong type is noted.
 */
export function readNamespaceLabels(object: K8sObject, notes: ReachNotes): Labels {
  const { value, wrong } = read(object, () => labelsOf(object));
  notes.addWrong(wrong, value === UNSELECTABLE_LABELS ? 'the namespace has no label but kubernetes.io/metadata.name' : LABEL);
  return value === UNSELECTABLE_LABELS ? {} : value;
}

/** A Service as reach reads it. */
export interface ServiceReading {
  /** Its pod selector: absent when it has none, or one of the wrong type or with a value of the wrong type (it selects no pods). */
  readonly selector?: Labels;
  /** Its labels (none when the map is of the wrong type). */
  readonly labels: Labels;
}

/**
 * Service `object`'s pod selector and labels. A selector value set to null is `''`, as Kubernetes decodes it; a
 * selector, or a value in it, of the wrong type selects no pods, as the audit reads a Service selector (a wrong type
 * finds fewer pods). Each field of the wrong type is noted.
 */
export function readService(object: K8sObject, notes: ReachNotes): ServiceReading {
  const { value, wrong } = read(object, () => ({ selector: serviceSelector(object), labels: labelsOf(object) }));
  notes.addWrong(wrong, (field) => (field.path.startsWith('spec')
    ? 'the Service selects no pods'
    : value.labels === UNSELECTABLE_LABELS ? 'reach reads no label of it' : LABEL));
  const labels = value.labels === UNSELECTABLE_LABELS ? {} : value.labels;
  return { labels, ...(value.selector !== undefined ? { selector: value.selector } : {}) };
}

/** Service `object`'s pod selector (see `readService`). */
function serviceSelector(object: K8sObject): Labels | undefined {
  const raw = objectField(objectField(asObject(object), 'spec', ''), 'selector', 'spec');
  if (raw === undefined) return undefined;
  const pairs: Record<string, string> = {};
  let selects = true;
  for (const key of Object.keys(raw)) {
    const value = raw[key] === null ? '' : stringAt(raw[key], 'spec.selector', key);
    // (read on, so that each value of the wrong type is noted)
    if (value === undefined) selects = false;
    else pairs[key] = value;
  }
  return selects ? pairs : undefined;
}
