import { CATALOG_SDL, CATALOG_SUBGRAPH_NAME } from '../engine/catalog/catalogTypeDefs';
import { loadDomainRegistry } from '../engine/contract/checkDomainRegistry';
import { declaredUrl, subgraphAddress } from '../engine/contract/domainRegistry';
import { listDomains, loadContracts } from '../engine/contract/loadContracts';
import { buildSubgraphSdl } from '../engine/sdl/buildSubgraphSdl';
import type { SubgraphSdl } from './composeSupergraph';

/**
 * The SDL of every subgraph of the hub, generated from the contracts under `schemaDir`: one per domain folder (the
 * same SDL `npm run schema:generate` commits and the domain subgraph serves) plus the platform catalog's, each with
 * its declared address from `schemaDir/domains.yaml`.
 * @throws ContractError when a contract or the registry is invalid, or the registry misses a domain (a folder named
 * like the platform catalog is one of the registry's findings).
 */
export async function subgraphSdls(schemaDir: string): Promise<SubgraphSdl[]> {
  const all = await loadContracts(schemaDir);
  const registry = await loadDomainRegistry(schemaDir);
  const domains = await listDomains(schemaDir);
  const url = (name: string): string => declaredUrl(subgraphAddress(registry, name));
  return [
    ...domains.map((domain) => ({ name: domain, sdl: buildSubgraphSdl(all.filter((c) => c.domain === domain), all), url: url(domain) })),
    { name: CATALOG_SUBGRAPH_NAME, sdl: CATALOG_SDL, url: url(CATALOG_SUBGRAPH_NAME) },
  ];
}
