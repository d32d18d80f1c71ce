import { GraphQLError } from 'graphql';
import type { CallerIdentity } from '../engine/auth/callerIdentity';
import { ANONYMOUS } from '../engine/auth/callerIdentity';
import { ErrorCode } from '../engine/errors';
import type { ApiKeys } from './apiKeys';
import { httpErrorExtensions } from './httpErrorExtensions';

/** Who is calling and the bucket their requests are rate limited in. */
export interface IdentifiedCaller {
  identity: CallerIdentity;
  rateKey: string;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: httpErrorExtensions(ErrorCode.UNAUTHENTICATED, 401, { 'www-authenticate': 'Bearer' }),
  });
}

/**
 * Establishes the caller from `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Without a key the caller is
 * `anonymous` (no pii scope, every product) when anonymous access is on.
 * @throws GraphQLError UNAUTHENTICATED (HTTP 401) for an unknown key, or a missing one when anonymous access is off.
 */
export function identifyCaller(
  headers: { get(name: string): string | undefined },
  keys: ApiKeys,
  anonymousAccess: boolean,
  clientAddress: string,
): IdentifiedCaller {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
  const key = bearer ?? headers.get('x-api-key')?.trim();
  if (key) {
    const identity = keys.lookup(key);
    if (!identity) throw unauthenticated('expected a valid API key, got an unknown one');
    return { identity, rateKey: `key:${identity.subject}` };
  }
  if (!anonymousAccess) throw unauthenticated('expected an API key in the Authorization (Bearer) or X-Api-Key header, got none');
  return { identity: ANONYMOUS, rateKey: `anonymous:${clientAddress}` };
}
