/** An object as listed by a store. */
export interface StoredObject {
  /** Key relative to the store root, `/`-separated. */
  key: string;
  size: number;
}

/** Called as an upload advances, with the bytes sent so far of this object. */
export type ProgressListener = (sentBytes: number) => void;

/**
 * The one storage seam: everything Tessera reads or writes goes through it. Keys are relative to the store's root
 * and `/`-separated. Implementations: a local folder and S3 (or any S3-protocol server), chosen by {@link openStore}.
 */
export interface ObjectStore {
  /** The root URI, for logs only (never shown to clients). */
  readonly uri: string;
  /** Writes a whole object at once; with `ifAbsent` it fails with `ObjectExistsError` instead of overwriting. */
  put(key: string, body: Buffer | string, options?: { ifAbsent?: boolean }): Promise<void>;
  /** Uploads a local file (multipart when large), reporting progress in bytes. */
  putFile(key: string, localPath: string, onProgress?: ProgressListener): Promise<void>;
  /** Reads a whole object; throws `ObjectNotFoundError` when absent. */
  get(key: string): Promise<Buffer>;
  /** Downloads an object to a local file (written to a temporary name, then renamed). */
  getToFile(key: string, localPath: string): Promise<void>;
  /**
   * Lists every object whose key starts with `prefix`, sorted by key. With `temporary`, a local store also lists the
   * temporary files of writes in progress or interrupted (`<key>.<random>.tmp`), for garbage collection; an S3 store
   * has none (an interrupted upload is not an object).
   */
  list(prefix: string, options?: { temporary?: boolean }): Promise<StoredObject[]>;
  /** Deletes objects; absent keys are not an error. */
  delete(keys: string[]): Promise<void>;
  /** For a store on the local disk, the path of a key so engines read it in place; undefined for remote stores. */
  localPath(key: string): string | undefined;
}

/** Thrown by `get` and `getToFile` when the key does not exist. */
export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`no object at "${key}"`);
    this.name = 'ObjectNotFoundError';
  }
}

/** Thrown by `put(..., { ifAbsent: true })` when the key already exists. */
export class ObjectExistsError extends Error {
  constructor(readonly key: string) {
    super(`an object already exists at "${key}"`);
    this.name = 'ObjectExistsError';
  }
}

/** Thrown when the store itself is gone (a local store's folder that existed was removed or unmounted). */
export class StoreUnavailableError extends Error {
  constructor(readonly uri: string) {
    super(`the store at "${uri}" is not there any more`);
    this.name = 'StoreUnavailableError';
  }
}
