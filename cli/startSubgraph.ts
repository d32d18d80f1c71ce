import type { RunningSubgraph } from '../engine/catalog/startCatalogSubgraph';
import { startCatalogSubgraph } from '../engine/catalog/startCatalogSubgraph';
import { CATALOG_SUBGRAPH_NAME } from '../engine/catalog/catalogTypeDefs';
import type { TesseraConfig } from '../engine/config';
import { loadDomainRegistry } from '../engine/contract/checkDomainRegistry';
import { subgraphAddress } from '../engine/contract/domainRegistry';
import { loadContracts } from '../engine/contract/loadContracts';
import { openStore } from '../engine/storage/openStore';
import { createDomainSubgraph } from '../engine/server/createDomainSubgraph';

/**
 * Starts any subgraph of the hub by name: a domain's (generated from its contracts in `schema/<name>/`) or the
 * platform catalog (`platform`), on the port `schema/domains.yaml` declares for it unless `config.subgraphPort`
 * overrides it. No domain needs code of its own.
 * @throws ContractError when a contract or the registry is invalid; Error when the registry has no such subgraph.
 */
export async function startSubgraph(name: string, config: Readonly<TesseraConfig>): Promise<RunningSubgraph> {
  const registry = await loadDomainRegistry(config.schemaDir);
  const declared = subgraphAddress(registry, name);
  const port = config.subgraphPort ?? declared.port;
  if (name === CATALOG_SUBGRAPH_NAME) return startCatalogSubgraph(config, port);
  const contracts = await loadContracts(config.schemaDir);
  const store = openStore(config.store, { endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle });
  return createDomainSubgraph({ config, domain: name, contracts, store, port });
}
