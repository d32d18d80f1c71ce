import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SnapshotRef } from '../query/queryPlan';
import { quoteIdent, quoteString } from './sqlQuote';
import { col, fromFiles } from './sqlWriter';

/** Where lookup tables are built and how big a snapshot may be. */
export interface LookupTableOptions {
  /** Folder of the built database files (a subgraph's cache folder, `lookup/`). */
  dir: string;
  /** A snapshot with more rows is never copied: its lookups keep reading parquet. 0 copies none. */
  maxRows: number;
  /** Lookups wait for a copy being built instead of reading parquet meanwhile. */
  wait?: boolean;
  /** Memory limit of the build, in DuckDB syntax (a separate instance, one thread). @default '512MB' */
  buildMemoryLimit?: string;
  /** Where a build spills its sort. */
  tempDirectory?: string;
  /** Called when a build ends, with what it cost, or with why it failed (lookups then keep reading parquet). */
  onBuilt?: (report: LookupTableReport) => void;
}

/** What one copy cost: for logs and the benchmark. */
export interface LookupTableReport {
  id: string;
  rows: number;
  /** 0 when a file a previous process finished was reused. */
  buildMs: number;
  bytes: number;
  error?: unknown;
}

/** What `/healthz` shows: how many copies are being built, attached or failed, and what each attached one cost. */
export interface LookupTableStatus {
  building: number;
  ready: number;
  failed: number;
  tables: Omit<LookupTableReport, 'error'>[];
}

interface Entry {
  table?: string;
  report?: LookupTableReport;
  state: 'building' | 'ready' | 'failed';
  done: Promise<string | undefined>;
}

/** The name of the one table in every lookup database. */
const TABLE = 'snapshot_rows';

/**
 * Local DuckDB copies of snapshots, for key lookups, entity batches and relation fetches (Q1, Q4, Q5 of the
 * benchmark), while scans and aggregates keep reading parquet. A snapshot is immutable, so its copy is built once per
 * process (concurrent callers share one build), kept for the life of the process and never invalidated. The copy is
 * one DuckDB table ordered by the first relation key (a customer's orders are then adjacent, so a relation fetch
 * reads a few blocks) with an ART index on the primary key (a key lookup is an index scan); a product without
 * references is ordered by its primary key, which then needs no index. Measured against an ART index on every
 * references column and against parquet in bench/README.md ("Lookup tables").
 *
 * A build runs in its own DuckDB instance (one thread, its own memory limit) into a temporary file, renamed to its
 * final name only once complete, so a crash mid-build leaves nothing a later process mistakes for a finished copy;
 * a finished file from an earlier process is attached as it is. Until the copy is attached, lookups read parquet.
 */
export class LookupTables {
  private readonly entries = new Map<string, Entry>();
  private closed = false;

  /** @param connect a new connection to the instance the copies are attached to (attachments are instance-wide). */
  constructor(private readonly connect: () => Promise<DuckDBConnection>, private readonly options: LookupTableOptions) {}

  /**
   * The table holding a copy of the snapshot, when it is built; otherwise undefined, and the first call for a
   * snapshot small enough starts its build.
   */
  tableFor(ref: SnapshotRef | undefined): string | undefined {
    if (!ref || this.closed) return undefined;
    const entry = this.entries.get(ref.id) ?? this.start(ref);
    return entry?.table;
  }

  /**
   * The table to read a snapshot from now: {@link tableFor}, or with `wait` the table once built (undefined for a
   * snapshot that is not copied or whose build failed).
   */
  async tableNow(ref: SnapshotRef | undefined): Promise<string | undefined> {
    if (!ref) return undefined;
    return this.options.wait ? this.whenBuilt(ref) : this.tableFor(ref);
  }

  /** Resolves when the snapshot's copy is attached (its table) or will not be (undefined); starts the build. */
  whenBuilt(ref: SnapshotRef): Promise<string | undefined> {
    this.tableFor(ref);
    return this.entries.get(ref.id)?.done ?? Promise.resolve(undefined);
  }

  /** How many copies are being built, attached, or failed to build. */
  status(): LookupTableStatus {
    const s: LookupTableStatus = { building: 0, ready: 0, failed: 0, tables: [] };
    for (const e of this.entries.values()) {
      s[e.state]++;
      if (e.report) s.tables.push(e.report);
    }
    return s;
  }

  /** Stops attaching copies (the connection is closing). */
  close(): void {
    this.closed = true;
  }

  private start(ref: SnapshotRef): Entry | undefined {
    if (ref.rows > this.options.maxRows || !ref.key.length || !ref.files.length) return undefined;
    const entry: Entry = { state: 'building', done: Promise.resolve(undefined) };
    entry.done = this.build(ref).then(({ table, report }) => {
      entry.table = table;
      entry.report = report;
      entry.state = 'ready';
      return table;
    }, (error: unknown) => {
      entry.state = 'failed';
      this.options.onBuilt?.({ id: ref.id, rows: ref.rows, buildMs: 0, bytes: 0, error });
      return undefined;
    });
    this.entries.set(ref.id, entry);
    return entry;
  }

  private async build(ref: SnapshotRef): Promise<{ table: string; report: LookupTableReport }> {
    const started = performance.now();
    await mkdir(this.options.dir, { recursive: true });
    const base = ref.id.replace(/[^A-Za-z0-9._-]/g, '_');
    const final = join(this.options.dir, `${base}.duckdb`);
    const alias = `lookup_${base.replace(/[^A-Za-z0-9]/g, '_')}`;
    let bytes = await sizeOf(final);
    let buildMs = 0;
    if (bytes === undefined) {
      await removeLeftovers(this.options.dir, `${base}.duckdb.`);
      const temp = `${final}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await buildCopy(temp, ref, this.options);
        await rename(temp, final);
      } finally {
        await rm(temp, { force: true });
        await rm(`${temp}.wal`, { force: true });
      }
      bytes = (await sizeOf(final)) ?? 0;
      buildMs = performance.now() - started;
    }
    if (this.closed) throw new Error('the executor closed before the lookup table was attached');
    const connection = await this.connect();
    try {
      await connection.run(`ATTACH ${quoteString(final)} AS ${quoteIdent(alias)} (READ_ONLY)`);
    } finally {
      connection.closeSync();
    }
    const report = { id: ref.id, rows: ref.rows, buildMs: Math.round(buildMs), bytes };
    this.options.onBuilt?.(report);
    return { table: `${quoteIdent(alias)}.${quoteIdent(TABLE)}`, report };
  }
}

/** Writes the copy of a snapshot into a new database file at `path`. */
async function buildCopy(path: string, ref: SnapshotRef, options: LookupTableOptions): Promise<void> {
  const config: Record<string, string> = {
    threads: '1', memory_limit: options.buildMemoryLimit ?? '512MB',
    autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', preserve_insertion_order: 'true',
  };
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  const instance = await DuckDBInstance.create(path, config);
  try {
    const c = await instance.connect();
    try {
      const cluster = ref.relationKeys[0];
      const order = [...(cluster ? [cluster] : []), ...ref.key].map(col).join(', ');
      await c.run(`CREATE TABLE ${TABLE} AS SELECT * FROM ${fromFiles({ files: [...ref.files], renamed: ref.renamed })}${cluster ? ` ORDER BY ${order}` : ''}`);
      // Ordered by the relation key, the primary key needs an index; ordered by the key, zone maps find its rows.
      if (cluster) await c.run(`CREATE INDEX ${TABLE}_key ON ${TABLE} (${ref.key.map(col).join(', ')})`);
      await c.run('CHECKPOINT');
    } finally {
      c.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Temporary files of builds whose process is gone (it crashed mid-build): never attached, only removed. */
async function removeLeftovers(dir: string, prefix: string): Promise<void> {
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
