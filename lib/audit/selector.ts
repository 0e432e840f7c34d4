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
