import type { VersionContract } from './types';

/** A change that breaks readers of a major version: found by comparing a version with what was published before. */
export interface BreakingChange {
  rule: 'breaking/removed_column' | 'breaking/retyped_column' | 'breaking/primary_key';
  /** Path inside the version block, e.g. `/columns/2/type` or `/primaryKey`. */
  path: string;
  message: string;
}

/**
 * Compares a version as the contract now says with the same version as it was last published. Inside a major version
 * only additive changes are allowed: a new column is fine; removing or retyping one, or changing the primary key, is not.
 */
export function breakingChanges(published: Pick<VersionContract, 'columns' | 'primaryKey' | 'version'>,
  next: Pick<VersionContract, 'columns' | 'primaryKey'>): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const v = `v${published.version}`;
  for (const old of published.columns) {
    const j = next.columns.findIndex((c) => c.name === old.name);
    const now = next.columns[j];
    if (!now) {
      changes.push({ rule: 'breaking/removed_column', path: '/columns',
        message: `expected column "${old.name}" (${old.type}) published in ${v} to remain, found it removed; removing a column needs a new major version` });
    } else if (now.type !== old.type) {
      changes.push({ rule: 'breaking/retyped_column', path: `/columns/${j}/type`,
        message: `expected column "${old.name}" to keep type ${old.type} published in ${v}, found ${now.type}; changing a type needs a new major version` });
    }
  }
  if (JSON.stringify(published.primaryKey) !== JSON.stringify(next.primaryKey)) {
    changes.push({ rule: 'breaking/primary_key', path: '/primaryKey',
      message: `expected primary key [${published.primaryKey.join(', ')}] published in ${v}, found [${next.primaryKey.join(', ')}]; changing the key needs a new major version` });
  }
  return changes;
}
