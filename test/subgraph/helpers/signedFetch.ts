import type { CallerIdentity } from '../../../engine/auth/callerIdentity';
import type { RequestClaims } from '../../../engine/auth/requestSignature';
import { signRequest } from '../../../engine/auth/requestSignature';

/** A GraphQL response as the tests read it. */
export interface GqlResponse {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
  extensions?: { tessera?: { products: { product: string; version: number; snapshot: string; publishedAt: string; freshness: string }[] } };
}

/** The identity the tests use by default: may read pii. */
export const PII_READER: CallerIdentity = { subject: 'tester', scopes: ['pii'] };

/**
 * The headers of a request (a POST by default) of `body` to `url` signed as the gateway signs it: `claims` default to
 * a deadline a minute away and no pins.
 */
export function signedHeaders(url: string, body: string, identity: CallerIdentity, secret = 'test-secret',
  claims: Partial<Omit<RequestClaims, 'identity'>> = {}, method = 'POST'): Record<string, string> {
  const { pathname, search } = new URL(url);
  return { 'content-type': 'application/json',
    ...signRequest(secret, { method, path: `${pathname}${search}`, body }, { identity, deadline: Date.now() + 60_000, ...claims }) };
}

/** Posts a JSON body signed as the gateway would sign it (or unsigned with `identity: null`). */
export function signedPost(url: string, json: unknown, identity: CallerIdentity | null = PII_READER, secret = 'test-secret',
  claims: Partial<Omit<RequestClaims, 'identity'>> = {}): Promise<Response> {
  const body = JSON.stringify(json);
  const headers = identity ? signedHeaders(url, body, identity, secret, claims) : { 'content-type': 'application/json' };
  return fetch(url, { method: 'POST', headers, body });
}

/** Posts a GraphQL request signed as the gateway would sign it (or unsigned with `identity: null`). */
export async function gql(url: string, query: string, variables: Record<string, unknown> = {}, identity: CallerIdentity | null = PII_READER, secret = 'test-secret'): Promise<GqlResponse> {
  const res = await signedPost(url, { query, variables }, identity, secret);
  const body = (await res.json()) as Omit<GqlResponse, 'status'>;
  return { status: res.status, ...body };
}
