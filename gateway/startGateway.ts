import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLError } from 'graphql';
import pino from 'pino';
import type { Logger } from 'pino';
import { DEVELOPMENT_SECRET, isLoopbackHost } from '../engine/config';
import { ErrorCode } from '../engine/errors';
import { localUrl } from '../engine/localUrl';
import { loadContracts } from '../engine/contract/loadContracts';
import type { ProductContract } from '../engine/contract/types';
import { qualifiedName } from '../engine/contract/types';
import type { FreshnessStatus } from '../engine/snapshot/freshness';
import { freshnessOf } from '../engine/snapshot/freshness';
import type { ServedProduct } from '../engine/snapshot/servedProduct';
import { SnapshotIndex } from '../engine/snapshot/snapshotIndex';
import { SnapshotReader } from '../engine/snapshot/snapshotReader';
import { openStore } from '../engine/storage/openStore';
import { aliasLimitRule } from './aliasLimitRule';
import { watchApiKeysFile } from './apiKeysFile';
import { loadCatalogPage } from './catalogPage/catalogPage';
import { CallerLimits } from './callerLimits';
import { deprecationHeaders, deprecationNotices } from './deprecationNotices';
import { deprecationPlugin } from './deprecationPlugin';
import { depthLimitRule } from './depthLimitRule';
import { ProductRowBounds } from './productRowBounds';
import { rowLimitPlugin } from './rowLimitPlugin';
import type { RowLimitOptions } from './rowLimitPlugin';
import { DocumentStore } from './documentStore';
import { proxyExport } from './exportProxy';
import type { GatewayConfig } from './gatewayConfig';
import { subgraphUrl } from './gatewayConfig';
import type { GatewayContext } from './gatewayContext';
import { GatewayMetrics } from './gatewayMetrics';
import { graphiqlLandingPagePlugin } from './graphiqlLandingPagePlugin';
import { gatewayHttpHandler } from './httpHandler';
import { identifyCaller } from './identifyCaller';
import { knownOperationTypesRule } from './knownOperationTypesRule';
import { maskError } from './maskError';
import { observabilityPlugin } from './observabilityPlugin';
import { rateLimitPlugin } from './rateLimitPlugin';
import { RateLimiter } from './rateLimiter';
import { checkReadiness } from './readiness';
import { screenRequest } from './screenRequest';
import { servedProductsPlugin } from './servedProductsPlugin';
import { AnswerCache } from './answerCache/answerCache';
import { answerCacheControl } from './answerCache/answerCacheControl';
import { answerCachePlugin } from './answerCachePlugin';
import { PersistedDocuments } from './persistedDocuments';
import { trustedDocumentsPlugin } from './trustedDocumentsPlugin';
import { RequestPins } from './requestPins';
import { ExportJobs } from './exportJobs';
import { exportJobsRoute } from './exportJobsRoute';
import type { OperationText } from './travelArguments';
import { TravelPins } from './travelPins';
import { checkSupergraph } from './supergraphCheck';
import type { SupergraphCheck } from './supergraphCheck';
import type { SupergraphFileManager } from './supergraphFileManager';
import { SupergraphRejectedError, supergraphFileManager } from './supergraphFileManager';
import { subgraphsOf } from './subgraphsOf';
import { TesseraDataSource } from './tesseraDataSource';
import { usageTypeIndex } from './usageFields';
import { exportUsage, usagePlugin } from './usagePlugin';
import { UsageRecorder } from './usageRecorder';
import { buildProductModels } from '../engine/model/productModel';

/** A running gateway. */
export interface RunningGateway {
  /** `http://<host>:<port>/graphql` */
  url: string;
  port: number;
  metrics: GatewayMetrics;
  supergraph: SupergraphFileManager;
  /** Appends the usage aggregated so far to the store's usage log now (it is flushed every `usageFlushMs` anyway). */
  flushUsage(): Promise<void>;
  /** Stops accepting requests, lets in-flight ones finish, stops watching the supergraph file. */
  stop(): Promise<void>;
}

/** Options of {@link startGateway}. */
export interface StartGatewayOptions {
  /** Overrides `config.gatewayPort` (0 picks a free port). */
  port?: number;
  logger?: Logger;
  /** Compare the supergraph with what the running subgraphs serve before serving it. @default true */
  checkSupergraph?: boolean;
}

/**
 * Starts the gateway: `@apollo/gateway` over the supergraph file (followed as it changes), each subgraph at the URL
 * the supergraph records for it (its declared address) unless `TESSERA_SUBGRAPH_URLS` names another, requests to
 * subgraphs signed with the caller identity and pinned to one snapshot per product version, API keys and rate
 * limits, depth and alias limits, CSRF prevention, no HTTP batching, a request deadline, masked errors, offline GraphiQL, the
 * data health page on `/catalog`, `/livez`,
 * `/readyz` and `/metrics`. No call home: Apollo telemetry and reporting are off.
 * @throws SupergraphRejectedError when the supergraph file is missing, invalid or stale; Error for a bad keys file.
 */
export async function startGateway(config: Readonly<GatewayConfig>, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'gateway' } });
  const metrics = new GatewayMetrics();
  const keys = await watchApiKeysFile(config.apiKeysFile, config.apiKeysPollMs, logger);
  const limiter = new RateLimiter();
  const limits = new CallerLimits({ requestsPerMinute: config.rateLimitPerMinute, rowsPerMinute: config.rowsPerMinute }, limiter, () => metrics.rateLimited.inc());
  const authFailures = { limiter, perMinute: config.authFailuresPerMinute };
  const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
  // One snapshot per product version per request: chosen here, carried to every subgraph fetch of the request.
  const contracts = await loadContracts(config.schemaDir);
  // The contracts in force by product id, reloaded with the supergraph: each product's freshness SLO, which versions
  // are deprecated, and their successors.
  let byProduct: ReadonlyMap<string, ProductContract> = new Map(contracts.map((c) => [qualifiedName(c), c]));
  const reader = new SnapshotReader(store);
  const snapshots = new RequestPins(contracts, new SnapshotIndex(reader, { refreshMs: config.snapshotRefreshMs }), {
    onError: (ref, err) => logger.warn({ err, product: `${ref.domain}.${ref.product}`, version: ref.version }, 'listing snapshots failed; keeping the previous pin'),
  });
  // A request with `asOf` or `snapshot` reads every product it reaches as of that instant.
  const models = buildProductModels(contracts);
  const travel = new TravelPins(models, snapshots, reader);
  // The row estimate reads the manifests of the snapshots each request pinned.
  const bounds = new ProductRowBounds(models, reader, logger);
  // Usage: aggregated in memory, appended to the store's usage log by a timer.
  let usageIndex = usageTypeIndex(models);
  const usage = config.usageFlushMs > 0 ? new UsageRecorder({ store, flushMs: config.usageFlushMs, logger }) : undefined;
  // A cached answer reports each product's freshness as of now, from its contract's SLO.
  const freshness = (p: ServedProduct): FreshnessStatus => {
    const contract = byProduct.get(p.product);
    return contract ? freshnessOf(contract, p.publishedAt) : p.freshness;
  };
  const rowEstimate: RowLimitOptions = {
    maxRows: config.maxQueryRows, defaultPageSize: config.defaultPageSize, maxGroups: config.maxPageSize,
    data: (context) => bounds.forRequest(context.pins),
  };

  // Each subgraph is reached at its own URL: configured, else the declared address the supergraph records.
  const reach = (sdl: string): { name: string; url: string }[] => subgraphsOf(sdl).map((s) => ({ name: s.name, url: subgraphUrl(config, s.name, s.url) }));
  let served: { name: string; url: string }[] = [];
  const manager = supergraphFileManager({
    file: config.supergraphFile, pollMs: config.supergraphPollMs, logger, metrics,
    check: async (sdl): Promise<SupergraphCheck> => {
      // A supergraph may declare deployment URLs: another machine must not trust the published development secret.
      const remote = config.gatewaySecret === DEVELOPMENT_SECRET && reach(sdl).find((s) => !isLoopbackHost(new URL(s.url).hostname));
      if (remote) throw new SupergraphRejectedError(`expected a secret of your own (TESSERA_GATEWAY_SECRET) for subgraph ${remote.name}, which is not on loopback`);
      return options.checkSupergraph === false ? { verdict: 'match' }
        : checkSupergraph(sdl, reach(sdl), config.gatewaySecret, Math.min(config.subgraphTimeoutMs, 5000));
    },
  });
  let servedSdl = '';
  const gateway = new ApolloGateway({
    supergraphSdl: manager,
    logger: logger.child({ component: 'apollo-gateway' }),
    buildService: ({ name, url }) => new TesseraDataSource({
      name, url: subgraphUrl(config, name, url ?? ''), secret: config.gatewaySecret, timeoutMs: config.subgraphTimeoutMs, metrics,
    }),
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    const changed = servedSdl !== '' && servedSdl !== coreSupergraphSdl;
    servedSdl = coreSupergraphSdl;
    served = reach(coreSupergraphSdl);
    // A new supergraph may serve new products: pin them too (until then their subgraph picks their latest itself).
    if (changed) {
      loadContracts(config.schemaDir).then((loaded) => {
        snapshots.setContracts(loaded);
        const reloaded = buildProductModels(loaded);
        travel.setModels(reloaded);
        bounds.setModels(reloaded);
        byProduct = new Map(loaded.map((c) => [qualifiedName(c), c]));
        usageIndex = usageTypeIndex(reloaded);
      },
        (err: unknown) => logger.warn({ err }, 'reloading the contracts for snapshot pins failed; pinning the previous set'));
    }
  });

  // Automatic persisted queries: Apollo Server speaks the protocol, the screen reads a hash's document from here.
  const persisted = new PersistedDocuments(config.apqCacheBytes);
  // Where an export goes: the URL of the named subgraph in the supergraph being served.
  const servedUrl = (name: string): string | undefined => served.find((s) => s.name === name)?.url;
  const httpServer = createServer();
  httpServer.requestTimeout = config.requestTimeoutMs + 5000;
  const server = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    parseOptions: { maxTokens: config.maxTokens },
    validationRules: [knownOperationTypesRule(), depthLimitRule(config.maxQueryDepth), aliasLimitRule(config.maxAliases)],
    documentStore: new DocumentStore(metrics, config.documentCacheBytes),
    persistedQueries: { cache: persisted },
    formatError: maskError(logger, config.mode),
    logger: logger.child({ component: 'apollo-server' }),
    plugins: [
      ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      graphiqlLandingPagePlugin({ endpoint: '/graphql' }), servedProductsPlugin(), deprecationPlugin(() => byProduct),
      observabilityPlugin(metrics),
      answerCachePlugin({
        cache: config.answerCacheBytes > 0 ? new AnswerCache(config.answerCacheBytes) : undefined, metrics, freshness,
        cacheControl: (ctx) => answerCacheControl(ctx.identity, ctx.pins),
      }),
      trustedDocumentsPlugin(),
      rowLimitPlugin(rowEstimate),
      rateLimitPlugin(limits, rowEstimate),
      ...(usage ? [usagePlugin(usage, () => usageIndex)] : []),
    ],
  });
  await server.start();

  const context = async (headers: HeaderMap, requestId: string, clientAddress: string, operation?: OperationText): Promise<GatewayContext> => {
    let caller;
    try {
      caller = identifyCaller(headers, keys.current(), config.anonymousAccess, clientAddress, authFailures);
    } catch (err) {
      if ((err as GraphQLError).extensions?.code === ErrorCode.RATE_LIMITED) metrics.rateLimited.inc();
      throw err;
    }
    const standing = limits.admit(caller);
    return {
      identity: caller.identity, trustedDocuments: caller.trustedDocuments, requestId, logger: logger.child({ requestId }), limits: standing,
      deadline: Date.now() + config.requestTimeoutMs, pins: await travel.forRequest(operation), products: [], subgraphs: new Set(),
    };
  };
  // Asynchronous exports keep their state in the store: a job outlives the gateway that started it.
  const jobs = new ExportJobs({
    store, secret: config.gatewaySecret, timeoutMs: config.exportTimeoutMs, logger: logger.child({ component: 'export-jobs' }),
    subgraphUrl: servedUrl, retentionMs: config.exportJobRetentionMs, maxRunningPerCaller: config.exportJobsPerCaller,
    // A job's export counts from when the job was asked for.
    onExported: usage ? (job, reported, ok) => exportUsage(usage, Date.parse(job.createdAt), job.owner, reported, ok) : undefined,
  });
  httpServer.on('request', gatewayHttpHandler({
    server, metrics, logger, maxBodyBytes: config.maxBodyBytes, screen: screenRequest(config, metrics),
    persistedDocument: (hash) => persisted.documentFor(hash), catalogPage: await loadCatalogPage(),
    readiness: async () => {
      const result = await checkReadiness(store, served, config.gatewaySecret);
      const rejection = manager.lastRejection();
      return { ...result, ready: result.ready && servedSdl !== '', supergraph: rejection ? `serving the previous one; rejected a change: ${rejection}` : 'ok' };
    },
    context,
    // A subgraph answers an export once DuckDB has written the whole file: wait as long as an export may take.
    exportJobs: (method, path, call, res) => exportJobsRoute(jobs, context, method, path, call, res),
    exportFile: (call, res) => {
      const at = Date.now();
      return proxyExport({
        context, secret: config.gatewaySecret, timeoutMs: config.exportTimeoutMs,
        subgraphUrl: servedUrl,
        deprecation: (products) => deprecationHeaders(deprecationNotices(byProduct, products)),
        onExported: usage && ((ctx, reported, ok) => exportUsage(usage, at, ctx.identity.subject, reported, ok)),
      }, call, res);
    },
  }));
  const port = options.port ?? config.gatewayPort;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, config.host, () => resolve());
  });
  const actual = (httpServer.address() as AddressInfo).port;
  logger.info({ port: actual }, 'gateway listening');
  return {
    url: localUrl(config.host, actual, '/graphql'),
    port: actual,
    metrics,
    supergraph: manager,
    flushUsage: async () => usage?.flush(),
    stop: async () => {
      keys.stop();
      jobs.close();
      await server.stop();
      await usage?.stop();
      (store as { destroy?: () => void }).destroy?.();
    },
  };
}
