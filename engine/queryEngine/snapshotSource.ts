import { ErrorCode, TesseraError, isTesseraError } from '../errors';
import type { Manifest } from '../snapshot/manifest';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';
import { explainReadFailure } from '../snapshot/readFailure';
import type { CacheCompanion } from '../snapshot/cacheCompanion';
import { SnapshotCache } from '../snapshot/snapshotCache';
import { storageUnavailable } from '../snapshot/snapshotErrors';
import type { ProductVersionRef } from '../snapshot/snapshotLayout';
import { SnapshotIndex } from '../snapshot/snapshotIndex';
import { SnapshotReader } from '../snapshot/snapshotReader';
import type { ObjectStore } from '../storage/objectStore';
import { dateTimeMicros, parseDateTime } from '../query/dateTimeText';


/**
 * The instant of an `asOf` (canonical text from the DateTime scalar, or any DateTime input form from an export
 * request), to the millisecond below: a snapshot published at or before it is published at or before the instant.
 * @throws TesseraError BAD_USER_INPUT for a malformed time.
 */
function asOfDate(asOf: string): Date {
  const { micros } = dateTimeMicros(parseDateTime(asOf));
  return new Date(Number(micros / 1000n - (micros % 1000n < 0n ? 1n : 0n)));
}

/**
 * Finds snapshots and their local files for the query engine: which snapshot a choice names (from the process's
 * {@link SnapshotIndex}, whose listings are trusted for `refreshMs`), and its files through the snapshot cache.
 */
export class SnapshotSource {
  private readonly index: SnapshotIndex;
  private readonly reader: SnapshotReader;
  private readonly cache: SnapshotCache;

  constructor(readonly store: ObjectStore, options: { cacheDir: string; cacheMaxBytes: number; refreshMs: number; minIdleMs?: number; companions?: readonly CacheCompanion[] }) {
    this.reader = new SnapshotReader(store);
    this.index = new SnapshotIndex(this.reader, { refreshMs: options.refreshMs });
    this.cache = new SnapshotCache(store, { dir: options.cacheDir, maxBytes: options.cacheMaxBytes, minIdleMs: options.minIdleMs, companions: options.companions });
  }

  /**
   * The manifest a choice names.
   * @throws TesseraError SNAPSHOT_NOT_FOUND for an unknown or malformed id, a time before the first snapshot or a
   *   version never published; STORAGE_UNAVAILABLE when the store cannot be read.
   */
  async resolve(ref: ProductVersionRef, choice: SnapshotChoice): Promise<Manifest> {
    return guardStorage(ref, async () => {
      if (choice.snapshot !== undefined && choice.snapshot !== null) {
        if (choice.asOf) throw new TesseraError(ErrorCode.BAD_USER_INPUT, 'expected snapshot or asOf, got both');
        const manifest = await this.reader.manifest(ref, choice.snapshot);
        if (manifest.version !== ref.version || manifest.product !== ref.product) throw notFound(ref, choice.snapshot);
        // Manifests are cached forever, but `tessera gc` may have removed the snapshot since: trust the listing.
        // A listing older than the snapshot does not know it yet: list again before saying it is gone.
        const listed = async (fresh: boolean): Promise<boolean> => (await this.index.ids(ref, fresh)).includes(manifest.snapshotId);
        if (!(await listed(false)) && !(await listed(true))) throw notFound(ref, choice.snapshot, ' (it was removed by garbage collection)');
        return manifest;
      }
      const ids = await this.index.ids(ref);
      if (!ids.length) {
        throw new TesseraError(ErrorCode.SNAPSHOT_NOT_FOUND, `expected a committed snapshot of ${ref.domain}.${ref.product} v${ref.version}, found none (never published)`);
      }
      if (!choice.asOf) return this.reader.manifest(ref, ids[ids.length - 1]!);
      return this.reader.asOf(ref, asOfDate(choice.asOf), ids);
    });
  }

  /**
   * Local paths of a snapshot's parquet files (read in place on a local store, cached otherwise), each verified
   * against the manifest before its first read in the process and again whenever it changed.
   * @throws TesseraError DATA_CORRUPT, SNAPSHOT_NOT_FOUND (removed while in use) or STORAGE_UNAVAILABLE.
   */
  async files(manifest: Manifest): Promise<string[]> {
    return this.cache.filesOf(manifest);
  }

  /**
   * Explains a statement that failed: DATA_CORRUPT (or what the files' check finds) when it read snapshot files that
   * are damaged or cannot be decoded; otherwise the error itself, to be masked.
   */
  explainFailure(err: unknown, files: readonly string[], unreadable: (err: unknown) => boolean): Promise<never> {
    return explainReadFailure(err, this.cache.snapshotsReadBy(files), (m) => this.cache.filesOf(m), unreadable);
  }
}

function notFound(ref: ProductVersionRef, id: string, why = ''): TesseraError {
  return new TesseraError(ErrorCode.SNAPSHOT_NOT_FOUND, `no committed snapshot "${id}" of ${ref.domain}.${ref.product} v${ref.version}${why}`);
}

/** Store failures become STORAGE_UNAVAILABLE naming the product, not the store; Tessera's own errors pass through. */
async function guardStorage<T>(ref: ProductVersionRef, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isTesseraError(err)) throw err;
    // The cause stays server-side for logs; the message never names the store.
    throw storageUnavailable(ref, undefined, err);
  }
}
