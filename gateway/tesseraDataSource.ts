import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { DEADLINE_HEADER, claimHeaders, signHeaders } from '../engine/auth/requestSignature';
import { ErrorCode } from '../engine/errors';
import { isServedProduct } from '../engine/snapshot/servedProduct';
import { isScanUsage } from '../engine/usage/scanUsage';
import type { GatewayContext } from './gatewayContext';
import type { GatewayMetrics } from './gatewayMetrics';
import { AnswerResponse } from './answerResponse';
import type { FetcherResponse } from './answerResponse';
import { httpPost, HttpTimeoutError } from './httpPost';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;

/** Header carrying the request id to subgraphs. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** Options of a {@link TesseraDataSource}. */
export interface TesseraDataSourceOptions {
  /** Subgraph name, as in the supergraph. */
  name: string;
  url: string;
  /** Secret the identity headers are signed with. */
  secret: string;
  /** A fetch slower than this is abandoned. */
  timeoutMs: number;
  metrics: GatewayMetrics;
}

/** Why a fetch failed, for the client message and the metric label. */
type Failure = 'timeout' | 'http_error' | 'unreachable';

class FetchFailure extends Error {
  constructor(readonly failure: Failure, readonly detail: string, readonly status?: number) {
    super(detail);
  }
}

/** Whether an HTTP body is a GraphQL response with errors (`{ "errors": [ … ] }`). */
function hasGraphQLErrors(body: Buffer): boolean {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: unknown };
    return Array.isArray(parsed.errors) && parsed.errors.length > 0;
  } catch {
    return false;
  }
}

/**
 * How the gateway talks to one subgraph: every request carries the caller identity, the deadline and the request's
 * snapshot pins (every product's: a reference reads its target's key column),, signed with the gateway secret together with the method, path and body
 * (each signature is accepted once), and the request id; a fetch slower than the timeout (or past the request deadline) is abandoned; a
 * subgraph that is down, slow or answering non-2xx costs only its fields, with a `SUBGRAPH_UNAVAILABLE` error naming
 * the subgraph (never its URL or host). The `extensions.tessera.products` and `usage` of each response are collected into the
 * request context for the client response.
 */
export class TesseraDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly options: TesseraDataSourceOptions;

  constructor(options: TesseraDataSourceOptions) {
    super({ url: options.url });
    this.options = options;
    this.fetcher = this.timedFetch.bind(this);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    // The claims go out as headers now; the fetcher signs them together with the final body. Every pin goes: a
    // subgraph also reads the key column of the products its references point to, in the request's snapshot.
    const claims = claimHeaders({ identity: context.identity, deadline: context.deadline, pins: context.pins });
    for (const [name, value] of Object.entries(claims)) headers.set(name, value);
    if (context.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    context.subgraphs?.add(this.options.name);
  }

  override didReceiveResponse({ response, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>>[0]) {
    const tessera = response.extensions?.tessera as { products?: unknown; usage?: unknown } | undefined;
    if (Array.isArray(tessera?.products)) context.products?.push(...tessera.products.filter(isServedProduct));
    if (Array.isArray(tessera?.usage)) (context.scans ??= []).push(...tessera.usage.filter(isScanUsage));
    return response;
  }

  override didEncounterError(error: Error, _req: unknown, _res?: FetcherResponse, context?: GatewayContext): never {
    const { name, timeoutMs } = this.options;
    const failure = error instanceof FetchFailure ? error : new FetchFailure('http_error', error.message);
    context?.logger?.warn({ subgraph: name, failure: failure.failure, detail: failure.detail }, 'subgraph fetch failed');
    const reason = failure.failure === 'timeout' ? `it did not answer within ${timeoutMs} ms or before the request deadline`
      : failure.failure === 'unreachable' ? 'it could not be reached'
        : `it answered HTTP ${failure.status ?? 'with an unreadable response'}`;
    throw new GraphQLError(`subgraph "${name}" is unavailable: ${reason}; its fields are null in this response`, {
      extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: name },
    });
  }

  private async timedFetch(url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> {
    const deadline = Number(init.headers?.[DEADLINE_HEADER] ?? Number.POSITIVE_INFINITY);
    const budget = Math.max(0, Math.min(this.options.timeoutMs, deadline - Date.now()));
    const started = process.hrtime.bigint();
    const observe = (outcome: string): void => {
      this.options.metrics.subgraphFetchDuration.observe({ subgraph: this.options.name, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    };
    try {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(init.headers ?? {})) if (typeof value === 'string') headers[name] = value;
      const body = typeof init.body === 'string' ? init.body : init.body?.toString('utf8') ?? '';
      const { pathname, search } = new URL(url);
      Object.assign(headers, signHeaders(this.options.secret, { method: 'POST', path: `${pathname}${search}`, body }, headers));
      const res = await httpPost(url, headers, body, budget);
      const ok = res.status >= 200 && res.status < 300;
      // A 4xx carrying GraphQL errors is the subgraph refusing this operation (a bad argument value, a forbidden
      // product): a normal answer whose errors and codes go to the client, not an unavailable subgraph.
      const refused = !ok && res.status < 500 && res.status !== 401 && hasGraphQLErrors(res.body);
      observe(ok ? 'ok' : refused ? 'refused' : 'http_error');
      if (!ok && !refused) throw new FetchFailure('http_error', `HTTP ${res.status}: ${res.body.toString('utf8').slice(0, 500)}`, res.status);
      return new AnswerResponse(url, res, refused ? 200 : res.status);
    } catch (err) {
      if (err instanceof FetchFailure) throw err;
      const timedOut = err instanceof HttpTimeoutError;
      observe(timedOut ? 'timeout' : 'unreachable');
      const e = err as Error & { code?: string };
      throw new FetchFailure(timedOut ? 'timeout' : 'unreachable', `${e.name}: ${e.message}${e.code ? ` (${e.code})` : ''}`);
    }
  }
}
