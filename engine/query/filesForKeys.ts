import { Buffer } from 'node:buffer';
import type { ManifestFile } from '../snapshot/manifest';
import type { ColumnModel } from '../model/productModel';
import type { SqlValue } from './scalarValue';

type Compare = (a: string, b: string) => number;

/** How DuckDB orders values of a type, where their text can be compared faithfully; undefined otherwise. */
function comparatorFor(column: ColumnModel): Compare | undefined {
  switch (column.type) {
    case 'int32':
    case 'int64':
      return (a, b) => {
        const d = BigInt(a) - BigInt(b);
        return d < 0n ? -1 : d > 0n ? 1 : 0;
      };
    // DuckDB orders text by its UTF-8 bytes; dates as YYYY-MM-DD text order the same way as dates.
    case 'string':
    case 'date':
      return (a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
    default:
      return undefined;
  }
}

/**
 * The files of a snapshot that can hold any of `keys` of its first primary-key column, by the key ranges the manifest
 * records per file (files are written sorted by key, so a lookup of a few keys opens one file instead of all). Files
 * without a recorded range, and every file for a type whose text does not order like its values, are kept.
 * @param files local paths, in the manifest's file order.
 */
export function filesForKeys(manifestFiles: readonly ManifestFile[], files: readonly string[], column: ColumnModel, keys: readonly SqlValue[]): string[] {
  const compare = comparatorFor(column);
  if (!compare) return [...files];
  const texts = keys.map(String);
  return files.filter((_path, i) => {
    const range = manifestFiles[i]?.keyRange;
    if (!range) return true;
    if (range.min === null || range.max === null) return false;
    return texts.some((k) => compare(k, range.min!) >= 0 && compare(k, range.max!) <= 0);
  });
}
