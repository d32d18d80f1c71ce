import { access, constants, readdir, realpath } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

const PROGRAMS = ['initdb', 'pg_ctl', 'postgres'];

/** Where {@link findPostgres} looks, overridable for tests. */
export interface PostgresSearch {
  /** Folder holding one `<major>/bin` per installed version (Debian's layout). @default '/usr/lib/postgresql' */
  debianRoot?: string;
  /** The PATH to fall back on. @default process.env.PATH */
  path?: string;
}

async function hasPrograms(dir: string): Promise<boolean> {
  for (const program of PROGRAMS) {
    try {
      await access(join(dir, program), constants.X_OK);
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The folder holding PostgreSQL's server programs (`initdb`, `pg_ctl`, `postgres`): the newest version in Debian's
 * `/usr/lib/postgresql/<major>/bin` (where `apt-get install postgresql` puts them, off the PATH), else the first PATH
 * folder that has all three (its symbolic links resolved, so `postgres` finds its own share folder). Undefined when
 * PostgreSQL is not installed.
 */
export async function findPostgres(search: PostgresSearch = {}): Promise<string | undefined> {
  const root = search.debianRoot ?? '/usr/lib/postgresql';
  const versions = await readdir(root).catch((): string[] => []);
  const newestFirst = versions.filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of newestFirst) {
    const dir = join(root, version, 'bin');
    if (await hasPrograms(dir)) return dir;
  }
  for (const dir of (search.path ?? process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (!(await hasPrograms(dir))) continue;
    const initdb = await realpath(join(dir, 'initdb'));
    const real = initdb.slice(0, initdb.lastIndexOf('/'));
    return (await hasPrograms(real)) ? real : dir;
  }
  return undefined;
}
