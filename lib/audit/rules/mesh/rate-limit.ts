import { specOf } from './istio';
import { K8sObject } from '../../../core/manifest';
import { listField, objectAt, objectField, readOf } from '../../field-types';
import { asObject, Json } from '../../pod-spec';

const FILTER = 'envoy.filters.http.local_ratelimit';
const TYPED_STRUCT = 'type.googleapis.com/udpa.type.v1.TypedStruct';

/** A local rate limit config found in an EnvoyFilter, with its path. */
export interface RateLimitConfig {
  /** The LocalRateLimit config (snake_case or camelCase keys). */
  readonly config: Json;
  /** Dotted path of the typed config. */
  readonly path: string;
}

/** A field of an Envoy config by its snake_case name, also accepting the camelCase JSON form. */
export function envoyField(obj: Json | undefined, snake: string): unknown {
  return obj?.[snake] ?? obj?.[camelCase(snake)];
}

const camelCases = new Map<string, string>();

/** `snake_case` as `camelCase` (remembered: the field names are a handful of constants). */
function camelCase(snake: string): string {
  let camel = camelCases.get(snake);
  if (camel === undefined) {
    camel = snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    camelCases.set(snake, camel);
  }
  return camel;
}

function unwrap(typedConfig: unknown): Json | undefined {
  const tc = asObject(typedConfig);
  return tc?.['@type'] === TYPED_STRUCT || tc?.type_url !== undefined ? asObject(tc?.value) : tc;
}

/**
 * Every local rate limit config of an EnvoyFilter: HTTP filters' typed_config and per-route configs. `configPatches`,
 * a patch and its `value` of the wrong type are noted (the fields inside `value` are Envoy's, of any type the CRD takes).
 */
export function rateLimitConfigs(envoyFilter: K8sObject): RateLimitConfig[] {
  return readOf(envoyFilter, () => listField(specOf(envoyFilter), 'configPatches', 'spec').flatMap((raw, index) => {
    const at = `spec.configPatches[${index}]`;
    const value = objectField(objectField(objectAt(raw, 'spec.configPatches', index), 'patch', at), 'value', `${at}.patch`);
    const path = `${at}.patch.value`;
    const out: RateLimitConfig[] = [];
    if (value?.name === FILTER) {
      const config = unwrap(envoyField(value, 'typed_config'));
      if (config) out.push({ config, path: `${path}.typed_config` });
    }
    const perRoute = unwrap(asObject(envoyField(value, 'typed_per_filter_config'))?.[FILTER]);
    if (perRoute) out.push({ config: perRoute, path: `${path}.typed_per_filter_config` });
    return out;
  }));
}

/** The `default_value.numerator` of a runtime fractional percent (`filter_enabled`, `filter_enforced`); 0 when unset. */
export function percentOf(config: Json, name: string): number {
  const numerator = asObject(envoyField(asObject(envoyField(config, name)), 'default_value'))?.numerator;
  return typeof numerator === 'number' ? numerator : 0;
}

/** Whether a config limits requests: it has a token bucket and is enabled and enforced above 0 %. */
export function isEnforcedLimit(config: Json): boolean {
  return envoyField(config, 'token_bucket') !== undefined && percentOf(config, 'filter_enabled') > 0 && percentOf(config, 'filter_enforced') > 0;
}
