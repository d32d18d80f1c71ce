import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { copyFileSynced, copyStreamSynced, syncDir, writeBodySynced } from './durableFile';
import type { ObjectStore, ProgressListener, StoredObject } from './objectStore';
import { ObjectExistsError, ObjectNotFoundError, StoreUnavailableError } from './objectStore';

/**
 * A store on a local folder, the embedded default. Writes go to a temporary file and are renamed into place, so a
 * reader never sees a half-written object; `ifAbsent` uses a hard link, which fails atomically if the key exists.
 * The temporary file is fsynced before it is published and its folder after, so after a crash a published object
 * (a manifest, say) never points at files whose content was still in the page cache. A failed write leaves no
 * temporary file behind. A folder that never existed is an empty store; one that existed and disappeared (removed,
 * unmounted) makes reads fail with `StoreUnavailableError` instead of looking like a store that holds nothing.
 */
export class LocalStore implements ObjectStore {
  readonly uri: string;
  private rootSeen: boolean;

  constructor(readonly root: string) {
    this.uri = root;
    this.rootSeen = existsSync(root);
  }

  localPath(key: string): string {
    if (key.split('/').includes('..')) throw new Error(`refusing a key that leaves the store: "${key}"`);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, body: Buffer | string, options: { ifAbsent?: boolean } = {}): Promise<void> {
    const path = this.localPath(key);
    const tmp = await this.tempFor(path);
    await writeBodySynced(tmp, body);
    await this.commit(tmp, path, key, options.ifAbsent ?? false);
    this.rootSeen = true;
  }

  async putFile(key: string, localPath: string, onProgress?: ProgressListener): Promise<void> {
    const path = this.localPath(key);
    const tmp = await this.tempFor(path);
    await copyStreamSynced(tmp, localPath, onProgress);
    await this.commit(tmp, path, key, false);
    this.rootSeen = true;
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.localPath(key));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.assertRoot();
      throw new ObjectNotFoundError(key);
    }
  }

  async getToFile(key: string, localPath: string): Promise<void> {
    await mkdir(dirname(localPath), { recursive: true });
    const tmp = `${localPath}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await copyFileSynced(this.localPath(key), tmp);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.assertRoot();
      throw new ObjectNotFoundError(key);
    }
    await renameSynced(tmp, localPath);
  }

  async list(prefix: string, options: { temporary?: boolean } = {}): Promise<StoredObject[]> {
    // Walk only the deepest folder the prefix names, then filter by the rest of it.
    const cut = prefix.lastIndexOf('/');
    const base = cut < 0 ? '' : prefix.slice(0, cut);
    const out: StoredObject[] = [];
    await this.walk(base ? this.localPath(base) : this.root, out);
    return out.filter((o) => o.key.startsWith(prefix) && (options.temporary || !o.key.endsWith('.tmp'))).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await rm(this.localPath(key), { force: true });
    // Remove folders the deletes left empty, so listings stay clean.
    const dirs = [...new Set(keys.map((k) => dirname(this.localPath(k))))].sort((a, b) => b.length - a.length);
    for (const dir of dirs) {
      for (let d = dir; d.startsWith(this.root) && d !== this.root; d = dirname(d)) {
        try {
          if ((await readdir(d)).length) break;
          await rm(d, { recursive: true, force: true });
        } catch {
          break;
        }
      }
    }
  }

  private async walk(dir: string, out: StoredObject[]): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return this.assertRoot();
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await this.walk(full, out);
      else if (e.isFile()) {
        // A file renamed or removed since the folder was read (a publish committing its temporary files, gc) is not listed.
        const size = await stat(full).then((st) => st.size, (err: unknown) => {
          if (isNotFound(err)) return undefined;
          throw err;
        });
        if (size !== undefined) out.push({ key: relative(this.root, full).split(sep).join('/'), size });
      }
    }
  }

  /** Called when a path is missing: fine in a store that holds nothing there, an outage if the root itself is gone. */
  private async assertRoot(): Promise<void> {
    const there = await stat(this.root).then((s) => s.isDirectory(), () => false);
    if (there) this.rootSeen = true;
    else if (this.rootSeen) throw new StoreUnavailableError(this.uri);
  }

  private async tempFor(path: string): Promise<string> {
    await mkdir(dirname(path), { recursive: true });
    return `${path}.${randomBytes(6).toString('hex')}.tmp`;
  }

  private async commit(tmp: string, path: string, key: string, ifAbsent: boolean): Promise<void> {
    if (!ifAbsent) {
      await renameSynced(tmp, path);
      return;
    }
    try {
      await link(tmp, path);
      await syncDir(dirname(path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ObjectExistsError(key);
      throw err;
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
}

/** Renames a file into place and fsyncs its folder; if the rename fails the temporary file is removed. */
async function renameSynced(tmp: string, path: string): Promise<void> {
  try {
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDir(dirname(path));
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
