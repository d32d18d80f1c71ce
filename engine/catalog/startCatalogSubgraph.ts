import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError } from 'graphql';
import type { CallerIdentity } from '../auth/callerIdentity';
import { verifyIdentity } from '../auth/requestSignature';
import type { TesseraConfig } from '../config';
import { loadContracts } from '../contract/loadContracts';
import { ErrorCode } from '../errors';
import { SnapshotReader } from '../snapshot/snapshotReader';
import { openStore } from '../storage/openStore';
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

/** The context of one catalog request: the caller identity the gateway signed. */
interface CatalogContext { identity: CallerIdentity }

/**
 * Starts the platform's catalog subgraph: loads every contract under `config.schemaDir`, lists snapshots from
 * `config.store`, and serves {@link CATALOG_SDL} on `http://<host>:<port>/graphql`. Like every subgraph it refuses requests
 * whose identity headers the gateway did not sign with `config.gatewaySecret` (401, `UNAUTHENTICATED`).
 * @param port 0 picks a free port.
 * @throws ContractError when a contract is invalid.
 */
export async function startCatalogSubgraph(config: Readonly<TesseraConfig>, port: number): Promise<RunningSubgraph> {
  const contracts = await loadContracts(config.schemaDir);
  const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
  const catalog = new ProductCatalog(contracts, new SnapshotReader(store), { refreshMs: config.snapshotRefreshMs });
  const server = new ApolloServer<CatalogContext>({
    schema: buildSubgraphSchema({ typeDefs: catalogTypeDefs(), resolvers: catalogResolvers(catalog) }),
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // The gateway masks errors for clients; here unexpected errors are masked too, so no store detail leaks.
    formatError: (formatted) => {
      const code = formatted.extensions?.code;
      if (typeof code === 'string' && code in ErrorCode && code !== ErrorCode.INTERNAL_SERVER_ERROR) return formatted;
      if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_REQUEST') return formatted;
      return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    },
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: config.host },
    context: async ({ req }) => {
      const verdict = verifyIdentity(config.gatewaySecret, req.headers);
      if (!verdict.ok) {
        throw new GraphQLError(`expected a request signed by the gateway, got one with a ${verdict.reason} signature`, {
          extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
        });
      }
      return { identity: verdict.identity };
    },
  });
  return { name: 'platform', url: `${url.replace(/\/$/, '')}/graphql`, stop: () => server.stop() };
}
