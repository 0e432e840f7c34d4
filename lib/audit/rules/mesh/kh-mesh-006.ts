import { specOf } from './istio';
import { asArray, asObject, Json } from '../../pod-spec';
import { ManifestRule, RuleViolation } from '../../rule';

const FILTER = 'envoy.filters.http.local_ratelimit';
const TYPED_STRUCT = 'type.googleapis.com/udpa.type.v1.TypedStruct';

function field(obj: Json | undefined, snake: string): unknown {
  const camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return obj?.[snake] ?? obj?.[camel];
}

function unwrap(typedConfig: unknown): Json | undefined {
  const tc = asObject(typedConfig);
  return tc?.['@type'] === TYPED_STRUCT || tc?.type_url !== undefined ? asObject(tc?.value) : tc;
}

/** Every local rate limit config in a patch value: the HTTP filter's typed_config and per-route configs. */
function rateLimitConfigs(value: Json | undefined, path: string): { config: Json; path: string }[] {
  const out: { config: Json; path: string }[] = [];
  if (value?.name === FILTER) {
    const config = unwrap(field(value, 'typed_config'));
    if (config) out.push({ config, path: `${path}.typed_config` });
  }
  const perFilter = asObject(field(value, 'typed_per_filter_config'));
  const perRoute = unwrap(perFilter?.[FILTER]);
  if (perRoute) out.push({ config: perRoute, path: `${path}.typed_per_filter_config` });
  return out;
}

function percent(config: Json, name: string): number {
  const numerator = asObject(field(asObject(field(config, name)), 'default_value'))?.numerator;
  return typeof numerator === 'number' ? numerator : 0;
}

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
  check: (object) => asArray(specOf(object).configPatches).flatMap((raw, index) => {
    const value = asObject(asObject(asObject(raw)?.patch)?.value);
    return rateLimitConfigs(value, `spec.configPatches[${index}].patch.value`)
      .filter(({ config }) => field(config, 'token_bucket') !== undefined)
      .flatMap(({ config, path }): RuleViolation[] => ['filter_enabled', 'filter_enforced']
        .filter((name) => percent(config, name) <= 0)
        .map((name) => ({ message: `the local rate limit's ${name} is 0 % (unset defaults to 0 %), so it does nothing`, path: `${path}.${name}` })));
  }),
};
