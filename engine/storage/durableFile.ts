import { createReadStream } from 'node:fs';
import { copyFile, open, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/** Error codes of platforms or file systems that cannot open or fsync a directory; durability is then best effort. */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF']);

/**
 * Writes a new file through `write`, fsyncs it and closes it; on any failure the file is removed. Used for the
 * temporary file of a write, so that once it is renamed into place its content is on disk, not only in the page cache.
 */
export async function writeSynced(path: string, write: (file: FileHandle) => Promise<void>): Promise<void> {
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'wx');
    await write(file);
    await file.sync();
    await file.close();
    file = undefined;
  } catch (err) {
    await file?.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw err;
  }
}

/** {@link writeSynced} with a buffer or a string. */
export function writeBodySynced(path: string, body: Buffer | string): Promise<void> {
  return writeSynced(path, (file) => file.writeFile(body));
}

/** {@link writeSynced} with the bytes of another file, reporting the bytes copied so far. */
export function copyStreamSynced(path: string, source: string, onProgress?: (bytes: number) => void): Promise<void> {
  return writeSynced(path, async (file) => {
    let sent = 0;
    for await (const chunk of createReadStream(source)) {
      const bytes = chunk as Buffer;
      for (let done = 0; done < bytes.length;) done += (await file.write(bytes, done, bytes.length - done)).bytesWritten;
      sent += bytes.length;
      onProgress?.(sent);
    }
  });
}

/** Copies a file with the platform's fast copy, then fsyncs the copy; on failure the copy is removed. */
export async function copyFileSynced(source: string, path: string): Promise<void> {
  try {
    await copyFile(source, path);
    const file = await open(path, 'r+');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (err) {
    await unlink(path).catch(() => undefined);
    throw err;
  }
}

/**
 * Fsyncs a directory, making the renames and links in it durable. Platforms or file systems that cannot sync a
 * directory (Windows, some network mounts) are skipped.
 */
export async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    if (!DIR_SYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
