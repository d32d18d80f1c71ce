import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { TesseraConfig } from '../config';
import { loadContracts } from '../contract/loadContracts';
import { ErrorCode } from '../errors';
import { SnapshotReader } from '../snapshot/snapshotReader';
import { openStore } from '../storage/openStore';
import { formatSubgraphError } from '../subgraph/formatSubgraphError';
import { GRAPHQL_PATH, graphqlHttpHandler } from '../subgraph/graphqlHttpHandler';
import type { SubgraphContext } from '../subgraph/requestContext';
import { catalogResolvers } from './catalogResolvers';
import { catalogTypeDefs } from './catalogTypeDefs';
import { ProductCatalog } from './productCatalog';

/** A running catalog subgraph. */
export interface RunningSubgraph {
  name: string;
  /** The URL the gateway sends operations to. */
  url: string;
  /** Stops accepting requests and closes the server once in-flight requests finish. */
  stop(): Promise<void>;
}

/**
 * Starts the platform's catalog subgraph: loads every contract under `config.schemaDir`, lists snapshots from
 * `config.store`, and serves {@link CATALOG_SDL} on `http://<host>:<port>/graphql` through the domain subgraphs' HTTP
 * handler: like every subgraph it refuses requests the gateway did not sign with `config.gatewaySecret` (401,
 * `UNAUTHENTICATED`) and answers `/healthz` for supervisors.
 * @param port 0 picks a free port.
 * @throws ContractError when a contract is invalid.
 */
export async function startCatalogSubgraph(config: Readonly<TesseraConfig>, port: number): Promise<RunningSubgraph> {
  const contracts = await loadContracts(config.schemaDir);
  const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
  const catalog = new ProductCatalog(contracts, new SnapshotReader(store), { refreshMs: config.snapshotRefreshMs });
  const server = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchema({ typeDefs: catalogTypeDefs(), resolvers: catalogResolvers(catalog) }),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled()],
    // The gateway masks errors for clients; here unexpected errors are masked too, so no store detail leaks.
    formatError: formatSubgraphError(true, () => undefined),
  });
  await server.start();
  const handler = graphqlHttpHandler(server, config.gatewaySecret);
  const http = createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, config.host, () => resolve());
  });
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${(http.address() as AddressInfo).port}${GRAPHQL_PATH}`;
  let stopping: Promise<void> | undefined;
  return {
    name: 'platform',
    url,
    stop: () => (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await server.stop();
      (store as { destroy?: () => void }).destroy?.();
    })()),
  };
}
