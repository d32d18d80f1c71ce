import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningGateway } from '../../../gateway/startGateway';
import type { RunningHub } from '../../subgraph/helpers/startHub';
import { startHub } from '../../subgraph/helpers/startHub';
import type { GraphQLBody } from './startTestHub';

/** One request the gateway sent to a subgraph, as a network observer would have captured it. */
export interface CapturedRequest {
  subgraph: string;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The subgraph's answer, once it was passed back whole. */
  response?: Buffer;
}

/** The generated hub's subgraphs, the platform catalog and a gateway over the committed supergraph, in this process. */
export interface DataHub {
  hub: RunningHub;
  gateway: RunningGateway;
  /** Every request the gateway sent to a subgraph, in order. */
  captured: CapturedRequest[];
  /** The subgraphs' own URLs (not the recording proxies the gateway calls). */
  urls: Record<string, string>;
  ask(query: string, headers?: Record<string, string>, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLBody }>;
  stop(): Promise<void>;
}

/** A proxy in front of `target` recording each request before passing it on unchanged. */
async function recordingProxy(subgraph: string, target: string, captured: CapturedRequest[]): Promise<{ url: string; stop(): Promise<void> }> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry: CapturedRequest = { subgraph, method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body };
      captured.push(entry);
      const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const answered: Buffer[] = [];
        answer.on('data', (c: Buffer) => answered.push(c));
        answer.on('end', () => {
          entry.response = Buffer.concat(answered);
        });
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${to.pathname}`,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Starts the data hub; the gateway reaches every subgraph through a recording proxy. */
export async function startDataHub(env: Record<string, string> = {}): Promise<DataHub> {
  const captured: CapturedRequest[] = [];
  let urls: Record<string, string> = {};
  const hub = await startHub({
    gateway: {
      supergraphFile: 'schema/supergraph.graphql', env, options: { checkSupergraph: false },
      route: async (served) => {
        urls = served;
        const proxies = await Promise.all(Object.entries(served).map(async ([name, url]) => [name, await recordingProxy(name, url, captured)] as const));
        return {
          urls: Object.fromEntries(proxies.map(([name, p]) => [name, p.url])),
          stop: async () => { await Promise.allSettled(proxies.map(([, p]) => p.stop())); },
        };
      },
    },
  });
  const gateway = hub.gateway!;
  return {
    hub, gateway, captured, urls,
    async ask(query, headers = {}, variables) {
      const res = await fetch(gateway.url, {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: await res.json() as GraphQLBody };
    },
    stop: () => hub.stop(),
  };
}
