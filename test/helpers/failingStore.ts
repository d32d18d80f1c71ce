import type { ObjectStore, ProgressListener, StoredObject } from '../../engine/storage/objectStore';

/**
 * Wraps a store and calls `onManifest` when a snapshot's `_manifest.json` is written, so a test can fail (or kill) a
 * publish after its files were uploaded: `before` the manifest is stored (the commit never happens), or `after` it
 * (the server committed but the client saw an error, as with a reset socket). Records the keys of uploaded files.
 */
export class FailingStore implements ObjectStore {
  readonly uploaded: string[] = [];

  constructor(private readonly inner: ObjectStore, private readonly onManifest: () => void,
    private readonly when: 'before' | 'after' = 'before') {}

  get uri(): string { return this.inner.uri; }

  async put(key: string, body: Buffer | string, options?: { ifAbsent?: boolean }): Promise<void> {
    const manifest = key.endsWith('/_manifest.json');
    if (manifest && this.when === 'before') this.onManifest();
    await this.inner.put(key, body, options);
    if (manifest && this.when === 'after') this.onManifest();
  }

  async putFile(key: string, localPath: string, onProgress?: ProgressListener): Promise<void> {
    this.uploaded.push(key);
    return this.inner.putFile(key, localPath, onProgress);
  }

  get(key: string): Promise<Buffer> { return this.inner.get(key); }
  getToFile(key: string, localPath: string): Promise<void> { return this.inner.getToFile(key, localPath); }
  list(prefix: string, options?: { temporary?: boolean }): Promise<StoredObject[]> { return this.inner.list(prefix, options); }
  delete(keys: string[]): Promise<void> { return this.inner.delete(keys); }
  localPath(key: string): string | undefined { return this.inner.localPath(key); }
}
