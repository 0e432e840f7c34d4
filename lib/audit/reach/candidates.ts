import { Json, asArray, asObject } from '../pod-spec';
import { requiredLabelValue, selectorMatches, stripSource } from '../selector';
import { ciliumLabels, ciliumRuleHasNoPeer, ciliumSelectorMatches } from './cilium';
import { PolicyObject, Workload } from './model';
import { isSet } from './reading';
import { Direction } from '../rules/network/policies';

/**
 * The workloads a set of allow rules can name, found through indexes (by namespace, by label pair) instead of testing
 * every workload: the reachability engine then checks only those pairs, so a cluster in default deny costs about the
 * number of its rules times the size of the namespaces they name, not the square of its workloads.
 * Over-approximates (ports are ignored); `'all'` when a rule admits every peer.
 */
export class PeerCandidates {
  private readonly byNamespace = new Map<string, Workload[]>();
  private readonly byLabel = new Map<string, Workload[]>();

  /**
   * @param workloads every workload
   * @param namespaceLabels labels of every namespace
   */
  constructor(
    private readonly workloads: readonly Workload[],
    private readonly namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>,
  ) {
    for (const w of workloads) {
      push(this.byNamespace, w.namespace, w);
      for (const [key, value] of Object.entries(ciliumLabels(w))) push(this.byLabel, `${key}=${value}`, w);
    }
  }

  /** The peers the NetworkPolicy rules of `direction` can name. */
  public networkPolicy(policy: PolicyObject, rules: readonly Json[], direction: Direction, into: Set<Workload>): 'all' | undefined {
    for (const rule of rules) {
      const peers = asArray(rule[direction === 'ingress' ? 'from' : 'to']).map((p) => asObject(p) ?? {});
      if (peers.length === 0) return 'all';
      for (const peer of peers) {
        // (the same reading as `networkPolicyRuleAllows`: a field set to null is absent)
        if (isSet(peer.ipBlock)) continue;
        const namespaces = !isSet(peer.namespaceSelector)
          ? (!isSet(peer.podSelector) ? [] : [policy.namespace!])
          : [...this.namespaceLabels].filter(([, labels]) => selectorMatches(peer.namespaceSelector, labels)).map(([name]) => name);
        for (const ns of namespaces) {
          for (const w of this.byNamespace.get(ns) ?? []) {
            if (!isSet(peer.podSelector) || selectorMatches(peer.podSelector, w.labels)) into.add(w);
          }
        }
      }
    }
    return undefined;
  }

  /** The peers the Cilium allow rules of `direction` can name. */
  public cilium(policy: PolicyObject, rules: readonly Json[], direction: Direction, into: Set<Workload>): 'all' | undefined {
    for (const rule of rules) {
      if (ciliumRuleHasNoPeer(rule, direction)) {
        if (isSet(rule.toPorts) || isSet(rule.icmps)) return 'all';
        continue;
      }
      const entities = asArray(rule[direction === 'ingress' ? 'fromEntities' : 'toEntities']);
      if (entities.some((e) => e === 'all' || e === 'cluster')) return 'all';
      for (const raw of asArray(rule[direction === 'ingress' ? 'fromEndpoints' : 'toEndpoints'])) {
        const selector = asObject(raw);
        if (selector === undefined) continue;
        // The smallest pool among the selector's label pairs (every selected workload carries all of them), keyed by
        // the value selectorMatches requires: null is ''; a value of another JSON type selects no workload.
        const pools = Object.entries(asObject(selector.matchLabels) ?? {}).map(([key, value]) => {
          const required = requiredLabelValue(value);
          return required === undefined ? [] : this.byLabel.get(`${stripSource(key)}=${required}`) ?? [];
        });
        const pool = pools.length > 0
          ? pools.reduce((a, b) => (b.length < a.length ? b : a))
          : policy.namespace !== undefined ? this.byNamespace.get(policy.namespace) ?? [] : this.workloads;
        for (const w of pool) {
          if (ciliumSelectorMatches(selector, policy, w)) into.add(w);
        }
      }
    }
    return undefined;
  }
}

/** Appends `value` to the list of `key` in `map`. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
