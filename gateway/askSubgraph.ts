import type { CallerIdentity } from '../engine/auth/callerIdentity';
import { signRequest } from '../engine/auth/requestSignature';
import { httpPost } from './httpPost';

/** The identity the gateway uses for its own requests to subgraphs (readiness, supergraph checks). */
export const GATEWAY_IDENTITY: CallerIdentity = Object.freeze({ subject: 'tessera-gateway', scopes: [] });

/**
 * Sends one operation of the gateway's own to a subgraph, signed like every gateway request, and returns the HTTP
 * status and the parsed body.
 * @throws when the subgraph cannot be reached, answers too late, or answers something that is not JSON.
 */
export async function askSubgraph(url: string, secret: string, query: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const body = JSON.stringify({ query });
  const { pathname, search } = new URL(url);
  const signed = signRequest(secret, { method: 'POST', path: `${pathname}${search}`, body }, { identity: GATEWAY_IDENTITY, deadline: Date.now() + timeoutMs });
  const res = await httpPost(url, { 'content-type': 'application/json', ...signed }, body, timeoutMs);
  return { status: res.status, body: JSON.parse(res.body.toString('utf8')) as unknown };
}
