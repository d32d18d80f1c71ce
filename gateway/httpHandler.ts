import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';
import type { CatalogPage } from './catalogPage/catalogPage';
import type { ExportCall } from './exportProxy';
import type { GatewayContext } from './gatewayContext';
import type { GatewayMetrics } from './gatewayMetrics';
import type { Refusal } from './screenDocument';

/** What the HTTP layer needs from the rest of the gateway. */
export interface HttpHandlerDeps {
  server: ApolloServer<GatewayContext>;
  metrics: GatewayMetrics;
  logger: Logger;
  maxBodyBytes: number;
  /** The body of `/readyz` and whether the gateway is ready. */
  readiness: () => Promise<{ ready: boolean } & Record<string, unknown>>;
  /** Builds the GraphQL context of one request (identifies the caller, applies the rate limit; may throw). */
  context: (headers: HeaderMap, requestId: string, clientAddress: string) => Promise<GatewayContext>;
  /** Serves `POST /export` (see exportProxy.ts). */
  exportFile: (call: ExportCall, res: ServerResponse) => Promise<void>;
  /**
   * Looks at a GraphQL request's document and variables before Apollo Server parses and validates them, and says why
   * they must be refused (see screenDocument.ts), or undefined.
   */
  screen?: (query: string, variables: unknown) => Refusal | undefined;
  /** Serves the data health page on `/catalog` (see catalogPage.ts). */
  catalogPage?: CatalogPage;
}

/** Paths GraphQL (and GraphiQL, for browsers) is served on. */
export const GRAPHQL_PATHS = new Set(['/', '/graphql']);

/**
 * Reads a request body of at most `max` bytes; resolves `undefined` as soon as it is known to be larger (from its
 * `content-length`, or once more arrived). The rest of a too-large body is then read and dropped rather than the
 * connection destroyed, so the client receives the 413 instead of a reset (Node drains it once the answer is sent).
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      done();
      // Keep the stream flowing with nothing listening: the remaining bytes are read and dropped.
      req.resume();
      resolve(undefined);
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function requestError(res: ServerResponse, status: number, message: string, code = 'BAD_REQUEST'): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

/** The document and variables of a GraphQL request as Apollo Server will read them, when there is exactly one. */
function operationOf(method: string, search: URLSearchParams, body: unknown): { query: string; variables: unknown } | undefined {
  if (method === 'GET') {
    const queries = search.getAll('query');
    if (queries.length !== 1) return undefined;
    let variables: unknown;
    try {
      variables = JSON.parse(search.get('variables') ?? 'null');
    } catch {
      variables = undefined; // Apollo Server refuses it as it parses it
    }
    return { query: queries[0]!, variables };
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const { query, variables } = body as { query?: unknown; variables?: unknown };
    if (typeof query === 'string') return { query, variables };
  }
  return undefined;
}

/**
 * The gateway's node:http handler: `/livez`, `/readyz`, `/metrics`, `POST /export`, the data health page on
 * `/catalog`, and GraphQL on `/` and `/graphql` through Apollo Server (GraphiQL for browsers, via the landing page).
 * Every response carries `x-request-id`.
 */
export function gatewayHttpHandler(deps: HttpHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    handle(deps, req, res, requestId).catch((err: unknown) => {
      deps.logger.error({ requestId, err: (err as Error).message }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.destroy();
    });
  };
}

async function handle(deps: HttpHandlerDeps, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname === '/livez' && (method === 'GET' || method === 'HEAD')) return sendJson(res, 200, { status: 'ok' });
  if (url.pathname === '/readyz' && (method === 'GET' || method === 'HEAD')) {
    const readiness = await deps.readiness();
    return sendJson(res, readiness.ready ? 200 : 503, readiness);
  }
  if (url.pathname === '/metrics' && method === 'GET') {
    res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
    res.end(await deps.metrics.registry.metrics());
    return;
  }
  if (url.pathname === '/export' && method !== 'POST') {
    return sendJson(res, 405, { errors: [{ message: `expected POST to /export with a JSON body, got ${method}`, extensions: { code: 'BAD_REQUEST' } }] }, { allow: 'POST' });
  }
  if (deps.catalogPage?.serve(url.pathname, method, req.headers, res)) return;
  const isExport = url.pathname === '/export';
  if (!GRAPHQL_PATHS.has(url.pathname) && !isExport) return sendJson(res, 404, { errors: [{ message: `no route ${url.pathname}; GraphQL is served on /graphql` }] });

  const raw = await readBody(req, deps.maxBodyBytes);
  if (!raw) return requestError(res, 413, `expected a request body of at most ${deps.maxBodyBytes} bytes, got more`);
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = raw.length ? raw.toString('utf8') : undefined;
  if (raw.length && /^application\/(graphql-response\+)?json\b/i.test(headers.get('content-type') ?? '')) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return requestError(res, 400, 'expected a JSON request body, got text that is not valid JSON');
    }
  }
  const clientAddress = req.socket.remoteAddress ?? 'unknown';
  if (isExport) return deps.exportFile({ headers, body: raw, requestId, clientAddress }, res);
  const { screen } = deps;
  const operation = screen ? operationOf(method, url.searchParams, body) : undefined;
  const refusal = screen && operation ? screen(operation.query, operation.variables) : undefined;
  if (refusal) return requestError(res, 400, refusal.message, refusal.code);
  const result = await deps.server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: url.search, body },
    context: () => deps.context(headers, requestId, clientAddress),
  });
  for (const [name, value] of result.headers) res.setHeader(name, value);
  res.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}
