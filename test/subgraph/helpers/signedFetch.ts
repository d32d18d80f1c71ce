import type { CallerIdentity } from '../../../engine/auth/callerIdentity';
import { signIdentity } from '../../../engine/auth/requestSignature';

/** A GraphQL response as the tests read it. */
export interface GqlResponse {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
  extensions?: { tessera?: { products: { product: string; version: number; snapshot: string; publishedAt: string; freshness: string }[] } };
}

/** The identity the tests use by default: may read pii. */
export const PII_READER: CallerIdentity = { subject: 'tester', scopes: ['pii'] };

/** Posts a GraphQL request signed as the gateway would sign it (or unsigned with `identity: null`). */
export async function gql(url: string, query: string, variables: Record<string, unknown> = {}, identity: CallerIdentity | null = PII_READER, secret = 'test-secret'): Promise<GqlResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(identity ? signIdentity(secret, identity) : {}) };
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as Omit<GqlResponse, 'status'>;
  return { status: res.status, ...body };
}
