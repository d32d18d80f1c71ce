import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { SubgraphResolverMap } from '../../../engine/resolvers/subgraphResolverMap';
import { parse } from 'graphql';
import type { CallerIdentity } from '../../../engine/auth/callerIdentity';
import { ReplayCache } from '../../../engine/auth/replayCache';
import { verifyRequest } from '../../../engine/auth/requestSignature';

/** The SDL of the probe subgraph; `extra` adds fields to its Query type (to make a schema that differs). */
export function probeSdl(extra = ''): string {
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
type Query {
  whoami: Caller
  slow(ms: Int!): String
  failing: String
  served: String
${extra}}
type Caller { subject: String! scopes: [String!]! products: [String!] requestId: String deadline: String }
`;
}

interface ProbeContext { identity: CallerIdentity; requestId?: string; deadline?: string; served: boolean }

/** A running probe subgraph. */
export interface Probe { url: string; stop(): Promise<void>; requests: number }

/**
 * A small subgraph for gateway tests: it checks the gateway's signature like every subgraph, echoes the identity
 * and headers it received, can be slow or fail on demand, and reports a served product in its extensions.
 */
export async function startProbeSubgraph(secret: string, extra = '', port = 0): Promise<Probe> {
  const probe: Probe = { url: '', stop: async () => undefined, requests: 0 };
  const extraFields = Object.fromEntries([...extra.matchAll(/^\s*(\w+)\s*:/gm)].map((m) => [m[1]!, () => 'extra']));
  const resolvers: SubgraphResolverMap = {
    Query: {
      whoami: (_: unknown, __: unknown, ctx: ProbeContext) => ({ ...ctx.identity, requestId: ctx.requestId, deadline: ctx.deadline }),
      slow: async (_: unknown, args: { ms: number }) => {
        await new Promise((r) => setTimeout(r, args.ms).unref());
        return 'done';
      },
      failing: () => {
        throw new Error('connect ECONNREFUSED 10.1.2.3:5432 at http://db.internal:5432/x');
      },
      served: (_: unknown, __: unknown, ctx: ProbeContext) => {
        ctx.served = true;
        return 'yes';
      },
      ...extraFields,
    },
  };
  const server = new ApolloServer<ProbeContext>({
    schema: buildSubgraphSchema({ typeDefs: parse(probeSdl(extra)), resolvers: resolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled(), {
      async requestDidStart() {
        return {
          async willSendResponse({ response, contextValue }) {
            if (response.body.kind !== 'single' || !contextValue.served) return;
            response.body.singleResult.extensions = { tessera: { products: [
              { product: 'probe.things', version: 1, snapshot: '20260101T000000000Z-abcdef', publishedAt: '2026-01-01T00:00:00.000Z', freshness: 'fresh' },
            ] } };
          },
        };
      },
    }],
  });
  await server.start();
  const replays = new ReplayCache();
  const http = createServer((req, res) => {
    void (async () => {
      probe.requests += 1;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const verdict = verifyRequest(secret, { method: req.method ?? 'GET', path: req.url ?? '/', body: raw, headers: req.headers }, replays);
      if (!verdict.ok) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: `unsigned: ${verdict.reason}`, extensions: { code: 'UNAUTHENTICATED' } }] }));
        return;
      }
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: '', body: JSON.parse(raw.toString('utf8')) as unknown },
        context: async () => ({ identity: verdict.identity, requestId: req.headers['x-request-id'] as string | undefined, deadline: String(verdict.deadline), served: false }),
      });
      res.statusCode = response.status ?? 200;
      for (const [name, value] of response.headers) res.setHeader(name, value);
      if (response.body.kind === 'complete') res.end(response.body.string);
      else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', () => resolve()));
  probe.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  probe.stop = async () => {
    await new Promise<void>((resolve) => {
      http.close(() => resolve());
      http.closeAllConnections();
    });
    await server.stop();
  };
  return probe;
}
