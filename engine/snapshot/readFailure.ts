import { isTesseraError } from '../errors';
import type { TesseraError } from '../errors';
import type { Manifest } from './manifest';
import { dataCorrupt } from './snapshotErrors';

/** The first line of a DuckDB error when it could not read a file: absent, no parquet footer, undecodable pages. */
const UNREADABLE = /no files found|magic bytes|tprotocol|thrift|parquet|footer|decompress|corrupt/i;

/**
 * Turns a failed statement over snapshot files into the error a client may see. `reverify` re-checks a snapshot's
 * files against its manifest (a stat each, a hash only when one changed) and throws DATA_CORRUPT, SNAPSHOT_NOT_FOUND
 * or STORAGE_UNAVAILABLE for what it finds: a file damaged or removed while the statement ran. Files that match
 * their manifest but that the engine cannot decode are DATA_CORRUPT too. Anything else (a bug, memory) is thrown as
 * it is, to be masked as an internal error: the engine's message, with its SQL and paths, never reaches a client.
 */
export async function explainReadFailure(err: unknown, read: readonly Manifest[], reverify: (m: Manifest) => Promise<unknown>): Promise<never> {
  if (isTesseraError(err) || !read.length) throw err;
  for (const m of read) await reverify(m);
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  if (!UNREADABLE.test(first)) throw err;
  const m = read[0]!;
  const corrupt: TesseraError = dataCorrupt(m, m.snapshotId,
    `its files match the manifest, but the query engine cannot decode them (they are not valid parquet)`);
  corrupt.cause = err;
  throw corrupt;
}
