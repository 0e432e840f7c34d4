import { appliesToPods, atEveryWaypoint, covers, hasTargetRefs, ISTIO_ROOT_NAMESPACE, istioSelector, overlaps, PodTarget, policySelectorLabels, policyTargets } from './istio';
import { targetKey } from './target-refs';
import { K8sObject } from '../../../core/manifest';
import { unnoted } from '../../field-types';
import { AuditContext } from '../../rule';

/**
 * The Istio policies of one kind that can apply in a namespace (its own and the root namespace's), indexed by
 * selector labels and by `targetRefs`, so that matching them to thousands of workloads stays linear. Every lookup
 * returns exactly what testing each policy would, in the policies' order. The index reads the policies' fields once,
 * for every check (`unnoted`): the tests of the candidates note the wrongly typed fields of each check's.
 */
export class IstioPolicyIndex {
  /** Every policy of the kind in the namespace and the root namespace. */
  public readonly all: readonly K8sObject[];
  private readonly order: Map<K8sObject, number>;
  private readonly namespaceWide: K8sObject[] = [];
  /** Selected policies by each pair of their selector (`key=value`), made on first use (only `overlapping` and `covering` by targetRefs read it). */
  private pairIndex: Map<string, K8sObject[]> | undefined;
  /** Selected policies by the key, then the value, of the first pair of their selector. */
  private readonly byFirstPair = new Map<string, Map<string, K8sObject[]>>();
  /** Policies attached by targetRefs, by each of their targets (`targetKey`). */
  private readonly byTargetRef = new Map<string, K8sObject[]>();
  /** Every policy attached by targetRefs. */
  private readonly attached: K8sObject[] = [];
  /** Root namespace policies attached to the waypoints' GatewayClass (they apply at every waypoint). */
  private readonly atWaypoints: K8sObject[] = [];
  private readonly selected: K8sObject[] = [];
  private readonly lackingKey = new Map<string, K8sObject[]>();

  constructor(policies: readonly K8sObject[]) {
    this.all = policies;
    this.order = new Map(policies.map((p, i) => [p, i]));
    unnoted(() => this.index(policies));
  }

  private index(policies: readonly K8sObject[]): void {
    for (const policy of policies) {
      if (hasTargetRefs(policy)) {
        this.attached.push(policy);
        for (const ref of refsOf(policy)) {
          addTo(this.byTargetRef, ref, policy);
        }
        if (atWaypoints(policy)) this.atWaypoints.push(policy);
        continue;
      }
      const labels = policySelectorLabels(policy);
      if (labels === undefined) {
        this.namespaceWide.push(policy);
      } else {
        this.selected.push(policy);
        const firstKey = Object.keys(labels)[0];
        let byValue = this.byFirstPair.get(firstKey);
        if (!byValue) {
          byValue = new Map();
          this.byFirstPair.set(firstKey, byValue);
        }
        addTo(byValue, String(labels[firstKey]), policy);
      }
    }
  }

  private get byPair(): Map<string, K8sObject[]> {
    if (!this.pairIndex) {
      const pairIndex = new Map<string, K8sObject[]>();
      unnoted(() => {
        for (const policy of this.selected) {
          for (const [key, value] of Object.entries(policySelectorLabels(policy) ?? {})) {
            addTo(pairIndex, `${key}=${String(value)}`, policy);
          }
        }
      });
      this.pairIndex = pairIndex;
    }
    return this.pairIndex;
  }

  /** Selected policies with at least one selector pair among `labels` (a superset of those they select). */
  private withPairsIn(labels: Readonly<Record<string, unknown>>): K8sObject[] {
    return Object.entries(labels).flatMap(([key, value]) => this.byPair.get(`${key}=${String(value)}`) ?? []);
  }

  /**
   * Adds to `sources` the selected policies whose selector's first pair is among `labels`: a superset of those
   * whose selector is a subset of `labels`.
   */
  private addFirstPairsIn(labels: Readonly<Record<string, unknown>>, sources: (readonly K8sObject[])[]): void {
    for (const key of Object.keys(labels)) {
      const list = this.byFirstPair.get(key)?.get(String(labels[key]));
      if (list) sources.push(list);
    }
  }

  /** The policies that apply to the pods of `target` (as `appliesToPods`). */
  public applyingTo(target: PodTarget): K8sObject[] {
    const sources: (readonly K8sObject[])[] = [this.namespaceWide];
    this.addFirstPairsIn(target.labels, sources);
    for (const service of target.services) {
      addFrom(this.byTargetRef, `Service/${service}`, sources);
    }
    if (target.waypoint !== undefined) {
      addFrom(this.byTargetRef, `Gateway/${target.waypoint}`, sources);
      sources.push(this.atWaypoints);
    }
    return this.exactFrom(sources, (p) => appliesToPods(p, target));
  }

  /** The policies that cover every workload `target` (a policy of any Istio kind) applies to (as `covers`). */
  public covering(target: K8sObject): K8sObject[] {
    if (hasTargetRefs(target)) {
      // `covers` then compares targetRefs alone: a selected policy may cover with any pair of the selector
      const candidates = [...this.namespaceWide, ...this.withPairsIn(istioSelector(target) ?? {}), ...this.withRefsOf(target), ...this.atWaypoints];
      return this.exact(candidates, (p) => covers(p, target));
    }
    const sources: (readonly K8sObject[])[] = [this.namespaceWide];
    this.addFirstPairsIn(istioSelector(target) ?? {}, sources);
    return this.exactFrom(sources, (p) => covers(p, target));
  }

  /** The policies that can select a common workload with `policy` (as `overlaps`). */
  public overlapping(policy: K8sObject): K8sObject[] {
    const labels = istioSelector(policy);
    const first = labels === undefined ? undefined : Object.entries(labels)[0];
    // policies that have the first pair, and those that lack its key, are apart (a policy is in one of them)
    const sources: (readonly K8sObject[])[] = [this.namespaceWide];
    if (first === undefined) {
      sources.push(this.selected);
    } else {
      addFrom(this.byPair, `${first[0]}=${String(first[1])}`, sources);
      sources.push(this.lacking(first[0]));
    }
    if (hasTargetRefs(policy)) {
      for (const ref of refsOf(policy)) {
        addFrom(this.byTargetRef, ref, sources);
      }
      // (one at every waypoint meets every policy attached to a Service, ServiceEntry or Gateway)
      sources.push(atWaypoints(policy) ? this.attached : this.atWaypoints);
    }
    return this.exactFrom(sources, (p) => overlaps(p, policy));
  }

  private withRefsOf(policy: K8sObject): K8sObject[] {
    return hasTargetRefs(policy) ? refsOf(policy).flatMap((r) => this.byTargetRef.get(r) ?? []) : [];
  }

  private lacking(key: string): K8sObject[] {
    let list = this.lackingKey.get(key);
    if (!list) {
      list = unnoted(() => this.selected.filter((p) => !Object.prototype.hasOwnProperty.call(policySelectorLabels(p) ?? {}, key)));
      this.lackingKey.set(key, list);
    }
    return list;
  }

  /**
   * The candidates of `sources` that pass `test`, in the policies' order. Each source is in that order and holds a
   * policy once, so when only one is not empty it is tested as it is.
   */
  private exactFrom(sources: readonly (readonly K8sObject[])[], test: (p: K8sObject) => boolean): K8sObject[] {
    const nonEmpty = sources.filter((source) => source.length > 0);
    return nonEmpty.length === 1 ? nonEmpty[0].filter(test) : this.exact(nonEmpty.flat(), test);
  }

  private exact(candidates: readonly K8sObject[], test: (p: K8sObject) => boolean): K8sObject[] {
    return [...new Set(candidates)].filter(test).sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}

/** Appends `policy` to the list of `key` (once: a policy's entries are added one after the other). */
function addTo(map: Map<string, K8sObject[]>, key: string, policy: K8sObject): void {
  const list = map.get(key);
  if (!list) map.set(key, [policy]);
  else if (list[list.length - 1] !== policy) list.push(policy);
}

/** Appends the list of `key` in `map`, when there is one, to `sources`. */
function addFrom(map: ReadonlyMap<string, readonly K8sObject[]>, key: string, sources: (readonly K8sObject[])[]): void {
  const list = map.get(key);
  if (list) sources.push(list);
}

/** The keys of the targets a policy's targetRefs attach it to (`targetKey`). */
function refsOf(policy: K8sObject): string[] {
  return policyTargets(policy).map(targetKey);
}

/** Whether a policy is of the root namespace and attached to the waypoints' GatewayClass: it applies at every waypoint. */
function atWaypoints(policy: K8sObject): boolean {
  return policyTargets(policy).some((target) => atEveryWaypoint(target, policy.metadata.namespace, ISTIO_ROOT_NAMESPACE));
}

/** The index of the `kind` policies that can apply in `namespace`, built once per audit. */
export function istioPolicies(context: AuditContext, kind: string, namespace: string | undefined): IstioPolicyIndex {
  const key = `${kind}\n${namespace ?? ''}`;
  let byKey = cache.get(context);
  if (!byKey) {
    byKey = new Map();
    cache.set(context, byKey);
  }
  let index = byKey.get(key);
  if (!index) {
    const own = namespace === undefined
      ? context.objectsOfKind(kind).filter((p) => p.metadata?.namespace === undefined)
      : context.objectsOfKind(kind, namespace);
    const root = namespace === ISTIO_ROOT_NAMESPACE ? [] : context.objectsOfKind(kind, ISTIO_ROOT_NAMESPACE);
    const inOrder = new Set([...own, ...root]);
    index = new IstioPolicyIndex(context.objectsOfKind(kind).filter((p) => inOrder.has(p)));
    byKey.set(key, index);
  }
  return index;
}

const cache = new WeakMap<AuditContext, Map<string, IstioPolicyIndex>>();
