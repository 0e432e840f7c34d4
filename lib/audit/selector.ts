import { asObject, listField, objectAt, objectField, ownField, stringAt, stringField, unlessWronglyTyped } from './field-types';
import type { Json } from './pod-spec';

/** Labels of an object. */
export type Labels = Readonly<Record<string, string>>;

/**
 * The labels of an object whose labels map (or the metadata holding it) is of the wrong JSON type: Kubernetes rejects
 * the object, and no selector selects them (see `selectableLabels`). A reader that derives other labels from them
 * (adds a namespace label) must keep them as they are.
 */
export const UNSELECTABLE_LABELS: Labels = Object.freeze({});
const UNSELECTABLE = UNSELECTABLE_LABELS;

/**
 * `labels`, the labels map at `at`, as label selectors see them (see `selectorMatches`). A value set to null is the
 * empty string, as Kubernetes decodes it (the label is present); a value of another JSON type is noted and stays in
 * the map, where it meets no requirement on its key; a map of the wrong type is noted and meets none at all: no
 * selector, not even an empty one, selects the object (the rules count a selection as protection).
 */
export function selectableLabels(labels: unknown, at: string): Labels {
  if (labels === undefined || labels === null) {
    return {};
  }
  const map = objectAt(labels, at);
  if (map === undefined) {
    return UNSELECTABLE;
  }
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === null) {
      copy ??= { ...map };
      copy[key] = '';
    } else if (typeof value !== 'string') {
      stringAt(value, at, key);
    }
  }
  return (copy ?? map) as Labels;
}

/**
 * Whether a Kubernetes label selector (`matchLabels` + `matchExpressions`) selects `labels`.
 * An empty selector selects everything; a missing selector (`undefined` or null) selects nothing.
 * Cilium source prefixes (`k8s:`, `any:`) are stripped from keys. A selector of the wrong JSON type, or with a
 * `matchLabels` map or value, `matchExpressions` or expression field of the wrong type, selects nothing (Kubernetes
 * rejects its object), and each such field read is noted at `at`, the selector's path (see `field-types`); a null
 * value is the empty string. A label whose value is not a string (Kubernetes rejects the object) matches no
 * requirement on its key, not even `NotIn` or `Exists`, and labels whose map is of the wrong type match none at all
 * (see `selectableLabels`): the rules count a selection (by a network policy, a budget, an image policy) as
 * protection, so such a label fails closed.
 */
export function selectorMatches(selector: unknown, labels: Labels, at: string = ''): boolean {
  const sel = objectAt(selector, at);
  if (sel === undefined || labels === UNSELECTABLE) {
    return false;
  }
  const matchLabels = ownField(sel, 'matchLabels');
  if (matchLabels !== undefined && matchLabels !== null) {
    const pairs = objectAt(matchLabels, at, 'matchLabels');
    if (pairs === undefined) {
      return false;
    }
    for (const rawKey of Object.keys(pairs)) {
      const required = requiredValue(pairs[rawKey], `${at}.matchLabels`, rawKey);
      const value = labels[stripSource(rawKey)];
      if (typeof value !== 'string' || value !== required) {
        return false;
      }
    }
  }
  const expressions = ownField(sel, 'matchExpressions');
  if (expressions === undefined || expressions === null) {
    return true;
  }
  if (!Array.isArray(expressions)) {
    listField(sel, 'matchExpressions', at);
    return false;
  }
  return expressions.every((raw, index) => expressionMatches(raw, labels, at, index));
}

/**
 * The value a `matchLabels` pair requires: null is the empty string, as Kubernetes decodes it; one of another JSON
 * type is noted (at `at`, the `matchLabels` map) and requires what no label has.
 */
function requiredValue(value: unknown, at: string, key: string): string | undefined {
  return value === null ? '' : stringAt(value, at, key);
}

/** Whether the `index`-th expression of the selector at `at` selects `labels`; one with a field of the wrong type (noted) does not. */
function expressionMatches(raw: unknown, labels: Labels, at: string, index: number): boolean {
  // (the path is joined only for a field of the wrong type)
  const expr = asObject(raw) ?? objectAt(raw, `${at}.matchExpressions`, index);
  if (expr === undefined) {
    return false;
  }
  const rawKey = ownField(expr, 'key');
  const operator = ownField(expr, 'operator');
  const listed = ownField(expr, 'values') ?? [];
  // (a null item is the empty string, as Kubernetes decodes it)
  const values = Array.isArray(listed) ? listed.map((v: unknown) => (v === null ? '' : v)) : listed;
  if (typeof rawKey !== 'string' || typeof operator !== 'string' || !Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
    noteExpression(expr, `${at}.matchExpressions[${index}]`);
    return false;
  }
  const key = stripSource(rawKey);
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  if (has && typeof labels[key] !== 'string') {
    return false;
  }
  switch (operator) {
    case 'In': return has && values.includes(labels[key]);
    case 'NotIn': return !has || !values.includes(labels[key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false;
  }
}

/** Notes the fields of the wrong type of the expression at `at`. */
function noteExpression(expr: Json, at: string): void {
  stringField(expr, 'key', at);
  stringField(expr, 'operator', at);
  listField(expr, 'values', at).forEach((value, index) => stringAt(value, `${at}.values`, index));
}

/**
 * Reads every field of the label selector at `at` (`matchLabels` and its values, `matchExpressions` and their fields),
 * so that each of the wrong type is noted: for a check that its object is valid, not which labels it selects.
 */
export function readSelector(selector: unknown, at: string): void {
  const sel = objectAt(selector, at);
  for (const [key, value] of Object.entries(objectField(sel, 'matchLabels', at) ?? {})) stringAt(value, `${at}.matchLabels`, key);
  listField(sel, 'matchExpressions', at).forEach((raw, index) => {
    const expr = objectAt(raw, `${at}.matchExpressions`, index);
    if (expr !== undefined) noteExpression(expr, `${at}.matchExpressions[${index}]`);
  });
}

/** A label key without a Cilium source prefix. */
export function stripSource(key: string): string {
  return key.includes(':') ? key.replace(/^(k8s|any|reserved|container|unspec):/, '') : key;
}

/**
 * Whether `selector` is present and empty (selects every pod). One of the wrong JSON type, or whose `matchLabels` or
 * `matchExpressions` is, is not (it selects nothing), and each such field is noted at `at`, the selector's path.
 */
export function isEmptySelector(selector: unknown, at: string = ''): boolean {
  const sel = objectAt(selector, at);
  return sel !== undefined && unlessWronglyTyped(
    () => Object.keys(objectField(sel, 'matchLabels', at) ?? {}).length === 0 && listField(sel, 'matchExpressions', at).length === 0,
    false,
  );
}

/** A plain `{key: value}` map as a selector (Istio's `selector.matchLabels`, EnvoyFilter `workloadSelector.labels`). */
export function labelsAsSelector(labels: unknown): Readonly<Record<string, unknown>> {
  return { matchLabels: asObject(labels) ?? {} };
}

/**
 * The label value a `matchLabels` value requires, as `selectorMatches` reads it: null is `''`, as Kubernetes decodes
 * it; `undefined` for a value of another JSON type, which no label has (for indexes keyed by label value).
 */
export function requiredLabelValue(value: unknown): string | undefined {
  return value === null ? '' : typeof value === 'string' ? value : undefined;
}

/**
 * The items whose label selector selects given labels, found without testing every item: an item whose selector
 * has `matchLabels` is only a candidate for labels that contain its first pair, with the value `selectorMatches`
 * requires (a value set to null is the pair with `''`; an item whose first value is of another JSON type is a
 * candidate for any labels). Candidates are then checked with `matches`, so the result is exact; it keeps the items'
 * order. Audits of large namespaces stay linear: a lookup costs what the labels' candidates cost, not what the
 * namespace holds.
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
      // keyed by the value the pair requires, as `selectorMatches` reads it: null is ''; one of another JSON type
      // requires what no label has, and such an item is left to `matches` (it is a candidate for every lookup)
      const value = matchLabels === undefined || firstKey === undefined ? undefined : requiredLabelValue(matchLabels[firstKey]);
      if (firstKey === undefined || value === undefined) {
        this.unindexed.push(index);
        return;
      }
      const key = stripSource(firstKey);
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
