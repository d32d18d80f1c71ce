import './promiseWithResolvers';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PgAggregatesPreset } from '@graphile/pg-aggregates';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';
import { MonthGroupByPlugin } from './monthGroupByPlugin';

/**
 * The benchmark's PostGraphile 5 server, run as its own process (like each Tessera process): the Amber preset over
 * the `public` schema of `TESSERA_BENCH_PG_URL`, with the connection filter and aggregates plugins, every column
 * filterable and orderable (PgIndexBehaviorsPlugin off, as PostGraphile 4 had it by default), on 127.0.0.1 port 0.
 * Reports `{ type: 'ready', url }` on its IPC channel; SIGTERM closes it.
 */
async function main(): Promise<void> {
  const connectionString = process.env.TESSERA_BENCH_PG_URL;
  if (!connectionString) throw new Error('expected TESSERA_BENCH_PG_URL, got none');
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
    plugins: [MonthGroupByPlugin],
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: Number(process.env.TESSERA_BENCH_PG_POOL ?? 10) } })],
    grafserv: { graphqlPath: '/graphql', graphiql: false },
  });
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  await serv.addTo(server);
  await pgl.getSchema();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  process.once('SIGTERM', () => {
    server.close();
    void Promise.resolve(pgl.release()).finally(() => process.exit(0));
  });
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}/graphql` });
}

main().catch((err: unknown) => {
  process.stderr.write(`postgraphile failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
