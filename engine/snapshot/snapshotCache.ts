import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, TesseraError } from '../errors';
import type { ObjectStore } from '../storage/objectStore';
import type { Manifest } from './manifest';
import { sha256File } from './sha256File';
import { snapshotPrefix } from './snapshotLayout';

/** Where the cache lives and how big it may grow. */
export interface SnapshotCacheOptions {
  /** Cache folder (config `cacheDir`). */
  dir: string;
  /** Size bound in bytes (config `cacheMaxBytes`); least recently used snapshots are evicted past it. */
  maxBytes: number;
  /**
   * A snapshot used more recently than this is never evicted, even past `maxBytes`: a query may still be reading the
   * paths it was given. Set it above the longest a query may run (config `queryTimeoutMs`). @default 120000
   */
  minIdleMs?: number;
}

/** Marks a snapshot folder whose every file was downloaded and verified. */
const COMPLETE = '.complete';

interface Entry { folder: string; bytes: number; lastUsed: number }

/**
 * Local files of committed snapshots, for engines that read files (DuckDB). A local-folder store is read in place; a
 * remote store's files are downloaded once per snapshot (snapshots are immutable), each verified against the manifest's
 * sha256, into a size-bounded cache evicted least-recently-used first by whole snapshot. A snapshot counts as cached
 * only once every file is verified, so a reader never gets partial data. Files cached by an earlier process are
 * re-verified on first use in this process; a damaged local copy is downloaded again.
 */
export class SnapshotCache {
  private readonly inFlight = new Map<string, Promise<string[]>>();
  private readonly verified = new Set<string>();
  private entries: Map<string, Entry> | undefined;
  private clock = 0;

  constructor(readonly store: ObjectStore, readonly options: SnapshotCacheOptions) {}

  /**
   * Absolute local paths of a snapshot's files, in manifest order.
   * @throws TesseraError DATA_CORRUPT when a downloaded file's sha256 differs from the manifest (the file is removed).
   */
  async filesOf(manifest: Manifest): Promise<string[]> {
    const prefix = snapshotPrefix(manifest, manifest.snapshotId);
    const inPlace = manifest.files.map((f) => this.store.localPath(`${prefix}${f.path}`));
    if (inPlace.every((p): p is string => p !== undefined)) return inPlace;
    const folder = join(this.options.dir, ...prefix.split('/').filter(Boolean));
    const running = this.inFlight.get(folder);
    if (running) return running;
    const task = this.ensure(manifest, prefix, folder).finally(() => this.inFlight.delete(folder));
    this.inFlight.set(folder, task);
    return task;
  }

  private async ensure(manifest: Manifest, prefix: string, folder: string): Promise<string[]> {
    const paths = manifest.files.map((f) => join(folder, f.path));
    const entries = await this.index();
    if (entries.has(folder) && (this.verified.has(folder) || await this.intact(manifest, folder))) {
      this.verified.add(folder);
      await this.touch(folder);
      return paths;
    }
    await rm(folder, { recursive: true, force: true });
    entries.delete(folder);
    await mkdir(folder, { recursive: true });
    try {
      for (const f of manifest.files) {
        const path = join(folder, f.path);
        await this.store.getToFile(`${prefix}${f.path}`, path);
        const actual = await sha256File(path);
        if (actual !== f.sha256) {
          throw new TesseraError(ErrorCode.DATA_CORRUPT,
            `file ${f.path} of snapshot ${manifest.snapshotId} of ${manifest.domain}.${manifest.product} v${manifest.version}: ` +
            `expected sha256 ${f.sha256} as the manifest records, got ${actual}`);
        }
      }
    } catch (err) {
      await rm(folder, { recursive: true, force: true });
      throw err;
    }
    await writeFile(join(folder, COMPLETE), manifest.snapshotId);
    const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
    entries.set(folder, { folder, bytes, lastUsed: this.tick() });
    this.verified.add(folder);
    await this.evict(folder);
    return paths;
  }

  /** Whether a previously cached snapshot still matches its manifest (sizes and checksums). */
  private async intact(manifest: Manifest, folder: string): Promise<boolean> {
    for (const f of manifest.files) {
      const path = join(folder, f.path);
      const size = await stat(path).then((s) => s.size, () => -1);
      if (size !== f.bytes || await sha256File(path) !== f.sha256) return false;
    }
    return true;
  }

  private async touch(folder: string): Promise<void> {
    const now = new Date(this.tick());
    const entry = this.entries?.get(folder);
    if (entry) entry.lastUsed = now.getTime();
    await utimes(join(folder, COMPLETE), now, now).catch(() => undefined);
  }

  /** A strictly increasing use time, so two uses in one millisecond still order. */
  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }

  /**
   * Removes least recently used snapshots until the cache fits, never the one just fetched nor one used within
   * `minIdleMs` (queries may still be reading it; the cache then stays over its bound until they are idle).
   */
  private async evict(keep: string): Promise<void> {
    const entries = await this.index();
    const idleSince = Date.now() - (this.options.minIdleMs ?? 120_000);
    let total = [...entries.values()].reduce((n, e) => n + e.bytes, 0);
    for (const e of [...entries.values()].sort((a, b) => a.lastUsed - b.lastUsed)) {
      if (total <= this.options.maxBytes) break;
      if (e.folder === keep || e.lastUsed > idleSince) continue;
      await rm(e.folder, { recursive: true, force: true });
      entries.delete(e.folder);
      this.verified.delete(e.folder);
      total -= e.bytes;
    }
  }

  /** The cached snapshots on disk, found once per process by their completion markers. */
  private async index(): Promise<Map<string, Entry>> {
    if (this.entries) return this.entries;
    const entries = new Map<string, Entry>();
    await scan(this.options.dir, 0, entries);
    this.entries = entries;
    return entries;
  }
}

/** Walks `<domain>/<product>/v<N>/<snapshot>` (depth 4) collecting completed snapshot folders. */
async function scan(dir: string, depth: number, out: Map<string, Entry>): Promise<void> {
  const names = await readdir(dir, { withFileTypes: true }).catch(() => []);
  if (depth === 4) {
    if (!names.some((n) => n.name === COMPLETE)) return;
    let bytes = 0;
    for (const n of names) if (n.isFile() && n.name !== COMPLETE) bytes += (await stat(join(dir, n.name))).size;
    const lastUsed = (await stat(join(dir, COMPLETE))).mtimeMs;
    out.set(dir, { folder: dir, bytes, lastUsed });
    return;
  }
  for (const n of names) if (n.isDirectory()) await scan(join(dir, n.name), depth + 1, out);
}

