import { isTesseraError } from '../errors';
import type { TesseraError } from '../errors';
import type { Manifest } from './manifest';
import { dataCorrupt } from './snapshotErrors';

/**
 * Turns a failed statement over snapshot files into the error a client may see. `reverify` re-checks a snapshot's
 * files against its manifest (a stat each, a hash only when one changed) and throws DATA_CORRUPT, SNAPSHOT_NOT_FOUND
 * or STORAGE_UNAVAILABLE for what it finds: a file damaged or removed while the statement ran. Files that match
 * their manifest but that the engine cannot decode are DATA_CORRUPT too (`unreadable` is the executor's judgement of
 * its own failure). Anything else (a bug, memory) is thrown as it is, to be masked as an internal error: the engine's
 * message, with its SQL and paths, never reaches a client.
 */
export async function explainReadFailure(err: unknown, read: readonly Manifest[], reverify: (m: Manifest) => Promise<unknown>, unreadable: (err: unknown) => boolean): Promise<never> {
  if (isTesseraError(err) || !read.length) throw err;
  for (const m of read) await reverify(m);
  if (!unreadable(err)) throw err;
  const m = read[0]!;
  const corrupt: TesseraError = dataCorrupt(m, m.snapshotId,
    `its files match the manifest, but the query engine cannot decode them (they are not valid parquet)`);
  corrupt.cause = err;
  throw corrupt;
}
