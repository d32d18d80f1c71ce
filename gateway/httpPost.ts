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
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/**
 * POSTs a body with `node:http` over kept-alive connections and reads the whole answer, abandoning it (socket
 * destroyed) when headers and body together take longer than `timeoutMs`. Cheaper per request than `fetch`, whose
 * stream machinery showed up in the gateway's profile.
 * @throws HttpTimeoutError past the budget; the socket's error when the peer cannot be reached.
 */
export function httpPost(url: string, headers: Record<string, string>, body: string | Buffer, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = typeof body === 'string' ? Buffer.from(body) : body;
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(payload.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const timer = setTimeout(() => req.destroy(new HttpTimeoutError(timeoutMs)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(payload);
  });
}

/**
 * POSTs a body and resolves with the answer as a stream once its headers arrive, for answers too large to hold in
 * memory (exports). `timeoutMs` bounds the wait for the headers only; the body streams for as long as it takes.
 * @throws HttpTimeoutError when no headers came within the budget; the socket's error when the peer cannot be reached.
 */
export function httpPostStreaming(url: string, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      clearTimeout(timer);
      resolve(res);
    });
    const timer = setTimeout(() => req.destroy(new HttpTimeoutError(timeoutMs)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}
