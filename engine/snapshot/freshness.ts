import type { ProductContract } from '../contract/types';

/** A product's freshness against its SLO: `fresh`, past `warnAfter`, or past `errorAfter`. */
export type FreshnessStatus = 'fresh' | 'warn' | 'error';

/** Judges freshness from the latest snapshot's `publishedAt`; a product never published is `error`. */
export function freshnessOf(
  contract: Pick<ProductContract, 'freshness'>,
  publishedAt: string | undefined,
  now: number = Date.now(),
): FreshnessStatus {
  if (!publishedAt) return 'error';
  const age = now - Date.parse(publishedAt);
  if (age > contract.freshness.errorAfterMs) return 'error';
  if (age > contract.freshness.warnAfterMs) return 'warn';
  return 'fresh';
}
