import { resolve } from 'node:path';
import { LocalStore } from './localStore';
import type { ObjectStore } from './objectStore';
import type { S3StoreOptions } from './s3Store';
import { S3Store } from './s3Store';

/**
 * Opens the store a root URI names: `s3://bucket/prefix` for S3 or an S3-protocol server, anything else a local
 * folder (relative paths resolve against the working directory).
 */
export function openStore(uri: string, s3: S3StoreOptions = {}): ObjectStore {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match) return new S3Store(match[1]!, match[2] ?? '', s3);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    throw new Error(`expected a store URI of the form s3://bucket/prefix or a local folder, got "${uri}"`);
  }
  return new LocalStore(resolve(uri));
}
