import { Problems, checkInteger } from '../validation';

/**
 * Istio local rate limit (reference.md §5.5): an Envoy token bucket on the workload's inbound HTTP traffic.
 * The limit is per replica (per Envoy): with 3 replicas a limit of 100/s admits up to 300/s in total.
 */
export interface RateLimitProps {
  /**
   * Requests admitted per `per`, per replica (tokens added to the bucket each interval).
   * @asType integer
   * @minimum 1
   * @maximum 1000000000
   */
  readonly requests: number;
  /** Interval the requests are counted over. */
  readonly per: 'second' | 'minute' | 'hour';
  /**
   * Bucket size: requests admitted at once after a quiet period; at least `requests`.
   * @default - `requests`
   * @asType integer
   * @minimum 1
   * @maximum 1000000000
   */
  readonly burst?: number;
  /**
   * Response header that marks refused requests (value `true`; Envoy also sets `x-envoy-ratelimited`).
   * @default - the profile's `network.rateLimitHeader`
   */
  readonly responseHeader?: string;
}

const INTERVALS: Readonly<Record<RateLimitProps['per'], string>> = { second: '1s', minute: '60s', hour: '3600s' };

/** Checks rate limit props. */
export function checkRateLimit(problems: Problems, field: string, rateLimit: RateLimitProps): void {
  checkInteger(problems, `${field}.requests`, rateLimit.requests, 1, 1_000_000_000);
  if (!(rateLimit.per in INTERVALS)) problems.add(`${field}.per`, rateLimit.per, 'is not an interval', "use 'second', 'minute' or 'hour'.");
  if (rateLimit.burst !== undefined) {
    checkInteger(problems, `${field}.burst`, rateLimit.burst, 1, 1_000_000_000);
    // max_tokens < tokens_per_fill would silently cap every interval at the burst.
    if (Number.isInteger(rateLimit.burst) && Number.isInteger(rateLimit.requests) && rateLimit.burst < rateLimit.requests) {
      problems.add(`${field}.burst`, rateLimit.burst, `is smaller than requests (${rateLimit.requests}): the bucket would cap the rate at the burst`,
        `set burst to at least ${rateLimit.requests}, or leave it out (it defaults to requests).`);
    }
  }
  if (rateLimit.responseHeader !== undefined && !/^[a-z0-9-]+$/.test(rateLimit.responseHeader)) {
    problems.add(`${field}.responseHeader`, rateLimit.responseHeader, 'is not a lower-case header name', 'use lower-case letters, digits and -.');
  }
}

/** The Envoy `envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit` config of a rate limit. */
export function localRateLimitConfig(rateLimit: RateLimitProps, defaultHeader: string): Record<string, unknown> {
  const always = (key: string) => ({ runtime_key: key, default_value: { numerator: 100, denominator: 'HUNDRED' } });
  return {
    stat_prefix: 'http_local_rate_limiter',
    token_bucket: {
      max_tokens: rateLimit.burst ?? rateLimit.requests,
      tokens_per_fill: rateLimit.requests,
      fill_interval: INTERVALS[rateLimit.per],
    },
    filter_enabled: always('local_rate_limit_enabled'),
    filter_enforced: always('local_rate_limit_enforced'),
    response_headers_to_add: [{ append_action: 'OVERWRITE_IF_EXISTS_OR_ADD', header: { key: rateLimit.responseHeader ?? defaultHeader, value: 'true' } }],
  };
}

/** The EnvoyFilter `patch.value` that inserts the local rate limit filter. */
export function localRateLimitFilter(rateLimit: RateLimitProps, defaultHeader: string): Record<string, unknown> {
  return {
    name: 'envoy.filters.http.local_ratelimit',
    typed_config: {
      '@type': 'type.googleapis.com/udpa.type.v1.TypedStruct',
      'type_url': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
      'value': localRateLimitConfig(rateLimit, defaultHeader),
    },
  };
}
