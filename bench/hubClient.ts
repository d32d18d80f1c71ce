import { Agent, request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { signRequest } from '../engine/auth/requestSignature';
import type { CallerIdentity } from '../engine/auth/callerIdentity';
import type { GraphQLRequest } from './queries/family';

/** Keep-alive connections, enough for the concurrent runs: the client must not be what is measured. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** The identity direct requests are signed with: the same grants as the benchmark's API key. */
export const BENCH_IDENTITY: CallerIdentity = { subject: 'benchmark', scopes: ['pii'] };

/** POSTs a body and resolves with the response (status, headers and the body stream unread). */
export function post(url: string, body: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, resolve);
    req.once('error', reject);
    req.end(body);
  });
}

async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends a GraphQL request and returns its `data`.
 * @throws Error when the status is not 200 or the answer carries errors (a benchmark of failures measures nothing).
 */
export async function graphql(url: string, req: GraphQLRequest, headers: RequestHeaders): Promise<unknown> {
  const sent = JSON.stringify(req);
  const res = await post(url, sent, { 'content-type': 'application/json', ...headers(url, sent) });
  const text = await readAll(res);
  let body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`expected a JSON answer from ${url}, got HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
  }
  if (res.statusCode !== 200 || body.errors?.length) {
    const first = body.errors?.[0];
    throw new Error(`expected an answer without errors from ${url}, got HTTP ${res.statusCode}: ${first ? `${first.extensions?.code ?? ''} ${first.message}` : text.slice(0, 200)}`);
  }
  return body.data;
}

/** The headers of one POST of `body` to `url`. */
export type RequestHeaders = (url: string, body: string) => Record<string, string>;

/**
 * Headers of a request to the gateway with the benchmark's API key. Unless `cached`, the request says
 * `Cache-Control: no-cache`, so the gateway asks the subgraphs instead of answering a repeated query from its answer
 * cache: the comparisons with DuckDB and PostGraphile measure the query path, not the cache.
 */
export function gatewayHeaders(apiKey: string, cached = false): RequestHeaders {
  const headers = { authorization: `Bearer ${apiKey}`, ...(cached ? {} : { 'cache-control': 'no-cache' }) };
  return () => headers;
}

/** Headers of a request straight to a subgraph, signed as the gateway signs them (over that body, once). */
export function signedHeaders(secret: string, timeoutMs = 600_000): RequestHeaders {
  return (url, body) => {
    const { pathname, search } = new URL(url);
    return signRequest(secret, { method: 'POST', path: `${pathname}${search}`, body }, { identity: BENCH_IDENTITY, deadline: Date.now() + timeoutMs });
  };
}
