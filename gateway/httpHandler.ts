import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Logger } from 'pino';
import { ErrorCode, TesseraError } from '../engine/errors';
import { writeErrorResponse, writeJson, writeMethodNotAllowed } from '../engine/http/errorResponse';
import { readBody } from '../engine/http/readBody';
import { matchesEtag } from './answerCache/answerEtag';
import type { CatalogPage } from './catalogPage/catalogPage';
import type { ExportCall } from './exportProxy';
import { EXPORTS_PATH } from './exportJobsRoute';
import type { OperationText } from './travelArguments';
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
  context: (headers: HeaderMap, requestId: string, clientAddress: string, operation?: OperationText) => Promise<GatewayContext>;
  /** Serves `POST /export` (see exportProxy.ts). */
  exportFile: (call: ExportCall, res: ServerResponse) => Promise<void>;
  /** `POST /exports`, `GET|DELETE /exports/<id>`, `GET /exports/<id>/file`: asynchronous export jobs. */
  exportJobs?: (method: string, path: string, call: ExportCall, res: ServerResponse) => Promise<void>;
  /**
   * Looks at a GraphQL request's document and variables before Apollo Server parses and validates them, and says why
   * they must be refused (see screenDocument.ts), or undefined.
   */
  screen?: (query: string | undefined, variables: unknown) => Refusal | undefined;
  /** The document registered for an automatic persisted query's hash (see persistedDocuments.ts). */
  persistedDocument?: (hash: string) => string | undefined;
  /** Serves the data health page on `/catalog` (see catalogPage.ts). */
  catalogPage?: CatalogPage;
}

/** Paths GraphQL (and GraphiQL, for browsers) is served on. */
export const GRAPHQL_PATHS = new Set(['/', '/graphql']);

/** The SHA-256 an automatic persisted query names in its `extensions`, if any. */
function persistedHash(extensions: unknown): string | undefined {
  const pq = extensions && typeof extensions === 'object' ? (extensions as { persistedQuery?: { sha256Hash?: unknown } }).persistedQuery : undefined;
  return typeof pq?.sha256Hash === 'string' ? pq.sha256Hash : undefined;
}

function parsedParam(search: URLSearchParams, name: string): unknown {
  try {
    return JSON.parse(search.get(name) ?? 'null');
  } catch {
    return undefined; // Apollo Server refuses it as it parses it
  }
}

/**
 * The document, variables and operation name of a GraphQL request as Apollo Server will read them, when there is
 * exactly one. A hash-only persisted query's document is the one registered for its hash; `query` is undefined when
 * none is (Apollo Server then answers PERSISTED_QUERY_NOT_FOUND and the client sends the document).
 */
function operationOf(
  method: string, search: URLSearchParams, body: unknown, registered: (hash: string) => string | undefined,
): (Omit<OperationText, 'query'> & { query: string | undefined }) | undefined {
  let fields: { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown };
  if (method === 'GET') {
    const queries = search.getAll('query');
    if (queries.length > 1) return undefined;
    fields = {
      query: queries[0], variables: parsedParam(search, 'variables'), operationName: search.get('operationName') ?? undefined,
      extensions: parsedParam(search, 'extensions'),
    };
  } else if (body && typeof body === 'object' && !Array.isArray(body)) {
    fields = body as typeof fields;
  } else return undefined;
  const { query, variables, operationName, extensions } = fields;
  if (typeof query === 'string') return { query, variables, operationName };
  const hash = query === undefined ? persistedHash(extensions) : undefined;
  return hash ? { query: registered(hash), variables, operationName } : undefined;
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
      writeErrorResponse(res, err);
    });
  };
}

async function handle(deps: HttpHandlerDeps, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname === '/livez' && (method === 'GET' || method === 'HEAD')) return writeJson(res, 200, { status: 'ok' });
  if (url.pathname === '/readyz' && (method === 'GET' || method === 'HEAD')) {
    const readiness = await deps.readiness();
    return writeJson(res, readiness.ready ? 200 : 503, readiness);
  }
  if (url.pathname === '/metrics' && method === 'GET') {
    res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
    res.end(await deps.metrics.registry.metrics());
    return;
  }
  if (url.pathname === '/export' && method !== 'POST') {
    return writeMethodNotAllowed(res, ['POST'], method, '/export with a JSON body');
  }
  if (deps.catalogPage?.serve(url.pathname, method, req.headers, res)) return;
  const isExport = url.pathname === '/export';
  const isJob = (url.pathname === EXPORTS_PATH || url.pathname.startsWith(`${EXPORTS_PATH}/`)) && deps.exportJobs !== undefined;
  if (!GRAPHQL_PATHS.has(url.pathname) && !isExport && !isJob) return writeErrorResponse(res, new TesseraError(ErrorCode.NOT_FOUND, `no route ${url.pathname}; GraphQL is served on /graphql`));

  const raw = await readBody(req, deps.maxBodyBytes);
  if (!raw) return writeErrorResponse(res, new TesseraError(ErrorCode.PAYLOAD_TOO_LARGE, `expected a request body of at most ${deps.maxBodyBytes} bytes, got more`));
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = raw.length ? raw.toString('utf8') : undefined;
  if (raw.length && /^application\/(graphql-response\+)?json\b/i.test(headers.get('content-type') ?? '')) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return writeErrorResponse(res, new TesseraError(ErrorCode.BAD_REQUEST, 'expected a JSON request body, got text that is not valid JSON'));
    }
  }
  const clientAddress = req.socket.remoteAddress ?? 'unknown';
  if (isExport) return deps.exportFile({ headers, body: raw, requestId, clientAddress }, res);
  if (isJob) return deps.exportJobs!(method, url.pathname, { headers, body: raw, requestId, clientAddress }, res);
  const { screen } = deps;
  const operation = operationOf(method, url.searchParams, body, deps.persistedDocument ?? (() => undefined));
  const refusal = screen && operation ? screen(operation.query, operation.variables) : undefined;
  if (refusal) return writeErrorResponse(res, { status: 400, ...refusal });
  const text = operation?.query !== undefined ? { ...operation, query: operation.query } : undefined;
  const result = await deps.server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: url.search, body },
    context: () => deps.context(headers, requestId, clientAddress, text),
  });
  // A cacheable answer the client already holds (its ETag in If-None-Match): 304 without a body.
  const etag = result.headers.get('etag');
  const notModified = etag !== undefined && (result.status ?? 200) === 200 && matchesEtag(headers.get('if-none-match'), etag);
  for (const [name, value] of result.headers) {
    if (!notModified || name !== 'content-type') res.setHeader(name, value);
  }
  res.statusCode = notModified ? 304 : result.status ?? 200;
  if (notModified) {
    res.end();
    return;
  }
  if (result.body.kind === 'complete') {
    res.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) res.write(chunk);
  res.end();
}
