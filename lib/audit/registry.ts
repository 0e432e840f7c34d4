import { ManifestRule } from './rule';
import * as pod from './rules/pod';

/** Every manifest rule, sorted by id. Rule files export one `KH_<AREA>_<NNN>` constant each. */
export const MANIFEST_RULES: readonly ManifestRule[] = [
  ...Object.values(pod),
].filter(isManifestRule).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function isManifestRule(value: unknown): value is ManifestRule {
  return typeof value === 'object' && value !== null && typeof (value as ManifestRule).check === 'function' && Array.isArray((value as ManifestRule).appliesTo);
}

/** The manifest rule with id `id`. */
export function manifestRuleById(id: string): ManifestRule | undefined {
  return MANIFEST_RULES.find((r) => r.id === id);
}
