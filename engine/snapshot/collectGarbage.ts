import type { ObjectStore } from '../storage/objectStore';
import { MANIFEST_FILE } from './manifest';
import { isSnapshotId } from './snapshotLayout';

/** What `tessera gc` keeps and for how long. */
export interface GcOptions {
  /** Committed snapshots to keep per product version, newest first; at least 1 (the newest is never removed). */
  keep: number;
  /** Snapshots (committed or not) younger than this are never removed, so a reader or a publish in flight is safe. */
  graceMs: number;
  /** @default now */
  now?: Date;
  /** List what would be removed without removing it. */
  dryRun?: boolean;
}

/** One snapshot folder gc removed (or would remove). */
export interface RemovedSnapshot {
  /** `<domain>/<product>/v<N>/<snapshotId>/` */
  prefix: string;
  committed: boolean;
  objects: number;
  bytes: number;
}

/**
 * Removes old snapshot folders from a store: for each product version, committed snapshots beyond the newest `keep`,
 * and folders that never committed (a publish that died before its manifest, even one that left only the temporary
 * files of an interrupted upload), but never the newest committed
 * snapshot and never one younger than the grace period (age from the time in its id). A committed snapshot's manifest
 * is deleted first, so it disappears for readers at once and is never seen half-deleted.
 */
export async function collectGarbage(store: ObjectStore, options: GcOptions): Promise<RemovedSnapshot[]> {
  const keep = Math.max(1, options.keep);
  const now = (options.now ?? new Date()).getTime();
  const folders = new Map<string, { keys: string[]; bytes: number; committed: boolean }>();
  // Temporary files count: a publish killed while uploading leaves a folder holding nothing else.
  for (const o of await store.list('', { temporary: true })) {
    const parts = o.key.split('/');
    if (parts.length !== 5 || !/^v\d+$/.test(parts[2]!) || !isSnapshotId(parts[3]!)) continue;
    const prefix = `${parts.slice(0, 4).join('/')}/`;
    const folder = folders.get(prefix) ?? { keys: [], bytes: 0, committed: false };
    folder.keys.push(o.key);
    folder.bytes += o.size;
    if (parts[4] === MANIFEST_FILE) folder.committed = true;
    folders.set(prefix, folder);
  }
  const byVersion = new Map<string, string[]>();
  for (const prefix of [...folders.keys()].sort()) {
    const version = prefix.split('/').slice(0, 3).join('/');
    byVersion.set(version, [...(byVersion.get(version) ?? []), prefix]);
  }
  const removed: RemovedSnapshot[] = [];
  for (const prefixes of byVersion.values()) {
    const committed = prefixes.filter((p) => folders.get(p)!.committed);
    const kept = new Set(committed.slice(-keep));
    for (const prefix of prefixes) {
      const folder = folders.get(prefix)!;
      if (kept.has(prefix) || now - idTime(prefix) < options.graceMs) continue;
      removed.push({ prefix, committed: folder.committed, objects: folder.keys.length, bytes: folder.bytes });
      if (options.dryRun) continue;
      const manifest = `${prefix}${MANIFEST_FILE}`;
      if (folder.committed) await store.delete([manifest]);
      await store.delete(folder.keys.filter((k) => k !== manifest));
    }
  }
  return removed;
}

/** The UTC time encoded in a snapshot folder's id (`20261121T060132123Z-…`). */
function idTime(prefix: string): number {
  const id = prefix.split('/')[3]!;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(id)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
}
