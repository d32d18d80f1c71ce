import type { FreshnessStatus } from './freshness';

/**
 * What a response says it served, one entry per product version read: the list under
 * `extensions.tessera.products` in every subgraph and gateway response.
 */
export interface ServedProduct {
  /** `<domain>.<product>` */
  product: string;
  version: number;
  snapshot: string;
  publishedAt: string;
  freshness: FreshnessStatus;
}
