import type { Logger } from 'pino';
import { loadContracts } from '../engine/contract/loadContracts';
import type { ObjectStore } from '../engine/storage/objectStore';
import type { GatewayConfig } from './gatewayConfig';
import { ProductRowBounds } from './productRowBounds';

/** How long the gateway waits at start for the first manifests before serving with what it has. */
const FIRST_READ_MS = 10_000;

/**
 * The row bounds of the products whose contracts are in `config.schemaDir`, with a first read of their manifests
 * awaited for at most ten seconds (a slow store only delays what the estimate knows, not the start). Without
 * readable contracts the gateway still starts, its estimate knowing no data.
 */
export async function productRowBounds(store: ObjectStore, config: Pick<GatewayConfig, 'schemaDir' | 'snapshotRefreshMs'>, logger: Logger): Promise<ProductRowBounds> {
  let contracts: Awaited<ReturnType<typeof loadContracts>> = [];
  try {
    contracts = await loadContracts(config.schemaDir);
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'no contracts for the row estimate: it counts pages as asked');
  }
  const bounds = ProductRowBounds.of(store, contracts, config.snapshotRefreshMs, logger);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([bounds.refreshAll(), new Promise<void>((resolve) => {
    timer = setTimeout(resolve, FIRST_READ_MS);
  })]);
  clearTimeout(timer);
  return bounds;
}
