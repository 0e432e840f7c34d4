import { K8sObject } from '../../../core/manifest';
import { asArray, asObject } from '../../pod-spec';

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

/** The rules of a Role or ClusterRole. */
export function policyRules(role: K8sObject): PolicyRule[] {
  return asArray(role.rules).map((raw, index) => {
    const rule = asObject(raw) ?? {};
    return {
      apiGroups: asArray(rule.apiGroups).map(String),
      resources: asArray(rule.resources).map(String),
      verbs: asArray(rule.verbs).map(String),
      path: `rules[${index}]`,
    };
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
