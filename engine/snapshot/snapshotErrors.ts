import { ErrorCode, TesseraError } from '../errors';
import type { ProductVersionRef } from './snapshotLayout';

/** How a client is told which data failed: product, version and snapshot, never a path, bucket or host. */
function named(ref: ProductVersionRef, snapshotId?: string): string {
  return `${ref.domain}.${ref.product} v${ref.version}${snapshotId ? ` snapshot ${snapshotId}` : ''}`;
}

/** The same as `extensions` fields: `product`, `version` and, when known, `snapshot`. */
function details(ref: ProductVersionRef, snapshotId?: string): Record<string, unknown> {
  return { product: `${ref.domain}.${ref.product}`, version: ref.version, ...(snapshotId ? { snapshot: snapshotId } : {}) };
}

/**
 * DATA_CORRUPT for a committed snapshot whose data or manifest is damaged. `problem` says what was expected and what
 * was found, naming files by their name in the snapshot only.
 */
export function dataCorrupt(ref: ProductVersionRef, snapshotId: string, problem: string): TesseraError {
  return new TesseraError(ErrorCode.DATA_CORRUPT,
    `${named(ref, snapshotId)} is damaged and is not served: ${problem}; it stays unavailable until a new snapshot is published or the damaged one is repaired`,
    details(ref, snapshotId));
}

/**
 * STORAGE_UNAVAILABLE for a store that could not be read; `cause` (with the store's own message, paths and hosts)
 * stays on the error for server logs.
 */
export function storageUnavailable(ref: ProductVersionRef, snapshotId: string | undefined, cause: unknown): TesseraError {
  const err = new TesseraError(ErrorCode.STORAGE_UNAVAILABLE,
    `expected the data store to answer for ${named(ref, snapshotId)}, but reading it failed; try again later`, details(ref, snapshotId));
  err.cause = cause;
  return err;
}
