import { join } from 'node:path';
import type { Manifest } from '../snapshot/manifest';
import { MANIFEST_FILE } from '../snapshot/manifest';
import { snapshotPrefix } from '../snapshot/snapshotLayout';
import type { ObjectStore } from '../storage/objectStore';
import { ObjectNotFoundError } from '../storage/objectStore';

/** Upload progress over all of a snapshot's files, in bytes. */
export type UploadProgress = (sentBytes: number, totalBytes: number) => void;

/**
 * Uploads a snapshot's parquet files from `dir`, then commits it by writing `_manifest.json` last with a single
 * if-absent PUT. Until that PUT succeeds the snapshot is invisible to readers. When anything fails, the files already
 * uploaded are deleted (best effort; `tessera gc` removes whatever a killed process leaves behind) — except when the
 * manifest PUT failed on the client's side after the server stored it (a reset socket, a timeout, a retried PUT that
 * found its own first attempt): the manifest is read back, and when it is ours the snapshot did commit, so this
 * returns normally. When it cannot be read back the outcome is unknown and the files are kept for `tessera gc`.
 */
export async function uploadSnapshot(store: ObjectStore, dir: string, manifest: Manifest, onProgress?: UploadProgress): Promise<void> {
  const prefix = snapshotPrefix(manifest, manifest.snapshotId);
  const total = manifest.files.reduce((n, f) => n + f.bytes, 0);
  const uploaded: string[] = [];
  let done = 0;
  try {
    for (const f of manifest.files) {
      const key = `${prefix}${f.path}`;
      uploaded.push(key);
      await store.putFile(key, join(dir, f.path), (sent) => onProgress?.(done + Math.min(sent, f.bytes), total));
      done += f.bytes;
      onProgress?.(done, total);
    }
  } catch (err) {
    await store.delete(uploaded).catch(() => undefined);
    throw err;
  }
  const key = `${prefix}${MANIFEST_FILE}`;
  const body = `${JSON.stringify(manifest, null, 2)}\n`;
  try {
    await store.put(key, body, { ifAbsent: true });
  } catch (err) {
    const stored = await store.get(key).then((b) => b.toString('utf8'), (e: unknown) => e);
    if (stored === body) return;
    if (stored instanceof ObjectNotFoundError) await store.delete(uploaded).catch(() => undefined);
    throw err;
  }
}
