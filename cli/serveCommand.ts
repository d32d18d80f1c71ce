import type { Command } from 'commander';
import { readConfig } from '../engine/config';
import { runSubgraphProcess } from '../engine/server/runSubgraphProcess';
import { startSubgraph } from './startSubgraph';

/** `tessera serve <name>`: runs one subgraph of the hub (a domain, or `platform`) until stopped. */
export function serveCommand(program: Command): void {
  program.command('serve')
    .description('run one subgraph (a domain in schema/, or platform) on its port from schema/domains.yaml')
    .argument('<name>', 'the domain, or platform for the catalog of data products')
    .action(async (name: string) => {
      await runSubgraphProcess(name, () => startSubgraph(name, readConfig()));
    });
}
