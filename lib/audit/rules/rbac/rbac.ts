import { K8sObject } from '../../../core/manifest';
import { listField, objectAt, stringAt } from '../../field-types';
import { Json } from '../../pod-spec';

/** One RBAC policy rule with its index. */
export interface PolicyRule {
  /** API groups. */
  readonly apiGroups: readonly string[];
  /** Resources (with subresources, e.g. `pods/exec`). */
  readonly resources: readonly string[];
  /** Verbs. */
  readonly verbs: readonly string[];
  /** Path of the rule, e.g. `rules[2]`. */
  readonly path: string;
}

/**
 * The rules of a Role or ClusterRole. A list of the wrong type (`verbs: "*"`) is noted and read as empty; a `null`
 * item is `''`, as Kubernetes decodes it (Go's zero value: the core API group in `apiGroups`), and an item of another
 * type is noted and read as its text (`["*"]` as `*`, as before the type was checked).
 */
export function policyRules(role: K8sObject): PolicyRule[] {
  return listField(role, 'rules', '').map((raw, index) => {
    const path = `rules[${index}]`;
    const rule = objectAt(raw, 'rules', index) ?? {};
    return { apiGroups: names(rule, 'apiGroups', path), resources: names(rule, 'resources', path), verbs: names(rule, 'verbs', path), path };
  });
}

/** The list `key` of the policy rule at `at`, as `policyRules` reads it. */
function names(rule: Json, key: string, at: string): string[] {
  return listField(rule, key, at).map((item, index) => {
    if (typeof item === 'string') return item;
    return item === null ? '' : String(stringAt(item, `${at}.${key}`, index) ?? item);
  });
}

/** Whether `rule` grants one of `verbs` on `resource` of the core API group. */
export function grants(rule: PolicyRule, resource: string, verbs: readonly string[]): boolean {
  const group = rule.apiGroups.some((g) => g === '' || g === '*');
  const res = rule.resources.some((r) => r === '*' || r === resource || (resource.includes('/') && r === `${resource.split('/')[0]}/*`));
  return group && res && rule.verbs.some((v) => v === '*' || verbs.includes(v));
}

/** Built-in ClusterRoles that read Secrets in every namespace they are bound in. */
export const SECRET_READING_BUILTIN_ROLES: readonly string[] = ['cluster-admin', 'admin', 'edit'];

/** Verbs that read a resource. */
export const READ_VERBS: readonly string[] = ['get', 'list', 'watch'];
