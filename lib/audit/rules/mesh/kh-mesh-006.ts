import { envoyField, percentOf, rateLimitConfigs } from './rate-limit';
import { ManifestRule, RuleViolation } from '../../rule';

/**
 * KH-MESH-006: every local rate limit with a token bucket is enabled and enforced: `filter_enabled` and
 * `filter_enforced` default to 0 %, which silently turns the limit off.
 */
export const KH_MESH_006: ManifestRule = {
  id: 'KH-MESH-006',
  area: 'mesh',
  title: 'Local rate limit is enabled and enforced',
  severity: 'error',
  guideSection: '4.2',
  controls: { mlps: ['8.1.3.3'] },
  remediation: 'Set filter_enabled and filter_enforced default_value to numerator 100, denominator HUNDRED.',
  appliesTo: ['EnvoyFilter'],
  check: (object) => rateLimitConfigs(object)
    .filter(({ config }) => envoyField(config, 'token_bucket') !== undefined)
    .flatMap(({ config, path }): RuleViolation[] => ['filter_enabled', 'filter_enforced']
      .filter((name) => percentOf(config, name) <= 0)
      .map((name) => ({ message: `the local rate limit's ${name} is 0 % (unset defaults to 0 %), so it does nothing`, path: `${path}.${name}` }))),
};
