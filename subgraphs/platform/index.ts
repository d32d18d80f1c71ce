/**
 * The platform's catalog subgraph: which data products exist, their owners, versions, columns, snapshots, freshness,
 * quality results and lineage. Listens on `TESSERA_SUBGRAPH_PORT`, by default the port after the domain subgraphs'.
 */
import { startCatalogSubgraph } from '../../engine/catalog/startCatalogSubgraph';
import { readConfig } from '../../engine/config';
import { listDomains } from '../../engine/contract/loadContracts';
import { runSubgraphProcess } from '../../engine/subgraph/runSubgraphProcess';
import { subgraphPort } from '../../engine/subgraph/startDomainSubgraph';

void runSubgraphProcess('platform', async () => {
  const config = readConfig();
  const domains = await listDomains(config.schemaDir);
  return startCatalogSubgraph(config, subgraphPort(process.env, config.subgraphBasePort, domains, 'platform'));
});
