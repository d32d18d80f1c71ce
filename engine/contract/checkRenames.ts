import type { VersionContract } from './types';

/** A finding of {@link checkRenames}, before the file and line are known. */
export interface RenameFinding {
  path: string;
  rule: 'columns/renamed_from';
  message: string;
}

/**
 * The rules a column's `renamedFrom` follows inside one version: the former name is not a column of the version (the
 * API serves it as an alias of the new one), no two columns share a former name, and a primary-key column is never
 * renamed (the key is the entity's `@key`: renaming it needs a new major version).
 */
export function checkRenames(v: VersionContract, index: number): RenameFinding[] {
  const findings: RenameFinding[] = [];
  const names = new Set(v.columns.map((c) => c.name));
  const formers = new Map<string, string>();
  v.columns.forEach((c, j) => {
    const former = c.renamedFrom;
    if (!former) return;
    const path = `/versions/${index}/columns/${j}/renamedFrom`;
    const add = (message: string): void => {
      findings.push({ path, rule: 'columns/renamed_from', message });
    };
    if (former === c.name) add(`expected "renamedFrom" of column "${c.name}" to name its former name, found its own name`);
    else if (names.has(former)) add(`expected "renamedFrom" of column "${c.name}" to name a column no longer in version ${v.version}, found "${former}", which still is`);
    else if (formers.has(former)) add(`expected one column renamed from "${former}", found "${formers.get(former)}" and "${c.name}"`);
    if (v.primaryKey.includes(c.name)) add(`expected no "renamedFrom" on primary-key column "${c.name}": renaming a key changes the entity key, which needs a new major version`);
    formers.set(former, c.name);
  });
  return findings;
}
