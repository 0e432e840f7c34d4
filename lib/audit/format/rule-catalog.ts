import { DOCKERFILE_RULES } from '../dockerfile/rules';
import { MANIFEST_RULES } from '../registry';
import { CatalogRule } from './audit-run';

/** Every rule (manifest and Dockerfile), sorted by id, with what it applies to. */
export function ruleCatalog(): CatalogRule[] {
  const rules: CatalogRule[] = [
    ...MANIFEST_RULES.map((rule): CatalogRule => ({ ...pick(rule), appliesTo: rule.appliesTo })),
    ...DOCKERFILE_RULES.map((rule): CatalogRule => ({ ...pick(rule), appliesTo: ['Dockerfile'] })),
  ];
  return rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function pick(rule: CatalogRule | Omit<CatalogRule, 'appliesTo'>): Omit<CatalogRule, 'appliesTo'> {
  const { id, area, title, severity, guideSection, controls, remediation } = rule;
  return { id, area, title, severity, guideSection, controls, remediation };
}
