import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotRef } from '../query/queryPlan';
import { openDuckDB } from './openDuckDB';
import { col, fromFiles } from './sqlWriter';

/** The name of the one table in every lookup database. */
export const LOOKUP_TABLE = 'snapshot_rows';

/** How a build runs: its own memory limit, and where it spills its sort. */
export interface LookupBuildOptions {
  buildMemoryLimit?: string;
  tempDirectory?: string;
}

/**
 * Writes the copy of a snapshot into a new database file at `path`, in a DuckDB instance of its own (one thread, its
 * own memory limit): one table ordered by the first relation key, with an ART index on the primary key.
 */
export async function buildLookupCopy(path: string, ref: SnapshotRef, options: LookupBuildOptions): Promise<void> {
  const db = await openDuckDB({ path, threads: 1, memoryLimit: options.buildMemoryLimit ?? '512MB', tempDirectory: options.tempDirectory });
  try {
    const c = db.connection;
    const cluster = ref.relationKeys[0];
    const order = [...(cluster ? [cluster] : []), ...ref.key].map(col).join(', ');
    await c.run(`CREATE TABLE ${LOOKUP_TABLE} AS SELECT * FROM ${fromFiles({ files: [...ref.files], renamed: ref.renamed })}${cluster ? ` ORDER BY ${order}` : ''}`);
    // Ordered by the relation key, the primary key needs an index; ordered by the key, zone maps find its rows.
    if (cluster) await c.run(`CREATE INDEX ${LOOKUP_TABLE}_key ON ${LOOKUP_TABLE} (${ref.key.map(col).join(', ')})`);
    await c.run('CHECKPOINT');
  } finally {
    db.close();
  }
}

/** The size of a file, or undefined when there is none. */
export async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Temporary files of builds whose process is gone (it crashed mid-build): never attached, only removed. */
export async function removeLeftovers(dir: string, prefix: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const m = /^(\d+)\.[0-9a-f]+\.tmp(\.wal)?$/.exec(name.slice(prefix.length));
    if (name.startsWith(prefix) && m && !alive(Number(m[1]))) await rm(join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
