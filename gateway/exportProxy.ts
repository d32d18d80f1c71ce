import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { signRequest } from '../engine/auth/requestSignature';
import type { SnapshotPins } from '../engine/snapshot/snapshotPins';
import { pinsOfDomain } from '../engine/snapshot/snapshotPins';
import { ErrorCode, TesseraError } from '../engine/errors';
import { writeErrorResponse } from '../engine/http/errorResponse';
import { EXPORT_ROWS_HEADER, SERVED_PRODUCTS_HEADER } from '../engine/server/exportHandler';
import { negotiateExportFormat } from '../engine/query/negotiateExportFormat';
import type { ServedProduct } from '../engine/snapshot/servedProduct';
import { isServedProduct } from '../engine/snapshot/servedProduct';
import type { ReportedUsage } from '../engine/usage/reportedUsage';
import { parseReportedUsage, USAGE_HEADER } from '../engine/usage/reportedUsage';
import type { GatewayContext } from './gatewayContext';
import { httpPostStreaming } from './httpPost';

/** What the export route needs from the gateway. */
export interface ExportProxyDeps {
  /** The same caller identification and rate limiting as GraphQL requests (throws GraphQLError with an HTTP status). */
  context: (headers: HeaderMap, requestId: string, clientAddress: string) => Promise<GatewayContext>;
  /** The GraphQL URL of a subgraph by name, undefined for an unknown one. */
  subgraphUrl: (name: string) => string | undefined;
  secret: string;
  /** How long to wait for the subgraph to start answering. */
  timeoutMs: number;
  /** The headers saying an export read deprecated versions (see deprecationNotices.ts), none otherwise. */
  deprecation?: (served: ServedProduct[]) => Record<string, string>;
  /** Told of every export the subgraph answered, once its file was passed on (or failed): for the usage log. */
  onExported?: (ctx: GatewayContext, usage: ReportedUsage, ok: boolean) => void;
}

/** One export request as the HTTP layer read it. */
export interface ExportCall {
  headers: HeaderMap;
  body: Buffer;
  requestId: string;
  clientAddress: string;
}

const PASSED_HEADERS = ['content-type', 'content-length', 'content-disposition', SERVED_PRODUCTS_HEADER, EXPORT_ROWS_HEADER];

/** The products a subgraph's export says it read (its `x-tessera-products` header), none when unreadable. */
export function servedOf(header: string | undefined): ServedProduct[] {
  try {
    const parsed: unknown = JSON.parse(header ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isServedProduct) : [];
  } catch {
    return [];
  }
}

/** An export request ready to send to its subgraph: the body (with the format `Accept` chose) and where it goes. */
export interface PreparedExport {
  body: Buffer;
  domain: string;
  /** The product asked for, `<domain>.<product>`. */
  product: string;
  /** The subgraph's `/export` URL. */
  target: URL;
}

/**
 * The context of a non-GraphQL call (an export, an export job), or undefined once its refusal (an unknown key, a
 * rate limit: a GraphQLError with its HTTP status) has been answered.
 * @throws what is not a refusal, for the caller's error handling.
 */
export async function contextOrRefusal(context: ExportProxyDeps['context'], call: ExportCall, res: ServerResponse): Promise<GatewayContext | undefined> {
  try {
    return await context(call.headers, call.requestId, call.clientAddress);
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    writeErrorResponse(res, err);
    return undefined;
  }
}

/**
 * Checks an export request's body and routes it: a JSON object naming `<domain>.<product>` of a served domain; the
 * `Accept` header chooses the format when the body does not (the body sent on says which, so it is signed).
 * @throws TesseraError BAD_USER_INPUT, NOT_ACCEPTABLE or PRODUCT_NOT_FOUND.
 */
export function prepareExport(call: Pick<ExportCall, 'headers' | 'body'>, subgraphUrl: (name: string) => string | undefined): PreparedExport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TesseraError(ErrorCode.BAD_USER_INPUT, 'expected a JSON object body such as {"product": "sales.orders", "format": "parquet"}, got something else');
  }
  let body = call.body;
  const format = negotiateExportFormat((parsed as { format?: unknown }).format, call.headers.get('accept'));
  if (format && (parsed as { format?: unknown }).format === undefined) body = Buffer.from(JSON.stringify({ ...parsed, format }));
  const asked = (parsed as { product?: unknown }).product;
  const product = typeof asked === 'string' ? asked : '';
  const domain = product.split('.')[0] ?? '';
  const url = domain && domain !== 'platform' ? subgraphUrl(domain) : undefined;
  if (!url) throw new TesseraError(ErrorCode.PRODUCT_NOT_FOUND, `expected "product" to name a published product as "<domain>.<product>", got ${JSON.stringify(asked)}`);
  return { body, domain, product, target: new URL(url.replace(/\/graphql$/, '/export')) };
}

/**
 * Sends a prepared export to its subgraph, signed with the caller's identity and `pins` (the domain's), and returns
 * the streaming answer.
 * @throws TesseraError SUBGRAPH_UNAVAILABLE when the subgraph does not answer.
 */
export async function askSubgraphExport(deps: Pick<ExportProxyDeps, 'secret' | 'timeoutMs'>, ctx: Pick<GatewayContext, 'identity' | 'requestId' | 'logger'>,
  prepared: PreparedExport, pins: SnapshotPins): Promise<IncomingMessage> {
  const { body, domain, target } = prepared;
  try {
    // Signed over this body and path, with the request's pin of the product: the export reads the same snapshot as
    // any GraphQL request that arrived with it, and the signature cannot be reused for another export.
    const signed = signRequest(deps.secret, { method: 'POST', path: `${target.pathname}${target.search}`, body },
      { identity: ctx.identity, deadline: Date.now() + deps.timeoutMs, pins: pinsOfDomain(pins, domain) });
    return await httpPostStreaming(target.href, { 'content-type': 'application/json', 'x-request-id': ctx.requestId, ...signed }, body, deps.timeoutMs);
  } catch {
    ctx.logger.warn({ subgraph: domain }, 'export: subgraph unavailable');
    throw new TesseraError(ErrorCode.SUBGRAPH_UNAVAILABLE, `the ${domain} subgraph did not answer; try again later`);
  }
}

/**
 * `POST /export`: identifies and rate-limits the caller like any GraphQL request, then forwards the body, signed with
 * the caller's identity and the request's snapshot pins, to the subgraph of the product's domain and streams its file back. The subgraph validates
 * the request and enforces column grants; the gateway only routes, so it never buffers the file. What the
 * subgraph says it read (its `x-tessera-usage` header, not passed on) goes to `onExported`.
 */
export async function proxyExport(deps: ExportProxyDeps, call: ExportCall, res: ServerResponse): Promise<void> {
  const ctx = await contextOrRefusal(deps.context, call, res);
  if (!ctx) return;
  let prepared: PreparedExport;
  let upstream: IncomingMessage;
  try {
    prepared = prepareExport(call, deps.subgraphUrl);
    upstream = await askSubgraphExport(deps, ctx, prepared, ctx.pins);
  } catch (err) {
    return writeErrorResponse(res, err);
  }
  const headers: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  Object.assign(headers, deps.deprecation?.(servedOf(headers[SERVED_PRODUCTS_HEADER])));
  res.writeHead(upstream.statusCode ?? 502, headers);
  const ok = (upstream.statusCode ?? 502) < 300;
  const usage = parseReportedUsage(typeof upstream.headers[USAGE_HEADER] === 'string' ? upstream.headers[USAGE_HEADER] : undefined);
  try {
    await pipeline(upstream, res);
  } catch (err) {
    deps.onExported?.(ctx, usage, false);
    throw err;
  }
  deps.onExported?.(ctx, usage, ok);
}
