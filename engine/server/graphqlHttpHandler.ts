import { setMaxListeners } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { ReplayCache } from '../auth/replayCache';
import type { RequestClaims } from '../auth/requestSignature';
import { hasSignature, verifyRequest } from '../auth/requestSignature';
import { ErrorCode, TesseraError } from '../errors';
import { writeErrorResponse, writeJson, writeMethodNotAllowed } from '../http/errorResponse';
import { readBody } from '../http/readBody';
import type { SubgraphContext } from '../queryEngine/requestContext';
import { createRequestContext } from '../queryEngine/requestContext';

/** Serves a signed non-GraphQL request (an export) with its parsed JSON body and the gateway's verified claims. */
export type SignedRoute = (body: unknown, claims: RequestClaims, res: ServerResponse) => Promise<void>;

/** The path a subgraph serves GraphQL on. */
export const GRAPHQL_PATH = '/graphql';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

function refuse(res: ServerResponse, code: ErrorCode, message: string, status?: number): void {
  writeErrorResponse(res, status === undefined ? new TesseraError(code, message) : { status, code, message });
}

/** A signal aborted at the gateway's (signed) deadline. */
function deadlineSignal(at: number): AbortSignal {
  return AbortSignal.timeout(Math.min(Math.max(0, at - Date.now()), 24 * 3_600_000));
}

/** Aborted at the deadline or when the caller goes away before the answer is sent: its waiting SQL is dropped. */
function requestSignal(deadline: AbortSignal, res: ServerResponse): AbortSignal {
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  const signal = AbortSignal.any([deadline, gone.signal]);
  // Every statement of the request listens to it (while it waits, and while it runs): dozens for aliased fields.
  setMaxListeners(0, signal);
  return signal;
}

function unauthenticated(res: ServerResponse, reason: string): void {
  refuse(res, ErrorCode.UNAUTHENTICATED, `expected a request signed by the gateway, got one with a ${reason} signature`);
}

/**
 * A node `http` request handler serving an Apollo Server at {@link GRAPHQL_PATH}. Every request must carry the
 * gateway's signature (including `_service` and `_entities`) over its method, path, body and claims, made within the
 * signature window and never seen before by this process: otherwise HTTP 401 with an UNAUTHENTICATED error, before
 * any GraphQL work. `/healthz` answers without a signature, for process supervisors: `{ status: 'ok' }` and what
 * `health` adds (a domain subgraph: its lookup tables being built, attached, failed).
 */
export function graphqlHttpHandler(server: ApolloServer<SubgraphContext>, secret: string, routes: Record<string, SignedRoute> = {},
  replays: ReplayCache = new ReplayCache(), health: () => Record<string, unknown> = () => ({})) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://subgraph');
    if (url.pathname === '/healthz') return writeJson(res, 200, { status: 'ok', ...health() });
    const route = routes[url.pathname];
    if (url.pathname !== GRAPHQL_PATH && !route) return refuse(res, ErrorCode.NOT_FOUND, `expected a request to ${GRAPHQL_PATH}, got ${url.pathname}`);
    // Unsigned requests are refused before their body is read; the signature itself covers the body.
    if (!hasSignature(req.headers)) return unauthenticated(res, 'missing');
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === undefined) return refuse(res, ErrorCode.PAYLOAD_TOO_LARGE, `expected a body of at most ${MAX_BODY_BYTES} bytes, got more`);
    const verified = verifyRequest(secret, { method: req.method ?? 'GET', path: req.url ?? '/', body: raw, headers: req.headers }, replays);
    if (!verified.ok) return unauthenticated(res, verified.reason);
    const claims: RequestClaims = { identity: verified.identity, deadline: verified.deadline, pins: verified.pins };
    const text = raw.toString('utf8');
    if (route) {
      if (req.method !== 'POST') return writeMethodNotAllowed(res, ['POST'], req.method, url.pathname);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return refuse(res, ErrorCode.BAD_REQUEST, 'expected a JSON body, got text that does not parse as JSON');
      }
      return route(json, claims, res);
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = text;
    if ((headers.get('content-type') ?? '').includes('json') && text) {
      try {
        body = JSON.parse(text);
      } catch {
        return refuse(res, ErrorCode.BAD_REQUEST, 'expected a JSON body, got text that does not parse as JSON');
      }
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => createRequestContext(claims.identity, requestSignal(deadlineSignal(claims.deadline), res), claims.pins),
    });
    res.statusCode = response.status ?? 200;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
