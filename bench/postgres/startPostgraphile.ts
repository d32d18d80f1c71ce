import type { HubProcess } from '../../cli/hubProcess';
import { startProcess } from '../../cli/hubProcess';

/**
 * Starts the benchmark's PostGraphile server (`bench/postgres/postgraphileServer.ts`) as its own process over a
 * PostgreSQL connection string, in production mode, with a pool of `poolSize` connections (enough for the concurrent
 * clients). Resolves once it has built its schema and listens; the process's `url` is its GraphQL endpoint.
 * @throws Error (with the tail of its output) when it exits or does not report ready within 60 s.
 */
export function startPostgraphile(options: { repoRoot: string; connectionString: string; poolSize: number; nodeFlags?: string[] }): Promise<HubProcess> {
  return startProcess({
    name: 'postgraphile', entry: 'bench/postgres/postgraphileServer.ts', readyTimeoutMs: 60_000, nodeFlags: options.nodeFlags,
    env: {
      PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, NODE_ENV: 'production', GRAPHILE_ENV: 'production',
      TESSERA_BENCH_PG_URL: options.connectionString, TESSERA_BENCH_PG_POOL: String(options.poolSize),
    },
  }, options.repoRoot);
}
