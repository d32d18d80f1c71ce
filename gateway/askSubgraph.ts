import type { CallerIdentity } from '../engine/auth/callerIdentity';
import { signIdentity } from '../engine/auth/requestSignature';
import { httpPost } from './httpPost';

/** The identity the gateway uses for its own requests to subgraphs (readiness, supergraph checks). */
export const GATEWAY_IDENTITY: CallerIdentity = Object.freeze({ subject: 'tessera-gateway', scopes: [] });

/**
 * Sends one operation of the gateway's own to a subgraph, signed like every gateway request, and returns the HTTP
 * status and the parsed body.
 * @throws when the subgraph cannot be reached, answers too late, or answers something that is not JSON.
 */
export async function askSubgraph(url: string, secret: string, query: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  const res = await httpPost(url, { 'content-type': 'application/json', ...signIdentity(secret, GATEWAY_IDENTITY) }, JSON.stringify({ query }), timeoutMs);
  return { status: res.status, body: JSON.parse(res.body.toString('utf8')) as unknown };
}
