import { GraphQLError } from 'graphql';
import { ErrorCode } from '../engine/errors';
import { httpErrorExtensions } from './httpErrorExtensions';
import type { IdentifiedCaller } from './identifyCaller';
import type { RateVerdict } from './rateLimiter';
import { RateLimiter } from './rateLimiter';

/** The configured limits of a caller whose key sets none. 0 disables a limit. */
export interface LimitDefaults {
  requestsPerMinute: number;
  rowsPerMinute: number;
}

/** Where one request stands against its caller's two quotas; kept in the request's context for its response headers. */
export interface CallerLimitState {
  rateKey: string;
  requests: { limit: number; verdict: RateVerdict };
  rows: { limit: number; verdict: RateVerdict };
}

/**
 * Per-caller quotas: requests a minute and estimated rows a minute (the gateway's row estimate of each operation),
 * each a token bucket, sized by the caller's key (`limits` in the keys file) or the configured defaults. Anonymous
 * callers are limited per client address. Responses say where the caller stands in `RateLimit-Policy` and `RateLimit`
 * headers (draft-ietf-httpapi-ratelimit-headers-10: structured-field lists with one item per policy).
 */
export class CallerLimits {
  constructor(private readonly defaults: LimitDefaults, private readonly limiter: RateLimiter = new RateLimiter(), private readonly onRefused: () => void = () => {}) {}

  /**
   * Counts one request of `caller`.
   * @throws GraphQLError RATE_LIMITED (HTTP 429, Retry-After and RateLimit headers) past the caller's requests a minute.
   */
  admit(caller: IdentifiedCaller): CallerLimitState {
    const requests = caller.limits.requestsPerMinute ?? this.defaults.requestsPerMinute;
    const rows = caller.limits.rowsPerMinute ?? this.defaults.rowsPerMinute;
    const state: CallerLimitState = {
      rateKey: caller.rateKey,
      requests: { limit: requests, verdict: this.limiter.take(`requests:${caller.rateKey}`, requests) },
      rows: { limit: rows, verdict: this.limiter.peek(`rows:${caller.rateKey}`, rows, 0) },
    };
    if (!state.requests.verdict.allowed) {
      throw this.refused(state, state.requests.verdict, `expected at most ${requests} requests a minute, got more`);
    }
    return state;
  }

  /**
   * Charges an operation's estimated rows to the caller's rows quota.
   * @throws GraphQLError RATE_LIMITED (HTTP 429, Retry-After and RateLimit headers) when the quota cannot cover them.
   */
  chargeRows(state: CallerLimitState, rows: number): void {
    state.rows.verdict = this.limiter.take(`rows:${state.rateKey}`, state.rows.limit, rows);
    if (!state.rows.verdict.allowed) {
      throw this.refused(state, state.rows.verdict,
        `expected at most ${state.rows.limit} estimated rows a minute, got an operation of ${rows} rows with ${state.rows.verdict.remaining} left`);
    }
  }

  private refused(state: CallerLimitState, verdict: RateVerdict, expected: string): GraphQLError {
    this.onRefused();
    const retry = String(verdict.retryAfterSeconds ?? 1);
    return new GraphQLError(`${expected}; retry in ${retry} s`, {
      extensions: httpErrorExtensions(ErrorCode.RATE_LIMITED, { 'retry-after': retry, ...rateLimitHeaders(state) }),
    });
  }
}

/**
 * `RateLimit-Policy` (quota `q` per window `w` seconds) and `RateLimit` (remaining `r`, seconds `t` until the quota is
 * whole again) for each enabled quota, named "requests" and "rows"; none when both are disabled.
 */
export function rateLimitHeaders(state: CallerLimitState): Record<string, string> {
  const enabled = (['requests', 'rows'] as const).filter((name) => state[name].limit > 0);
  if (!enabled.length) return {};
  return {
    'ratelimit-policy': enabled.map((name) => `"${name}";q=${state[name].limit};w=60`).join(', '),
    ratelimit: enabled.map((name) => `"${name}";r=${state[name].verdict.remaining};t=${state[name].verdict.resetSeconds}`).join(', '),
  };
}
