import { join } from 'node:path';
import type { Manifest, ManifestFile } from '../snapshot/manifest';
import { MANIFEST_FILE } from '../snapshot/manifest';
import { snapshotPrefix } from '../snapshot/snapshotLayout';
import type { ObjectStore } from '../storage/objectStore';

/** Upload progress over all of a snapshot's files, in bytes. */
export type UploadProgress = (sentBytes: number, totalBytes: number) => void;

/**
 * Uploads a snapshot's parquet files from `dir`, then commits it by writing `_manifest.json` last with a single
 * if-absent PUT. Until that PUT succeeds the snapshot is invisible to readers. When anything fails, the files already
 * uploaded are deleted (best effort; `tessera gc` removes whatever a killed process leaves behind).
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
    await store.put(`${prefix}${MANIFEST_FILE}`, `${JSON.stringify(manifest, null, 2)}\n`, { ifAbsent: true });
  } catch (err) {
    await store.delete(uploaded).catch(() => undefined);
    throw err;
  }
}

/** Total bytes of a list of manifest files. */
export function totalBytes(files: ManifestFile[]): number {
  return files.reduce((n, f) => n + f.bytes, 0);
}
