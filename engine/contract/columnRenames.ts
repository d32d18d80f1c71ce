import type { VersionContract } from './types';

/** A column a snapshot's files hold as `from`, to be read as `to`. */
export interface ColumnRename {
  from: string;
  to: string;
}

/**
 * The columns of a version that a snapshot holds under their former name: those the contract says were
 * `renamedFrom` a name the snapshot's own columns (as its manifest records them) still have, where they lack the new
 * one. None for a snapshot published after the renames, or whose columns are not recorded.
 */
export function columnRenames(version: Pick<VersionContract, 'columns'>, published: readonly { name: string }[] | undefined): ColumnRename[] {
  if (!published) return [];
  const names = new Set(published.map((c) => c.name));
  return version.columns
    .filter((c) => c.renamedFrom !== undefined && !names.has(c.name) && names.has(c.renamedFrom))
    .map((c) => ({ from: c.renamedFrom!, to: c.name }));
}
