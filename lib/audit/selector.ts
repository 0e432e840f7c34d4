import { asArray, asObject } from './pod-spec';

/** Labels of an object. */
export type Labels = Readonly<Record<string, string>>;

/**
 * Whether a Kubernetes label selector (`matchLabels` + `matchExpressions`) selects `labels`.
 * An empty selector selects everything; a missing selector (`undefined`) selects nothing.
 * Cilium source prefixes (`k8s:`, `any:`) are stripped from keys.
 */
export function selectorMatches(selector: unknown, labels: Labels): boolean {
  const sel = asObject(selector);
  if (sel === undefined) {
    return false;
  }
  const matchLabels = asObject(sel.matchLabels) ?? {};
  for (const [rawKey, value] of Object.entries(matchLabels)) {
    if (labels[stripSource(rawKey)] !== value) {
      return false;
    }
  }
  return asArray(sel.matchExpressions).every((raw) => expressionMatches(asObject(raw) ?? {}, labels));
}

function expressionMatches(expr: Readonly<Record<string, unknown>>, labels: Labels): boolean {
  const key = stripSource(String(expr.key ?? ''));
  const values = asArray(expr.values).map(String);
  const has = Object.prototype.hasOwnProperty.call(labels, key);
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
  return key.replace(/^(k8s|any|reserved|container|unspec):/, '');
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
 * has `matchLabels` is only a candidate for labels that contain one of its pairs. Candidates are then checked with
 * `matches`, so the result is exact; it keeps the items' order. Audits of large namespaces stay linear.
 */
export class SelectorIndex<T> {
  private readonly unindexed: number[] = [];
  private readonly byPair = new Map<string, number[]>();

  /**
   * @param items the items, e.g. the policies of a namespace
   * @param selectorOf the label selector of an item (`undefined` selects nothing)
   * @param matches the exact test of an item against labels
   */
  constructor(
    private readonly items: readonly T[],
    selectorOf: (item: T) => unknown,
    private readonly matches: (item: T, labels: Labels) => boolean,
  ) {
    items.forEach((item, index) => {
      const selector = asObject(selectorOf(item));
      if (selector === undefined) {
        return;
      }
      const first = Object.entries(asObject(selector.matchLabels) ?? {})[0];
      if (first === undefined) {
        this.unindexed.push(index);
        return;
      }
      const pair = `${stripSource(first[0])}=${String(first[1])}`;
      const list = this.byPair.get(pair);
      if (list) list.push(index);
      else this.byPair.set(pair, [index]);
    });
  }

  /** The items that select `labels`. `lookup` may hold more labels than `labels` (to widen the candidates only). */
  public selecting(labels: Labels, lookup: Labels = labels): T[] {
    const candidates = [...this.unindexed];
    for (const [key, value] of Object.entries(lookup)) {
      candidates.push(...this.byPair.get(`${key}=${value}`) ?? []);
    }
    return [...new Set(candidates)].sort((a, b) => a - b).map((i) => this.items[i]).filter((item) => this.matches(item, labels));
  }
}
