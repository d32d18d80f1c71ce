import { createReadStream } from 'node:fs';
import type { Readable, Transform } from 'node:stream';
import * as zlib from 'node:zlib';

/** The compression an input file's name announces: `.gz` (gzip), `.zst` (zstd) or none. */
export function inputCompression(file: string): 'gzip' | 'zstd' | undefined {
  if (/\.gz$/i.test(file)) return 'gzip';
  if (/\.zst$/i.test(file)) return 'zstd';
  return undefined;
}

/** The file name without a compression suffix: `orders.csv.gz` → `orders.csv`. */
export function uncompressedName(file: string): string {
  return file.replace(/\.(gz|zst)$/i, '');
}

/**
 * A stream of an input file's bytes, decompressed as its name says (`.gz`, `.zst`), so readers that look at the bytes
 * themselves (the CSV header, JSON records) see what DuckDB's readers see.
 * @throws Error for a `.zst` file on a Node.js without zstd in `node:zlib` (added in Node.js 22.15).
 */
export function openInput(file: string): Readable {
  const compression = inputCompression(file);
  if (!compression) return createReadStream(file);
  let decompress: Transform;
  if (compression === 'gzip') decompress = zlib.createGunzip();
  else {
    const zstd = (zlib as unknown as Record<string, unknown>).createZstdDecompress;
    if (typeof zstd !== 'function') throw new Error('expected a Node.js with zstd support (22.15 or later) for a .zst input; compress it with gzip (.gz) instead');
    decompress = (zstd as () => Transform)();
  }
  const raw = createReadStream(file);
  raw.on('error', (err) => decompress.destroy(err));
  return raw.pipe(decompress);
}
