import { CATALOG_SUBGRAPH_NAME } from '../catalog/catalogTypeDefs';

/**
 * The port convention every process of a hub follows when no URLs are configured: the domains in name order on
 * `basePort + i`, the platform catalog right after the last domain.
 */
export function conventionalPort(basePort: number, domains: readonly string[], name: string): number {
  const sorted = domains.filter((d) => d !== CATALOG_SUBGRAPH_NAME).sort();
  return basePort + (name === CATALOG_SUBGRAPH_NAME ? sorted.length : Math.max(0, sorted.indexOf(name)));
}
