import type { VersionContract } from './types';

/** A change that breaks readers of a major version: found by comparing a version with what was published before. */
export interface BreakingChange {
  rule: 'breaking/removed_column' | 'breaking/retyped_column' | 'breaking/primary_key' | 'breaking/renamed_column';
  /** Path inside the version block, e.g. `/columns/2/type` or `/primaryKey`. */
  path: string;
  message: string;
}

type Columns = Pick<VersionContract, 'columns'>['columns'];

/**
 * Where a published column is in the next version: by its name, else as the column that says it was
 * `renamedFrom` it; -1 when neither.
 */
function successorOf(next: Columns, name: string): { index: number; renamed: boolean } {
  const same = next.findIndex((c) => c.name === name);
  if (same >= 0) return { index: same, renamed: false };
  return { index: next.findIndex((c) => c.renamedFrom === name), renamed: true };
}

/**
 * Compares a version as the contract now says with the same version as it was last published. Inside a major version
 * only additive changes are allowed: a new column is fine; removing or retyping one, or changing the primary key, is
 * not. A rename is allowed in one form only: the column under its new name says `renamedFrom: <old name>` (the API
 * keeps the old field as a deprecated alias), keeps its type, and a column renamed so keeps its `renamedFrom` for the
 * rest of the major version (consumers may still read the alias).
 */
export function breakingChanges(published: Pick<VersionContract, 'columns' | 'primaryKey' | 'version'>,
  next: Pick<VersionContract, 'columns' | 'primaryKey'>): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const v = `v${published.version}`;
  for (const old of published.columns) {
    const { index: j, renamed } = successorOf(next.columns, old.name);
    const now = next.columns[j];
    if (!now) {
      changes.push({ rule: 'breaking/removed_column', path: '/columns',
        message: `expected column "${old.name}" (${old.type}) published in ${v} to remain, found it removed; removing a column needs a new major version ` +
          `(to rename it, give the column under its new name \`renamedFrom: ${old.name}\`)` });
      continue;
    }
    if (now.type !== old.type) {
      changes.push({ rule: 'breaking/retyped_column', path: `/columns/${j}/type`,
        message: `expected column "${renamed ? now.name : old.name}"${renamed ? ` (renamed from "${old.name}")` : ''} to keep type ${old.type} published in ${v}, found ${now.type}; changing a type needs a new major version` });
    }
    if (renamed && old.renamedFrom) {
      changes.push({ rule: 'breaking/renamed_column', path: `/columns/${j}/renamedFrom`,
        message: `expected column "${old.name}", renamed from "${old.renamedFrom}" in ${v}, to keep its name, found it renamed again to "${now.name}"; ` +
          `a column is renamed at most once within a major version (its first alias would go)` });
    } else if (!renamed && old.renamedFrom && now.renamedFrom !== old.renamedFrom) {
      changes.push({ rule: 'breaking/renamed_column', path: `/columns/${j}`,
        message: `expected column "${old.name}" to keep \`renamedFrom: ${old.renamedFrom}\` published in ${v}, found ${now.renamedFrom ? `"${now.renamedFrom}"` : 'none'}; ` +
          `its alias ${JSON.stringify(old.renamedFrom)} stays until a new major version` });
    }
  }
  if (JSON.stringify(published.primaryKey) !== JSON.stringify(next.primaryKey)) {
    changes.push({ rule: 'breaking/primary_key', path: '/primaryKey',
      message: `expected primary key [${published.primaryKey.join(', ')}] published in ${v}, found [${next.primaryKey.join(', ')}]; changing the key needs a new major version` });
  }
  return changes;
}
