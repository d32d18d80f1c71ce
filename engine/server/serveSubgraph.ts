import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeErrorResponse } from '../http/errorResponse';
import { localUrl } from '../localUrl';
import { GRAPHQL_PATH } from './graphqlHttpHandler';

/** A subgraph listening for requests. */
export interface RunningSubgraph {
  name: string;
  /** `http://<host>:<port>/graphql`, the URL the gateway sends operations to. */
  url: string;
  /** Stops accepting requests, then releases what the subgraph holds; safe to call twice. */
  stop(): Promise<void>;
}

/** What {@link serveSubgraph} serves. */
export interface ServeOptions {
  name: string;
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Called with a request's unexpected failure (the client gets a masked 500). */
  onError?: (err: unknown) => void;
  /** Releases the subgraph's resources (Apollo Server, DuckDB, store clients) after the HTTP server closed. */
  close: () => Promise<void>;
}

/** How long a subgraph keeps an idle connection open (the gateway's agent closes its idle ones after 30 s). */
const SUBGRAPH_KEEP_ALIVE_MS = 65_000;

/**
 * Serves a subgraph's request handler over node `http`: an unexpected failure answers a masked 500
 * `INTERNAL_SERVER_ERROR`, and `stop()` closes the listener and open connections before `close`.
 */
export async function serveSubgraph(options: ServeOptions): Promise<RunningSubgraph> {
  const http = createServer((req, res) => {
    options.handler(req, res).catch((err: unknown) => {
      options.onError?.(err);
      writeErrorResponse(res, err);
    });
  });
  // Idle kept-alive connections from the gateway stay open well past its own idle timeout, so it is the gateway
  // that closes them, never a subgraph racing a request the gateway is sending.
  http.keepAliveTimeout = SUBGRAPH_KEEP_ALIVE_MS;
  http.headersTimeout = SUBGRAPH_KEEP_ALIVE_MS + 1_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  let stopping: Promise<void> | undefined;
  return {
    name: options.name,
    url: localUrl(options.host, (http.address() as AddressInfo).port, GRAPHQL_PATH),
    stop: () => (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await options.close();
    })()),
  };
}
