import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** A whole HTTP answer, read into memory. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Thrown when the answer did not arrive, headers and body, within the time budget. */
export class HttpTimeoutError extends Error {
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
    this.name = 'HttpTimeoutError';
  }
}

// Subgraphs are few and long-lived: keep their connections open instead of a handshake per request.
// Idle ones close after 30 s, before the subgraphs' own 65 s idle timeout (engine/subgraph/serveSubgraph.ts).
const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 30_000 });

/**
 * POSTs a body with `node:http` over kept-alive connections and reads the whole answer, abandoning it (socket
 * destroyed) when headers and body together take longer than `timeoutMs`. Cheaper per request than `fetch`, whose
 * stream machinery showed up in the gateway's profile.
 * @throws HttpTimeoutError past the budget; the socket's error when the peer cannot be reached.
 */
export async function httpPost(url: string, headers: Record<string, string>, body: string | Buffer, timeoutMs: number): Promise<HttpAnswer> {
  const deadline = Date.now() + timeoutMs;
  const res = await httpPostStreaming(url, headers, typeof body === 'string' ? Buffer.from(body) : body, timeoutMs);
  // The rest of the budget covers the body.
  const timer = setTimeout(() => res.destroy(new HttpTimeoutError(timeoutMs)), Math.max(0, deadline - Date.now()));
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * POSTs a body and resolves with the answer as a stream once its headers arrive, for answers too large to hold in
 * memory (exports). `timeoutMs` bounds the wait for the headers only; the body streams for as long as it takes.
 * @throws HttpTimeoutError when no headers came within the budget; the socket's error when the peer cannot be reached.
 */
export function httpPostStreaming(url: string, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<IncomingMessage> {
  const deadline = Date.now() + timeoutMs;
  const attempt = (retried: boolean): Promise<IncomingMessage> => new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    const timer = setTimeout(() => req.destroy(new HttpTimeoutError(timeoutMs)), Math.max(0, deadline - Date.now()));
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      // A kept-alive socket the subgraph closed as idle just as this request went out: the subgraph never read the
      // request, so it is sent once more on a fresh connection (the signature's nonce was never seen).
      if (!retried && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) resolve(attempt(true));
      else reject(err);
    });
    req.end(body);
  });
  return attempt(false);
}
