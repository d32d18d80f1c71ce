import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import pino from 'pino';
import type { TesseraConfig } from '../config';
import type { ProductContract } from '../contract/types';
import { EXPORT_PATH, exportHandler } from './exportHandler';
import type { ObjectStore } from '../storage/objectStore';
import { buildDomainModel } from '../model/domainModel';
import { domainSdl } from '../sdl/buildSubgraphSdl';
import { buildResolvers } from '../resolvers/buildResolvers';
import type { AdmitListener, QueryListener } from '../duckdb/connectionPool';
import { DuckDBExecutor } from '../duckdb/duckdbExecutor';
import { formatSubgraphError } from './formatSubgraphError';
import { graphqlHttpHandler } from './graphqlHttpHandler';
import type { SubgraphContext } from '../queryEngine/requestContext';
import type { RunningSubgraph } from './serveSubgraph';
import { serveSubgraph } from './serveSubgraph';
import { QueryEngine } from '../queryEngine/queryEngine';
import { tesseraExtensionsPlugin } from './tesseraExtensionsPlugin';

/** What it takes to run one domain subgraph. */
export interface DomainSubgraphOptions {
  config: Readonly<TesseraConfig>;
  domain: string;
  /** Every contract of the hub (the domain's own and those it references). */
  contracts: ProductContract[];
  store: ObjectStore;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Called after every SQL statement (tests count them). */
  onQuery?: QueryListener;
  /** Called when a statement is admitted to a DuckDB connection, in order (tests read the order). */
  onAdmit?: AdmitListener;
}

export type { RunningSubgraph } from './serveSubgraph';

/**
 * Builds a domain's subgraph from its contracts (the same SDL as `schema/<domain>/subgraph.graphql`) and serves it
 * over HTTP at `/graphql` on config.host. No usage or schema reporting, no inline traces, no landing page.
 */
export async function createDomainSubgraph(options: DomainSubgraphOptions): Promise<RunningSubgraph> {
  const { config } = options;
  const log = pino({ level: config.logLevel, base: { subgraph: options.domain } });
  const domain = buildDomainModel(options.contracts.filter((c) => c.domain === options.domain), options.contracts);
  // DuckDB spills beside the subgraph's cache folder, the one place a subgraph is known to be allowed to write.
  const executor = await DuckDBExecutor.open({
    threads: config.duckdbThreads, memoryLimit: config.duckdbMemoryLimit, tempDirectory: `${join(config.cacheDir, domain.domain)}.spill`,
    timeoutMs: config.queryTimeoutMs, onQuery: options.onQuery, onAdmit: options.onAdmit, connections: config.duckdbConnections,
    lookupTables: {
      dir: join(config.cacheDir, domain.domain, 'lookup'), maxRows: config.lookupTableMaxRows, wait: config.lookupTableWait, tempDirectory: `${join(config.cacheDir, domain.domain)}.spill`,
      onBuilt: (r) => {
        if (r.error) log.warn({ err: r.error, snapshot: r.id, retryInMs: r.retryInMs }, 'lookup table not built; lookups read parquet until it is built again');
        else log.info({ snapshot: r.id, rows: r.rows, buildMs: Math.round(r.buildMs), bytes: r.bytes }, 'lookup table attached');
      },
    },
    admission: {
      heavySlots: config.heavyStatements, heavyRows: config.heavyStatementRows,
      queueLimit: config.queryQueueLimit, callerQueueLimit: config.callerQueueLimit,
    },
  });
  const engine = QueryEngine.create({ config, store: options.store, domain, executor });
  const schema = buildSubgraphSchema({ typeDefs: parse(domainSdl(domain)), resolvers: buildResolvers(engine) });
  const production = config.mode === 'production';
  const server = new ApolloServer<SubgraphContext>({
    schema,
    includeStacktraceInErrorResponses: !production,
    formatError: formatSubgraphError(production, (err) => log.error({ err }, 'unexpected error')),
    plugins: [
      tesseraExtensionsPlugin(), ApolloServerPluginLandingPageDisabled(), ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(), ApolloServerPluginInlineTraceDisabled(),
      // Subgraphs set no cache hints; the default cache-control plugin would wrap every field resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await server.start();
  return serveSubgraph({
    name: options.domain, host: config.host, port: options.port,
    handler: graphqlHttpHandler(server, config.gatewaySecret, { [EXPORT_PATH]: exportHandler(engine) }, undefined, () => ({ lookupTables: executor.lookupTableStatus() })),
    onError: (err) => log.error({ err }, 'request failed'),
    close: async () => {
      await server.stop();
      engine.close();
    },
  });
}
