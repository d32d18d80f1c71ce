import { readConfig } from '../config';
import { listDomains, loadContracts } from '../contract/loadContracts';
import { openStore } from '../storage/openStore';
import type { RunningSubgraph } from './createDomainSubgraph';
import { conventionalPort } from './conventionalPort';
import { createDomainSubgraph } from './createDomainSubgraph';
import { runSubgraphProcess } from './runSubgraphProcess';

/**
 * The port of a domain's subgraph: env `TESSERA_SUBGRAPH_PORT` when set (0 = any free port), otherwise
 * the port convention ({@link conventionalPort}).
 * @throws Error for a port that is not a whole number from 0 to 65535.
 */
export function subgraphPort(env: NodeJS.ProcessEnv, basePort: number, domains: string[], domain: string): number {
  const raw = env.TESSERA_SUBGRAPH_PORT;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`TESSERA_SUBGRAPH_PORT: expected a whole number from 0 to 65535, got "${raw}"`);
    return n;
  }
  return conventionalPort(basePort, domains, domain);
}

/**
 * Starts a domain's subgraph as a process (see {@link runSubgraphProcess}): reads config and contracts once and
 * listens on {@link subgraphPort}.
 */
export function startDomainSubgraph(domain: string): Promise<RunningSubgraph> {
  return runSubgraphProcess(domain, async () => {
    const config = readConfig();
    const domains = await listDomains(config.schemaDir);
    if (!domains.includes(domain)) throw new Error(`expected a domain with contracts in ${config.schemaDir} (${domains.join(', ')}), got "${domain}"`);
    const contracts = await loadContracts(config.schemaDir);
    const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
    return createDomainSubgraph({ config, domain, contracts, store, port: subgraphPort(process.env, config.subgraphBasePort, domains, domain) });
  });
}
