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

/** Whether a value read from a subgraph's answer (JSON) is a {@link ServedProduct}: its product, version and snapshot. */
export function isServedProduct(p: unknown): p is ServedProduct {
  const o = p as Partial<ServedProduct> | null;
  return !!o && typeof o.product === 'string' && typeof o.version === 'number' && typeof o.snapshot === 'string';
}
