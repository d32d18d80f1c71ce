import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, isTesseraError, TesseraError } from '../errors';
import type { ObjectStore } from '../storage/objectStore';
import { ObjectNotFoundError } from '../storage/objectStore';
import type { CacheCompanion } from './cacheCompanion';
import type { CachedFolder } from './evictToFit';
import { evictToFit } from './evictToFit';
import type { FileProblem, FileVerifier } from './fileVerifier';
import { processFileVerifier } from './fileVerifier';
import type { Manifest, ManifestFile } from './manifest';
import { MANIFEST_FILE } from './manifest';
import { dataCorrupt, storageUnavailable } from './snapshotErrors';
import { snapshotPrefix, snapshotRefId } from './snapshotLayout';
import { nextUseTime } from './useClock';

/** Where the cache lives and how big it may grow. */
export interface SnapshotCacheOptions {
  /** Cache folder (config `cacheDir`). */
  dir: string;
  /**
   * Size bound in bytes (config `cacheMaxBytes`) of the cached snapshots and every companion's items together; least
   * recently used snapshots and items are evicted past it.
   */
  maxBytes: number;
  /**
   * A snapshot used more recently than this is never evicted, even past `maxBytes`: a query may still be reading the
   * paths it was given. Set it above the longest a query may run (config `queryTimeoutMs`). @default 120000
   */
  minIdleMs?: number;
  /** Checks files against their manifest. @default the process's shared verifier (a file is hashed once per process) */
  verifier?: FileVerifier;
  /** What is derived from snapshots beside the cache (the lookup copies), counted in `maxBytes` and evicted with it. */
  companions?: readonly CacheCompanion[];
}

/** Marks a snapshot folder whose every file was downloaded and verified. */
const COMPLETE = '.complete';

/** Paths handed out, remembered so a failed read can be traced to its snapshot; the oldest are forgotten past this. */
const MAX_TRACED = 10_000;

type Entry = CachedFolder;

/**
 * Local files of committed snapshots, for engines that read files (DuckDB), each verified against the manifest's
 * size and sha256 before it is handed out: a damaged file is `DATA_CORRUPT`, never data. A local-folder store is read
 * in place; a remote store's files are downloaded once per snapshot (snapshots are immutable) into a size-bounded
 * cache evicted least-recently-used first by whole snapshot. A snapshot counts as cached only once every file is
 * verified, so a reader never gets partial data. Every call re-checks the files with a `stat` and hashes a file again
 * only when it changed (see {@link FileVerifier}), so damage while the process runs is caught too; a damaged cached
 * copy is dropped and downloaded again by the next call. Companions (see {@link CacheCompanion}) share the bound: their
 * items are weighed with the snapshots after every download and whenever a companion grew ({@link evictToFit}).
 */
export class SnapshotCache {
  private readonly inFlight = new Map<string, Promise<string[]>>();
  private readonly traced = new Map<string, Manifest>();
  /** Cached folders fetched or checked by this process: later calls only `stat` their files (in {@link verify}). */
  private readonly ready = new Set<string>();
  private readonly verifier: FileVerifier;
  private entries: Map<string, Entry> | undefined;
  /** The eviction running now: one at a time, so two never both free room for the same bytes. */
  private fitting: Promise<void> = Promise.resolve();

  constructor(readonly store: ObjectStore, readonly options: SnapshotCacheOptions) {
    this.verifier = options.verifier ?? processFileVerifier;
    // A companion's new item may push the cache past its bound; eviction failures are retried by the next fit.
    for (const c of options.companions ?? []) c.onGrow((snapshot) => this.fit(snapshot).catch(() => undefined));
  }

  /**
   * Absolute local paths of a snapshot's files, in manifest order, every one checked against the manifest.
   * @throws TesseraError DATA_CORRUPT when a file is missing or differs from the manifest (a damaged cached copy is
   *   removed first); SNAPSHOT_NOT_FOUND when the snapshot was removed from the store while in use;
   *   STORAGE_UNAVAILABLE when the store cannot be read. Messages name the product, version, snapshot and file name.
   */
  async filesOf(manifest: Manifest): Promise<string[]> {
    try {
      return await this.localFiles(manifest);
    } catch (err) {
      // The store's or the file system's own error keeps its paths and hosts for the logs only.
      throw isTesseraError(err) ? err : storageUnavailable(manifest, manifest.snapshotId, err);
    }
  }

  private async localFiles(manifest: Manifest): Promise<string[]> {
    const prefix = snapshotPrefix(manifest, manifest.snapshotId);
    const inPlace = manifest.files.map((f) => this.store.localPath(`${prefix}${f.path}`));
    if (inPlace.every((p): p is string => p !== undefined)) {
      await this.verify(manifest, inPlace);
      return this.trace(manifest, inPlace);
    }
    const folder = join(this.options.dir, ...prefix.split('/').filter(Boolean));
    let task = this.inFlight.get(folder);
    if (!task) {
      task = this.ensure(manifest, prefix, folder).finally(() => this.inFlight.delete(folder));
      this.inFlight.set(folder, task);
    }
    const paths = await task;
    await this.verify(manifest, paths, folder);
    return this.trace(manifest, paths);
  }

  /** The snapshots whose files a statement read (by the paths this cache handed out), for explaining a failed read. */
  snapshotsReadBy(files: readonly string[]): Manifest[] {
    const found = new Set<Manifest>();
    for (const path of files) {
      const manifest = this.traced.get(path);
      if (manifest) found.add(manifest);
    }
    return [...found];
  }

  private trace(manifest: Manifest, paths: string[]): string[] {
    for (const p of paths) {
      if (this.traced.get(p) === manifest) continue;
      this.traced.delete(p);
      this.traced.set(p, manifest);
      if (this.traced.size > MAX_TRACED) this.traced.delete(this.traced.keys().next().value as string);
    }
    return paths;
  }

  /** Checks every file (a stat each; a hash only for a file not seen unchanged before); throws for the first problem. */
  private async verify(manifest: Manifest, paths: string[], cachedFolder?: string): Promise<void> {
    const problems = await Promise.all(manifest.files.map((f, i) => this.verifier.check(paths[i]!, f)));
    const at = problems.findIndex((p) => p !== undefined);
    if (at < 0) return;
    const file = manifest.files[at]!;
    const problem = problems[at]!;
    if (cachedFolder) {
      // The store's copy was verified when it was downloaded: the local copy broke. Drop it; the next read fetches it.
      await this.drop(cachedFolder, paths);
      throw dataCorrupt(manifest, manifest.snapshotId, `the local cached copy of file ${file.path} ${describe(problem, file)}; it was removed and is downloaded again on the next request`);
    }
    if (problem.kind === 'missing') await this.explainMissing(manifest, file);
    throw dataCorrupt(manifest, manifest.snapshotId, `file ${file.path} ${describe(problem, file)}`);
  }

  /**
   * A file named by a manifest is not in the store: the store is gone, the snapshot was removed while in use (gc), or
   * the file alone was deleted (damage).
   */
  private async explainMissing(manifest: Manifest, file: ManifestFile): Promise<never> {
    const prefix = snapshotPrefix(manifest, manifest.snapshotId);
    let keys: string[];
    try {
      keys = (await this.store.list(prefix)).map((o) => o.key);
    } catch (err) {
      throw storageUnavailable(manifest, manifest.snapshotId, err);
    }
    if (!keys.includes(`${prefix}${MANIFEST_FILE}`)) {
      throw new TesseraError(ErrorCode.SNAPSHOT_NOT_FOUND,
        `snapshot ${manifest.snapshotId} of ${manifest.domain}.${manifest.product} v${manifest.version} was removed from the store while in use (garbage collection); ask again for the latest`,
        { product: `${manifest.domain}.${manifest.product}`, version: manifest.version, snapshot: manifest.snapshotId });
    }
    throw dataCorrupt(manifest, manifest.snapshotId, `file ${file.path} is missing from the store although its manifest lists it`);
  }

  private async ensure(manifest: Manifest, prefix: string, folder: string): Promise<string[]> {
    const paths = manifest.files.map((f) => join(folder, f.path));
    const entries = await this.index();
    if (entries.has(folder) && (this.ready.has(folder) || await this.intact(manifest, paths))) {
      this.ready.add(folder);
      await this.touch(folder);
      return paths;
    }
    await this.drop(folder, paths);
    await mkdir(folder, { recursive: true });
    try {
      for (const [i, f] of manifest.files.entries()) {
        try {
          await this.store.getToFile(`${prefix}${f.path}`, paths[i]!);
        } catch (err) {
          if (err instanceof ObjectNotFoundError) await this.explainMissing(manifest, f);
          throw err;
        }
        const problem = await this.verifier.check(paths[i]!, f);
        if (problem) throw dataCorrupt(manifest, manifest.snapshotId, `file ${f.path} as downloaded from the store ${describe(problem, f)}`);
      }
    } catch (err) {
      await this.drop(folder, paths);
      throw err;
    }
    await writeFile(join(folder, COMPLETE), manifest.snapshotId);
    const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
    const snapshot = snapshotRefId(manifest, manifest.snapshotId);
    entries.set(folder, { folder, snapshot, bytes, lastUsed: nextUseTime() });
    this.ready.add(folder);
    // The snapshot is downloaded and verified: a failed eviction must not fail its read (the next fit retries it).
    await this.fit(snapshot).catch(() => undefined);
    return paths;
  }

  /** Whether a previously cached snapshot still matches its manifest (a stat, and a hash once per process). */
  private async intact(manifest: Manifest, paths: string[]): Promise<boolean> {
    for (const [i, f] of manifest.files.entries()) {
      if (await this.verifier.check(paths[i]!, f).catch(() => ({ kind: 'missing' }))) return false;
    }
    return true;
  }

  /** Removes a cached snapshot folder and what is known of its files. */
  private async drop(folder: string, paths: string[]): Promise<void> {
    for (const p of paths) this.verifier.forget(p);
    this.entries?.delete(folder);
    this.ready.delete(folder);
    await rm(folder, { recursive: true, force: true });
  }

  private async touch(folder: string): Promise<void> {
    const now = new Date(nextUseTime());
    const entry = this.entries?.get(folder);
    if (entry) entry.lastUsed = now.getTime();
    await utimes(join(folder, COMPLETE), now, now).catch(() => undefined);
  }

  /**
   * Removes least recently used snapshots and companion items until the cache fits, never anything of `keep` (the
   * snapshot just fetched or derived) nor a snapshot used within `minIdleMs` (queries may still be reading it; the
   * cache then stays over its bound until they are idle). One eviction at a time.
   */
  private fit(keep: string): Promise<void> {
    const run = this.fitting.then(() => this.evict(keep));
    this.fitting = run.catch(() => undefined);
    return run;
  }

  private async evict(keep: string): Promise<void> {
    const entries = await this.index();
    await evictToFit({
      folders: [...entries.values()], companions: this.options.companions ?? [], maxBytes: this.options.maxBytes,
      idleSince: Date.now() - (this.options.minIdleMs ?? 120_000), keep,
      removeFolder: async (e) => {
        await rm(e.folder, { recursive: true, force: true });
        entries.delete(e.folder);
        this.ready.delete(e.folder);
      },
    });
  }

  /** The cached snapshots on disk, found once per process by their completion markers. */
  private async index(): Promise<Map<string, Entry>> {
    if (this.entries) return this.entries;
    const entries = new Map<string, Entry>();
    await scan(this.options.dir, [], entries);
    this.entries = entries;
    return entries;
  }
}

/** What is wrong with a file, against what its manifest records, without its path. */
function describe(problem: FileProblem, file: ManifestFile): string {
  switch (problem.kind) {
    case 'missing': return 'is missing';
    case 'size': return `has ${problem.found} bytes, the manifest records ${file.bytes}`;
    case 'checksum': return `has sha256 ${problem.found}, the manifest records ${file.sha256}`;
  }
}

/** Walks `<domain>/<product>/v<N>/<snapshot>` (depth 4) collecting completed snapshot folders. */
async function scan(dir: string, path: string[], out: Map<string, Entry>): Promise<void> {
  const names = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const [domain, product, version, snapshotId] = path;
  if (domain !== undefined && product !== undefined && version !== undefined && snapshotId !== undefined) {
    if (!names.some((n) => n.name === COMPLETE)) return;
    let bytes = 0;
    for (const n of names) if (n.isFile() && n.name !== COMPLETE) bytes += (await stat(join(dir, n.name))).size;
    const lastUsed = (await stat(join(dir, COMPLETE))).mtimeMs;
    out.set(dir, { folder: dir, snapshot: snapshotRefId({ domain, product, version: Number(version.slice(1)) }, snapshotId), bytes, lastUsed });
    return;
  }
  for (const n of names) if (n.isDirectory()) await scan(join(dir, n.name), [...path, n.name], out);
}
