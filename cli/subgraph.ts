/**
 * One subgraph of the hub as a process, by name: `tsx cli/subgraph.ts <domain>` (or `platform` for the catalog), the
 * same as `tessera serve <name>`. It listens on the port `schema/domains.yaml` declares (env `TESSERA_SUBGRAPH_PORT`
 * overrides it), reports `{ type: 'ready', name, url }` over IPC when started by another process, and stops on
 * SIGTERM, SIGINT or its parent going away (see runSubgraphProcess).
 */
import { readConfig } from '../engine/config';
import { runSubgraphProcess } from '../engine/server/runSubgraphProcess';
import { startSubgraph } from './startSubgraph';

const name = process.argv[2] ?? '';
void runSubgraphProcess(name || '(none)', async () => {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`expected a subgraph name (a domain folder in schema/, or platform) as the argument, got "${name}"`);
  return startSubgraph(name, readConfig());
});
