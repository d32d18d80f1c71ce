import { join } from 'node:path';
import { listDomains, loadContracts } from '../contract/loadContracts';
import { buildSubgraphSdl } from './buildSubgraphSdl';

/** The committed SDL file of a domain: `<schemaDir>/<domain>/subgraph.graphql`. */
export function subgraphSdlPath(schemaDir: string, domain: string): string {
  return join(schemaDir, domain, 'subgraph.graphql');
}

/**
 * The SDL every domain under `schemaDir` should have committed, keyed by file path. Generated from the contracts
 * alone, so it is the same on every machine.
 * @throws ContractError when a contract is invalid.
 */
export async function expectedSubgraphSdlFiles(schemaDir: string): Promise<Map<string, string>> {
  const all = await loadContracts(schemaDir);
  const out = new Map<string, string>();
  for (const domain of await listDomains(schemaDir)) {
    out.set(subgraphSdlPath(schemaDir, domain), buildSubgraphSdl(all.filter((c) => c.domain === domain), all));
  }
  return out;
}
