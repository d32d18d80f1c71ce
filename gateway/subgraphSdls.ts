import { CATALOG_SDL, CATALOG_SUBGRAPH_NAME } from '../engine/catalog/catalogTypeDefs';
import { listDomains, loadContracts } from '../engine/contract/loadContracts';
import { buildSubgraphSdl } from '../engine/subgraph/buildSubgraphSdl';
import type { SubgraphSdl } from './composeSupergraph';

/**
 * The SDL of every subgraph of the hub, generated from the contracts under `schemaDir`: one per domain folder (the
 * same SDL `npm run schema:generate` commits and the domain subgraph serves) plus the platform catalog's.
 * @throws ContractError when a contract is invalid.
 */
export async function subgraphSdls(schemaDir: string): Promise<SubgraphSdl[]> {
  const all = await loadContracts(schemaDir);
  const domains = await listDomains(schemaDir);
  if (domains.includes(CATALOG_SUBGRAPH_NAME)) {
    throw new Error(`expected no domain named "${CATALOG_SUBGRAPH_NAME}" (the platform catalog's subgraph name), found schema/${CATALOG_SUBGRAPH_NAME}/`);
  }
  return [
    ...domains.map((domain) => ({ name: domain, sdl: buildSubgraphSdl(all.filter((c) => c.domain === domain), all) })),
    { name: CATALOG_SUBGRAPH_NAME, sdl: CATALOG_SDL },
  ];
}
