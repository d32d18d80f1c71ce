import { GraphQLError } from 'graphql';
import type { CallerIdentity } from '../engine/auth/callerIdentity';
import { ANONYMOUS } from '../engine/auth/callerIdentity';
import { ErrorCode } from '../engine/errors';
import type { ApiKeys, KeyLimits } from './apiKeys';
import { httpErrorExtensions } from './httpErrorExtensions';
import type { RateLimiter } from './rateLimiter';

/** Who is calling, the bucket their requests are rate limited in, and their key's own limits. */
export interface IdentifiedCaller {
  identity: CallerIdentity;
  rateKey: string;
  /** Limits of the caller's key, over the configured defaults; none for anonymous callers. */
  limits: KeyLimits;
  /** The only documents the caller's key may run, when it is limited to trusted documents. */
  trustedDocuments?: ReadonlySet<string>;
}

/** Throttling of failed authentications (unknown or expired keys) per client address. */
export interface AuthFailureLimit {
  limiter: RateLimiter;
  /** Failed authentications a minute per client address; 0 disables. */
  perMinute: number;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: httpErrorExtensions(ErrorCode.UNAUTHENTICATED, { 'www-authenticate': 'Bearer' }),
  });
}

/**
 * Establishes the caller from `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Without a key the caller is
 * `anonymous` (no pii scope, every product) when anonymous access is on. Each unknown or expired key counts against
 * the client address; once it has used its failures for the minute, every keyed request from it is refused before
 * its key is even looked at, so keys cannot be guessed at speed (nor a right guess told from a wrong one).
 * @throws GraphQLError UNAUTHENTICATED (HTTP 401) for an unknown or expired key (saying when it expired), or a missing
 *   one when anonymous access is off; RATE_LIMITED (HTTP 429, Retry-After) for an address past its failures.
 */
export function identifyCaller(
  headers: { get(name: string): string | undefined },
  keys: ApiKeys,
  anonymousAccess: boolean,
  clientAddress: string,
  failures?: AuthFailureLimit,
): IdentifiedCaller {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
  const key = bearer ?? headers.get('x-api-key')?.trim();
  if (key) {
    const failureKey = `auth-failures:${clientAddress}`;
    if (failures) {
      const verdict = failures.limiter.peek(failureKey, failures.perMinute);
      if (!verdict.allowed) {
        throw new GraphQLError(`expected at most ${failures.perMinute} failed authentications a minute from one address, got more; retry in ${verdict.retryAfterSeconds} s`, {
          extensions: httpErrorExtensions(ErrorCode.RATE_LIMITED, { 'retry-after': String(verdict.retryAfterSeconds) }),
        });
      }
    }
    const found = keys.lookup(key);
    if (found.status === 'ok') {
      const { identity, limits, trustedDocuments } = found.grant;
      return { identity, rateKey: `key:${identity.subject}`, limits, ...(trustedDocuments ? { trustedDocuments } : {}) };
    }
    failures?.limiter.take(failureKey, failures.perMinute);
    if (found.status === 'expired') {
      throw unauthenticated(`expected an unexpired API key, got one that expired at ${found.expired.toISOString()}; ask for a new key`);
    }
    throw unauthenticated('expected a valid API key, got an unknown one');
  }
  if (!anonymousAccess) throw unauthenticated('expected an API key in the Authorization (Bearer) or X-Api-Key header, got none');
  return { identity: ANONYMOUS, rateKey: `anonymous:${clientAddress}`, limits: {} };
}
