import type { ObjectStore, ProgressListener, StoredObject } from '../../engine/storage/objectStore';

/**
 * Wraps a store and calls `beforeManifest` when a snapshot's `_manifest.json` is about to be written, so a test can
 * fail (or kill) a publish after its files were uploaded but before its commit. Records the keys of uploaded files.
 */
export class FailingStore implements ObjectStore {
  readonly uploaded: string[] = [];

  constructor(private readonly inner: ObjectStore, private readonly beforeManifest: () => void) {}

  get uri(): string { return this.inner.uri; }

  async put(key: string, body: Buffer | string, options?: { ifAbsent?: boolean }): Promise<void> {
    if (key.endsWith('/_manifest.json')) this.beforeManifest();
    return this.inner.put(key, body, options);
  }

  async putFile(key: string, localPath: string, onProgress?: ProgressListener): Promise<void> {
    this.uploaded.push(key);
    return this.inner.putFile(key, localPath, onProgress);
  }

  get(key: string): Promise<Buffer> { return this.inner.get(key); }
  getToFile(key: string, localPath: string): Promise<void> { return this.inner.getToFile(key, localPath); }
  list(prefix: string): Promise<StoredObject[]> { return this.inner.list(prefix); }
  delete(keys: string[]): Promise<void> { return this.inner.delete(keys); }
  localPath(key: string): string | undefined { return this.inner.localPath(key); }
}
