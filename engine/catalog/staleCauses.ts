import type { ProductContract } from '../contract/types';
import { currentVersion, qualifiedName } from '../contract/types';
import type { FreshnessStatus } from '../snapshot/freshness';
import { freshnessOf } from '../snapshot/freshness';
import type { ProductCatalog } from './productCatalog';

/** One reason a product is stale. */
export interface StaleCause {
  reason: 'input_republished' | 'upstream_late';
  /** The input or upstream product causing it, `<domain>.<product>`. */
  product: string;
  version: number;
  /** Hops from the stale product. */
  distance: number;
  builtFromSnapshot?: string;
  latestSnapshot?: string;
  freshness?: FreshnessStatus;
  message: string;
}

/**
 * Why a product is stale, inputs first: each input of its latest built snapshot (its provenance) that has a newer
 * committed snapshot since; then each product upstream of it (transitively, through build inputs and declared
 * upstream) whose current version's latest snapshot is late against its own SLO (or was never published). Sources
 * outside the hub have no snapshots and are never a cause.
 * @throws TesseraError STORAGE_UNAVAILABLE when the store cannot be listed.
 */
export async function staleCauses(catalog: ProductCatalog, contract: ProductContract, now: number = Date.now()): Promise<StaleCause[]> {
  const id = qualifiedName(contract);
  const causes: StaleCause[] = [];
  const latest = await catalog.latest({ domain: contract.domain, product: contract.product, version: currentVersion(contract).version });
  for (const input of latest?.build?.inputs ?? []) {
    const [domain, product] = input.product.split('.') as [string, string];
    const newest = await catalog.latest({ domain, product, version: input.version });
    if (!newest || newest.snapshotId <= input.snapshotId) continue;
    causes.push({
      reason: 'input_republished', product: input.product, version: input.version, distance: 1,
      builtFromSnapshot: input.snapshotId, latestSnapshot: newest.snapshotId,
      message: `${input.product} v${input.version} has snapshot ${newest.snapshotId} (published ${newest.publishedAt}), newer than ` +
        `snapshot ${input.snapshotId} that ${id} snapshot ${latest!.snapshotId} was built from`,
    });
  }
  for (const [upstream, distance] of upstreamProducts(catalog, id)) {
    const c = catalog.product(upstream);
    if (!c) continue;
    const version = currentVersion(c).version;
    const m = await catalog.latest({ domain: c.domain, product: c.product, version });
    const freshness = freshnessOf(c, m?.publishedAt, now);
    if (freshness === 'fresh') continue;
    causes.push({
      reason: 'upstream_late', product: upstream, version, distance, latestSnapshot: m?.snapshotId, freshness,
      message: m
        ? `${upstream} v${version} is late: its latest snapshot ${m.snapshotId} was published ${m.publishedAt}, past its ${freshness === 'error' ? 'errorAfter' : 'warnAfter'} of ${freshness === 'error' ? c.freshness.errorAfter : c.freshness.warnAfter}`
        : `${upstream} v${version} is late: it has never been published`,
    });
  }
  return causes;
}

/** Products upstream of `id` through build inputs and declared upstream, with their distance, nearest first. */
function upstreamProducts(catalog: ProductCatalog, id: string): [string, number][] {
  const distance = new Map<string, number>([[id, 0]]);
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    for (const e of catalog.lineage.edgesInto.get(at) ?? []) {
      if (e.kind === 'reference' || distance.has(e.from)) continue;
      distance.set(e.from, distance.get(at)! + 1);
      queue.push(e.from);
    }
  }
  distance.delete(id);
  return [...distance].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}
