import { asArray, asObject } from './pod-spec';

/** Labels of an object. */
export type Labels = Readonly<Record<string, string>>;

/**
 * Whether a Kubernetes label selector (`matchLabels` + `matchExpressions`) selects `labels`.
 * An empty selector selects everything; a missing selector (`undefined`) selects nothing.
 * Cilium source prefixes (`k8s:`, `any:`) are stripped from keys. A label whose value is not a string (Kubernetes
 * rejects the object) matches no requirement on its key, not even `NotIn` or `Exists`: the rules count a selection
 * (by a network policy, a budget, an image policy) as protection, so such a label fails closed.
 */
export function selectorMatches(selector: unknown, labels: Labels): boolean {
  const sel = asObject(selector);
  if (sel === undefined) {
    return false;
  }
  const matchLabels = asObject(sel.matchLabels);
  if (matchLabels !== undefined) {
    for (const rawKey of Object.keys(matchLabels)) {
      const value = labels[stripSource(rawKey)];
      if (typeof value !== 'string' || value !== matchLabels[rawKey]) {
        return false;
      }
    }
  }
  const expressions = sel.matchExpressions;
  return !Array.isArray(expressions) || expressions.every((raw) => expressionMatches(asObject(raw) ?? {}, labels));
}

function expressionMatches(expr: Readonly<Record<string, unknown>>, labels: Labels): boolean {
  const key = stripSource(String(expr.key ?? ''));
  const values = asArray(expr.values).map(String);
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  if (has && typeof labels[key] !== 'string') {
    return false;
  }
  switch (expr.operator) {
    case 'In': return has && values.includes(labels[key]);
    case 'NotIn': return !has || !values.includes(labels[key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false;
  }
}

/** A label key without a Cilium source prefix. */
export function stripSource(key: string): string {
  return key.includes(':') ? key.replace(/^(k8s|any|reserved|container|unspec):/, '') : key;
}

/** Whether `selector` is present and empty (selects every pod). */
export function isEmptySelector(selector: unknown): boolean {
  const sel = asObject(selector);
  return sel !== undefined
    && Object.keys(asObject(sel.matchLabels) ?? {}).length === 0
    && asArray(sel.matchExpressions).length === 0;
}

/** A plain `{key: value}` map as a selector (Istio's `selector.matchLabels`, EnvoyFilter `workloadSelector.labels`). */
export function labelsAsSelector(labels: unknown): Readonly<Record<string, unknown>> {
  return { matchLabels: asObject(labels) ?? {} };
}

/**
 * The items whose label selector selects given labels, found without testing every item: an item whose selector
 * has `matchLabels` is only a candidate for labels that contain its first pair. Candidates are then checked with
 * `matches`, so the result is exact; it keeps the items' order. Audits of large namespaces stay linear: a lookup
 * costs what the labels' candidates cost, not what the namespace holds.
 */
export class SelectorIndex<T> {
  private readonly unindexed: number[] = [];
  /** Indexes of the items by the key, then the value, of their selector's first `matchLabels` pair (ascending). */
  private readonly byPair = new Map<string, Map<string, number[]>>();

  /**
   * @param items the items, e.g. the policies of a namespace
   * @param selectorOf the label selector of an item (`undefined` selects nothing)
   * @param matches the exact test of an item against labels (and the `lookup` labels given to `selecting`)
   */
  constructor(
    private readonly items: readonly T[],
    selectorOf: (item: T) => unknown,
    private readonly matches: (item: T, labels: Labels, lookup: Labels) => boolean,
  ) {
    items.forEach((item, index) => {
      const selector = asObject(selectorOf(item));
      if (selector === undefined) {
        return;
      }
      const matchLabels = asObject(selector.matchLabels);
      const firstKey = matchLabels === undefined ? undefined : Object.keys(matchLabels)[0];
      if (matchLabels === undefined || firstKey === undefined) {
        this.unindexed.push(index);
        return;
      }
      const key = stripSource(firstKey);
      const value = String(matchLabels[firstKey]);
      let byValue = this.byPair.get(key);
      if (!byValue) {
        byValue = new Map();
        this.byPair.set(key, byValue);
      }
      const list = byValue.get(value);
      if (list) list.push(index);
      else byValue.set(value, [index]);
    });
  }

  /**
   * The items that select `labels`. `lookup` may hold more labels than `labels`: they widen the candidates, and
   * `matches` sees them.
   */
  public selecting(labels: Labels, lookup: Labels = labels): T[] {
    let found: readonly number[] | undefined;
    let merged: number[] | undefined;
    for (const key of Object.keys(lookup)) {
      const list = this.byPair.get(key)?.get(`${lookup[key]}`);
      if (list === undefined) {
        continue;
      }
      if (found === undefined) {
        found = list;
      } else {
        merged ??= [...found];
        // a loop, not push(...list): a list of 120,000 policies or more overflows the stack as arguments
        for (const index of list) merged.push(index);
      }
    }
    // One list alone is already ascending and free of repeats.
    const candidates = this.unindexed.length === 0 && merged === undefined
      ? found ?? []
      : [...new Set([...this.unindexed, ...merged ?? found ?? []])].sort((a, b) => a - b);
    const selecting: T[] = [];
    for (const index of candidates) {
      const item = this.items[index];
      if (this.matches(item, labels, lookup)) {
        selecting.push(item);
      }
    }
    return selecting;
  }
}
