import { readConfig } from '../config';
import { listDomains, loadContracts } from '../contract/loadContracts';
import { openStore } from '../storage/openStore';
import type { RunningSubgraph } from './createDomainSubgraph';
import { createDomainSubgraph } from './createDomainSubgraph';

/**
 * The port of a domain's subgraph: env `TESSERA_SUBGRAPH_PORT` when set (0 = any free port), otherwise
 * config.subgraphBasePort plus the domain's index among the sorted domains.
 * @throws Error for a port that is not a whole number from 0 to 65535.
 */
export function subgraphPort(env: NodeJS.ProcessEnv, basePort: number, domains: string[], domain: string): number {
  const raw = env.TESSERA_SUBGRAPH_PORT;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`TESSERA_SUBGRAPH_PORT: expected a whole number from 0 to 65535, got "${raw}"`);
    return n;
  }
  return basePort + Math.max(0, domains.indexOf(domain));
}

/**
 * Starts a domain's subgraph as a process: reads config and contracts once, listens, logs its URL, tells a parent
 * process `{ type: 'ready', name, url }` over IPC when there is a channel, and stops cleanly on SIGTERM/SIGINT.
 * Startup errors (bad config, invalid contract, unknown domain) stop the process with a clear message.
 */
export async function startDomainSubgraph(domain: string): Promise<RunningSubgraph> {
  try {
    const config = readConfig();
    const domains = await listDomains(config.schemaDir);
    if (!domains.includes(domain)) throw new Error(`expected a domain with contracts in ${config.schemaDir} (${domains.join(', ')}), got "${domain}"`);
    const contracts = await loadContracts(config.schemaDir);
    const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
    const running = await createDomainSubgraph({ config, domain, contracts, store, port: subgraphPort(process.env, config.subgraphBasePort, domains, domain) });
    console.log(`subgraph ${domain} ready at ${running.url}`);
    process.send?.({ type: 'ready', name: domain, url: running.url });
    const shutdown = (): void => {
      running.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
    return running;
  } catch (err) {
    console.error(`subgraph ${domain} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
