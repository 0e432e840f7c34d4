import { listField, objectAt, objectField, shownValue, stringField } from '../../field-types';
import { KIND_GROUPS } from '../../kinds';
import { Json } from '../../pod-spec';

/**
 * Istio policy attachment by `targetRefs` (istio/istio pilot/pkg/model/policyattachment.go `GetTargetRefs`,
 * `ShouldAttachPolicy`, `matchesGroupKind`): a targetRef names its target by API group, kind and name, the group
 * `''` read as `core` (pkg/config/model.go `CanonicalGroup`), so `{group: networking.istio.io, kind: Gateway}` (Istio's
 * own Gateway) or a Gateway without a group names no waypoint, and a `foo.example` Service no Service. Istio attaches
 * a policy to a Service (core group), a ServiceEntry (networking.istio.io), a Gateway or a GatewayClass
 * (gateway.networking.k8s.io); its validation refuses an AuthorizationPolicy or RequestAuthentication with a targetRef
 * to anything else (pkg/config/validation/validation.go `validatePolicyTargetReference`), and the CRD schemas refuse a
 * targetRef without a kind or name, with an empty name, or with a namespace. An EnvoyFilter's targetRefs are not
 * validated so (one to another kind attaches nothing), and its schema has no `targetRef`: the single form is pruned.
 */

/** A kind a targetRef attaches an Istio policy to. */
export type TargetKind = 'Service' | 'ServiceEntry' | 'Gateway' | 'GatewayClass';

/**
 * The API group of each kind a targetRef attaches an Istio policy to (istio/istio pkg/config/schema/gvk): a Service's
 * as the audit reads Services (`KIND_GROUPS`: the core group), the others' (no object the audit reads) as Istio
 * names them: its own ServiceEntry, and the Gateway API's Gateway and GatewayClass.
 */
const TARGET_GROUPS: Readonly<Record<TargetKind, string>> = {
  Service: KIND_GROUPS.Service[0],
  ServiceEntry: 'networking.istio.io',
  Gateway: 'gateway.networking.k8s.io',
  GatewayClass: 'gateway.networking.k8s.io',
};

/** The GatewayClass of Istio's waypoints: a policy of the root namespace that targets it applies at every waypoint. */
export const WAYPOINT_CLASS = 'istio-waypoint';

/** The Istio policy kinds whose targetRefs Istio's validation restricts to the kinds of `TARGET_GROUPS`, of their groups. */
const VALIDATED_KINDS = new Set(['AuthorizationPolicy', 'RequestAuthentication']);

/** What a targetRef attaches its policy to. */
export interface PolicyTarget {
  /** The target's kind (of its API group). */
  readonly kind: TargetKind;
  /** The target's name. */
  readonly name: string;
}

/** A targetRef as Istio reads it. */
export interface TargetRefReading {
  /** Its path, e.g. `spec.targetRefs[0]`. */
  readonly at: string;
  /**
   * What it attaches the policy to; `undefined` when it names no kind of `TARGET_GROUPS` of its group (it attaches nothing).
   * @default - none: it attaches nothing
   */
  readonly target?: PolicyTarget;
  /**
   * Why Kubernetes (the CRD schema) or Istio's validation refuses the policy for it, if they do.
   * @default - none: neither refuses it
   */
  readonly refused?: string;
}

/**
 * The targetRefs of an Istio policy of kind `kind` with spec `spec`, as Istio reads them (`GetTargetRefs`): its
 * `targetRefs` when not empty, else its `targetRef` (not an EnvoyFilter's: its schema has none). Each field of the
 * wrong type is noted; a targetRef of the wrong type is read as an empty one.
 */
export function readTargetRefs(kind: string, spec: Json): TargetRefReading[] {
  const list = listField(spec, 'targetRefs', 'spec');
  const single = kind === 'EnvoyFilter' ? undefined : objectField(spec, 'targetRef', 'spec');
  if (list.length > 0) return list.map((raw, index) => readRef(kind, objectAt(raw, 'spec.targetRefs', index), `spec.targetRefs[${index}]`));
  return single === undefined ? [] : [readRef(kind, single, 'spec.targetRef')];
}

function readRef(policyKind: string, ref: Json | undefined, at: string): TargetRefReading {
  const group = stringField(ref, 'group', at) ?? '';
  const kind = stringField(ref, 'kind', at);
  const name = stringField(ref, 'name', at);
  const namespace = stringField(ref, 'namespace', at);
  const refused = (reason: string): TargetRefReading => ({ at, refused: `${at} ${reason}` });
  if (kind === undefined || name === undefined) return refused(`has no ${kind === undefined ? 'kind' : 'name'}: Kubernetes rejects the object`);
  if (name === '') return refused('has an empty name: Kubernetes rejects the object');
  if (namespace !== undefined && namespace !== '') return refused(`names namespace ${shownValue(namespace)}: Kubernetes rejects the object (cross namespace referencing is not supported)`);
  const target = targetKind(group, kind);
  if (target !== undefined) return { at, target: { kind: target, name } };
  if (!VALIDATED_KINDS.has(policyKind)) return { at };
  return refused(`is ${group === '' ? 'the core group' : group}'s ${kind}: Istio's validation rejects the object (a targetRef names a Service of the core group, a ServiceEntry of networking.istio.io, or a Gateway or GatewayClass of gateway.networking.k8s.io)`);
}

/** The kind of `TARGET_GROUPS` that `group` and `kind` name (`core` read as the core group, `''`), if any. */
function targetKind(group: string, kind: string): TargetKind | undefined {
  return Object.hasOwn(TARGET_GROUPS, kind) && TARGET_GROUPS[kind as TargetKind] === (group === 'core' ? '' : group) ? kind as TargetKind : undefined;
}

/** The key of a target, e.g. `Service/api`. */
export function targetKey(target: PolicyTarget): string {
  return `${target.kind}/${target.name}`;
}
