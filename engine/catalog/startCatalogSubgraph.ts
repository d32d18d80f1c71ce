import { ApolloServer } from '@apollo/server';
import pino from 'pino';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { join } from 'node:path';
import type { TesseraConfig } from '../config';
import { isLocalDevelopment } from '../config';
import { loadContracts } from '../contract/loadContracts';
import { openDuckDB } from '../duckdb/openDuckDB';
import { DeliveryLog } from '../governance/deliveryLog';
import { hubLineage } from '../lineage/hubLineage';
import { SnapshotIndex } from '../snapshot/snapshotIndex';
import { SnapshotReader } from '../snapshot/snapshotReader';
import { openStore } from '../storage/openStore';
import { SubscriptionStore } from '../subscriptions/subscriptionStore';
import { UsageReader } from '../usage/usageReader';
import { formatSubgraphError } from '../server/formatSubgraphError';
import { graphqlHttpHandler } from '../server/graphqlHttpHandler';
import type { SubgraphContext } from '../queryEngine/requestContext';
import type { RunningSubgraph } from '../server/serveSubgraph';
import { serveSubgraph } from '../server/serveSubgraph';
import { catalogResolvers } from './catalogResolvers';
import { catalogTypeDefs } from './catalogTypeDefs';
import { governanceResolvers } from './governanceResolvers';
import { mergeResolvers } from './mergeResolvers';
import { subscriptionResolvers } from './subscriptionResolvers';
import { usageResolvers } from './usageResolvers';
import { followContracts } from './followContracts';
import { ProductCatalog } from './productCatalog';

export type { RunningSubgraph } from '../server/serveSubgraph';

/**
 * Starts the platform's catalog subgraph: loads every contract under `config.schemaDir`, extracts the lineage of
 * those built from SQL, lists snapshots from `config.store` (the monitor's outbox, the usage log and the webhook
 * subscriptions there), and serves {@link CATALOG_SDL} on `http://<host>:<port>/graphql` through the domain subgraphs' HTTP
 * handler: like every subgraph it refuses requests the gateway did not sign with `config.gatewaySecret` (401,
 * `UNAUTHENTICATED`) and answers `/healthz` for supervisors.
 * @param port 0 picks a free port.
 * @throws ContractError when a contract is invalid.
 */
export async function startCatalogSubgraph(config: Readonly<TesseraConfig>, port: number): Promise<RunningSubgraph> {
  const contracts = await loadContracts(config.schemaDir);
  const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
  // Usage questions run DuckDB over the usage log's parquet files; lineage is extracted once at start with the same
  // DuckDB's parser, and again when the contracts change.
  const duck = await openDuckDB({ threads: config.duckdbThreads, memoryLimit: config.duckdbMemoryLimit });
  const lineage = await hubLineage(duck.connection, contracts).catch((err: unknown) => {
    duck.close();
    throw err;
  });
  const usage = new UsageReader(store, duck.connection, join(config.cacheDir, 'platform-usage'));
  const catalog = new ProductCatalog(contracts, new SnapshotIndex(new SnapshotReader(store), { refreshMs: config.snapshotRefreshMs }), { lineage, usage });
  // A domain added (its contracts written under the schema folder) shows in the catalog without a restart.
  const log = pino({ level: config.logLevel, base: { subgraph: 'platform' } });
  const unfollow = config.contractsPollMs > 0 ? await followContracts({
    schemaDir: config.schemaDir, pollMs: config.contractsPollMs, logger: log,
    apply: async (loaded) => catalog.reload(loaded, await hubLineage(duck.connection, loaded)),
  }) : () => undefined;
  const resolvers = mergeResolvers(catalogResolvers(catalog), governanceResolvers(new DeliveryLog(store, config.webhookLeaseMs)), usageResolvers(catalog, usage),
    subscriptionResolvers(catalog, new SubscriptionStore(store, config.gatewaySecret), isLocalDevelopment(config.mode, config.host)));
  const server = new ApolloServer<SubgraphContext>({
    schema: buildSubgraphSchema({ typeDefs: catalogTypeDefs(), resolvers }),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled()],
    // The gateway masks errors for clients; here unexpected errors are masked too, so no store detail leaks.
    formatError: formatSubgraphError(true, () => undefined),
  });
  await server.start();
  return serveSubgraph({
    name: 'platform', host: config.host, port,
    handler: graphqlHttpHandler(server, config.gatewaySecret),
    close: async () => {
      unfollow();
      await server.stop();
      duck.close();
      (store as { destroy?: () => void }).destroy?.();
    },
  });
}
