import { readConfig } from '../../engine/config';
import { listDomains } from '../../engine/contract/loadContracts';
import { startCatalogSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import type { RunningSubgraph } from '../../engine/catalog/startCatalogSubgraph';

/**
 * The platform's catalog subgraph: which data products exist, their owners, versions, columns, snapshots, freshness,
 * quality results and lineage. Listens on `TESSERA_SUBGRAPH_PORT` (0 picks a free port; unset: the port after the
 * domain subgraphs'); with an IPC channel it
 * reports `{ type: 'ready', name: 'platform', url }` once listening.
 */
export async function startPlatformSubgraph(env: NodeJS.ProcessEnv = process.env): Promise<RunningSubgraph> {
  const config = readConfig(env);
  const raw = env.TESSERA_SUBGRAPH_PORT;
  // Without a port the catalog takes the one after the domains' (TESSERA_SUBGRAPH_BASE_PORT + number of domains).
  const port = raw === undefined || raw === '' ? config.subgraphBasePort + (await listDomains(config.schemaDir)).length : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`TESSERA_SUBGRAPH_PORT: expected a whole number from 0 to 65535, got "${raw}"`);
  }
  return startCatalogSubgraph(config, port);
}

if (require.main === module) {
  startPlatformSubgraph().then((running) => {
    process.stdout.write(`platform subgraph listening on ${running.url}\n`);
    process.send?.({ type: 'ready', name: running.name, url: running.url });
    const stop = (): void => {
      running.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.once('disconnect', stop);
  }, (err: unknown) => {
    process.stderr.write(`platform subgraph failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
