import { createHash } from 'node:crypto';
import type { VersionContract } from '../contract/types';

/**
 * The hash of what a reader depends on in a version: column names and types in order, and the primary key. Descriptions,
 * tests and pii flags do not change the data's shape and so do not change the hash.
 */
export function schemaHash(version: Pick<VersionContract, 'columns' | 'primaryKey'>): string {
  const canonical = JSON.stringify({
    columns: version.columns.map((c) => ({ name: c.name, type: c.type })),
    primaryKey: version.primaryKey,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
