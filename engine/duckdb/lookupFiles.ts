import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A finished copy on disk that this process has not attached (an earlier process built it). */
export interface FileOnDisk {
  snapshot: string;
  path: string;
  bytes: number;
  lastUsed: number;
}

/**
 * The lookup copies' folder as files: the finished copies earlier processes left there (found once, counted in the
 * cache until evicted or attached), and the removals under way, which a build of the same snapshot waits for instead
 * of finding the old file.
 */
export class LookupFiles {
  private readonly left = new Map<string, FileOnDisk>();
  private readonly removing = new Map<string, Promise<void>>();
  private scanned: Promise<void> | undefined;

  /** @param attached whether this process holds an entry for a snapshot (its file is not a leftover). */
  constructor(private readonly dir: string, private readonly attached: (snapshot: string) => boolean) {}

  /** The copies earlier processes left that this process has not attached. */
  async leftovers(): Promise<FileOnDisk[]> {
    await this.scanOnce();
    return [...this.left.values()].filter((f) => !this.attached(f.snapshot));
  }

  /** Whether a leftover copy of the snapshot is on disk (after the scan). */
  async leftover(snapshot: string): Promise<FileOnDisk | undefined> {
    await this.scanOnce();
    return this.left.get(snapshot);
  }

  /** Forgets a leftover this process now attaches as its own. */
  adopt(snapshot: string): void {
    this.left.delete(snapshot);
  }

  /** Removes a copy's file (a leftover or this process's own), remembered while under way. */
  async remove(snapshot: string, path: string): Promise<void> {
    const removal = rm(path, { force: true }).finally(() => {
      if (this.removing.get(snapshot) === removal) this.removing.delete(snapshot);
    });
    this.removing.set(snapshot, removal);
    try {
      await removal;
    } finally {
      if (this.left.get(snapshot)?.path === path) this.left.delete(snapshot);
    }
  }

  /** Resolves once no removal of the snapshot's file is under way. */
  async removed(snapshot: string): Promise<void> {
    await this.removing.get(snapshot)?.catch(() => undefined);
  }

  private scanOnce(): Promise<void> {
    this.scanned ??= (async () => {
      const names = await readdir(this.dir).catch(() => [] as string[]);
      for (const name of names) {
        if (!name.endsWith('.duckdb')) continue;
        const path = join(this.dir, name);
        const info = await stat(path).catch(() => undefined);
        const snapshot = name.slice(0, -'.duckdb'.length);
        if (info && !this.attached(snapshot)) this.left.set(snapshot, { snapshot, path, bytes: info.size, lastUsed: info.mtimeMs });
      }
    })();
    return this.scanned;
  }
}
