import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SnapshotRef } from '../query/queryPlan';
import type { CacheCompanion, CompanionItem } from '../snapshot/cacheCompanion';
import { nextUseTime } from '../snapshot/useClock';
import type { LookupBuildOptions } from './buildLookupCopy';
import { buildLookupCopy, LOOKUP_TABLE, removeLeftovers, sizeOf } from './buildLookupCopy';
import { LookupFiles } from './lookupFiles';
import type { LookupLease, LookupTableReport, LookupTableStatus } from './lookupTableReport';
import { quoteIdent, quoteString } from './sqlQuote';

/** Where lookup tables are built and how big a snapshot may be. */
export interface LookupTableOptions extends LookupBuildOptions {
  /** Folder of the built database files (a subgraph's cache folder, `lookup/`). */
  dir: string;
  /** A snapshot with more rows is never copied: its lookups keep reading parquet. 0 copies none. */
  maxRows: number;
  /** Memory limit of the one-thread DuckDB instance the copies are attached to and read on. @default '512MB' */
  memoryLimit?: string;
  /** Lookups wait for a copy being built instead of reading parquet meanwhile. */
  wait?: boolean;
  /** Called when a build ends, with what it cost, or with why it failed and when it is tried again. */
  onBuilt?: (report: LookupTableReport) => void;
  /** The clock a failed build's retry is timed by (tests move it instead of waiting). @default Date.now */
  now?: () => number;
}

interface Entry {
  id: string;
  state: 'building' | 'ready' | 'failed';
  done: Promise<string | undefined>;
  path: string;
  alias: string;
  table?: string;
  report?: LookupTableReport;
  bytes: number;
  lastUsed: number;
  /** Statements holding a lease now. */
  readers: number;
  /** The copy is to go: no new lease; the last release detaches it and removes its file. */
  dropping: boolean;
  removal?: Promise<void>;
  /** Builds failed in a row. */
  failures: number;
  /** A failed entry is built again by the first lookup at or after this time (`options.now`). */
  retryAt: number;
}

/** The first retry of a failed build waits this long, each next one twice as long, up to {@link RETRY_MAX_MS}. */
const RETRY_FIRST_MS = 30_000;
const RETRY_MAX_MS = 600_000;

/**
 * Local DuckDB copies of snapshots, for key lookups, entity batches and relation fetches (Q1, Q4, Q5 of the
 * benchmark), while scans and aggregates keep reading parquet. A snapshot is immutable, so its copy never goes stale:
 * it is built once (concurrent callers share one build; builds run one at a time) and kept until the cache evicts
 * it (below). The copy is one DuckDB table ordered by the
 * first relation key (a customer's orders are then adjacent, so a relation fetch reads a few blocks) with an ART index
 * on the primary key (a key lookup is an index scan); a product without references is ordered by its primary key,
 * which then needs no index. Measured against an ART index on every references column and against parquet in
 * bench/README.md ("Lookup tables").
 *
 * A build runs in its own DuckDB instance (one thread, its own memory limit) into a temporary file, renamed to its
 * final name only once complete, so a crash mid-build leaves nothing a later process mistakes for a finished copy;
 * a finished file from an earlier process is attached as it is. Until the copy is attached, lookups read parquet. A
 * build that fails is tried again by the first lookup after a backoff (30 s, doubling up to 10 min).
 *
 * The copies live in the subgraph's cache folder, so they are a {@link CacheCompanion} of its snapshot cache: counted
 * in the same `TESSERA_CACHE_MAX_BYTES` and evicted by the same least-recently-used rule (a lookup's lease is a use).
 * Each statement reading a copy holds a {@link LookupLease}, so a copy is detached (and its file removed) only once
 * no statement that was compiled against it is waiting or running; the next lookup builds it again.
 */
export class LookupTables implements CacheCompanion {
  private readonly entries = new Map<string, Entry>();
  private readonly files: LookupFiles;
  /** Builds run one at a time: each holds a DuckDB instance with its own memory limit. */
  private building: Promise<unknown> = Promise.resolve();
  private readonly growListeners: ((snapshot: string) => Promise<void>)[] = [];
  private closed = false;

  /** @param connect a new connection to the instance the copies are attached to (attachments are instance-wide). */
  constructor(private readonly connect: () => Promise<DuckDBConnection>, private readonly options: LookupTableOptions) {
    this.files = new LookupFiles(options.dir, (snapshot) => this.entries.has(snapshot));
  }

  /**
   * The snapshot's table held for one statement, when its copy is attached; otherwise undefined (read parquet), and
   * the first call for a snapshot small enough starts its build (or, past its backoff, the retry of a failed one).
   */
  lease(ref: SnapshotRef | undefined): LookupLease | undefined {
    if (!ref || this.closed) return undefined;
    const entry = this.entryFor(ref);
    if (entry?.state !== 'ready' || entry.dropping || !entry.table) return undefined;
    entry.readers++;
    entry.lastUsed = nextUseTime();
    let released = false;
    return {
      table: entry.table,
      release: () => {
        if (released) return;
        released = true;
        entry.readers--;
        // Removal failures leave a file the next eviction finds again.
        if (entry.dropping && !entry.readers) void this.remove(entry).catch(() => undefined);
      },
    };
  }

  /** {@link lease} now, or with `wait` once the copy is built (undefined when it is not copied or its build failed). */
  async leaseNow(ref: SnapshotRef | undefined): Promise<LookupLease | undefined> {
    if (!ref) return undefined;
    if (this.options.wait) await this.whenBuilt(ref);
    return this.lease(ref);
  }

  /** Resolves when the snapshot's copy is attached (its table) or will not be (undefined); starts the build. */
  whenBuilt(ref: SnapshotRef): Promise<string | undefined> {
    return this.entryFor(ref)?.done ?? Promise.resolve(undefined);
  }

  /** How many copies are being built, attached, or failed to build. */
  status(): LookupTableStatus {
    const s: LookupTableStatus = { building: 0, ready: 0, failed: 0, tables: [] };
    for (const e of this.entries.values()) {
      s[e.state]++;
      if (e.state === 'ready' && e.report) s.tables.push({ id: e.report.id, rows: e.report.rows, buildMs: e.report.buildMs, bytes: e.report.bytes });
    }
    return s;
  }

  /** Every finished copy on disk (a copy being built is busy, with the bytes it will have unknown until it is done). */
  async items(): Promise<CompanionItem[]> {
    const items: CompanionItem[] = [];
    for (const f of await this.files.leftovers()) items.push({ snapshot: f.snapshot, bytes: f.bytes, lastUsed: f.lastUsed, busy: false });
    for (const e of this.entries.values()) {
      // A copy being dropped is already going: it is not counted again.
      if (e.state !== 'failed' && !e.dropping) items.push({ snapshot: e.id, bytes: e.bytes, lastUsed: e.lastUsed, busy: e.state === 'building' || e.readers > 0 });
    }
    return items;
  }

  /** Detaches the snapshot's copy and removes its file, once no statement holds it; a copy being built is kept. */
  async drop(snapshot: string): Promise<number> {
    const entry = this.entries.get(snapshot);
    if (!entry) {
      const file = await this.files.leftover(snapshot);
      if (!file || this.entries.has(snapshot)) return 0;
      await this.files.remove(snapshot, file.path);
      return file.bytes;
    }
    if (entry.state !== 'ready') return 0;
    const counted = !entry.dropping;
    entry.dropping = true;
    if (!entry.readers) await this.remove(entry);
    return counted ? entry.bytes : 0;
  }

  /** Tells `listener` of every new copy, before its first lease (the cache makes room for it). */
  onGrow(listener: (snapshot: string) => Promise<void>): void {
    this.growListeners.push(listener);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Stops attaching copies (the connection is closing). */
  close(): void {
    this.closed = true;
  }

  /** The snapshot's entry, started (or restarted past its backoff) when due; undefined for one never copied. */
  private entryFor(ref: SnapshotRef): Entry | undefined {
    const entry = this.entries.get(ref.id);
    if (entry && !(entry.state === 'failed' && this.now() >= entry.retryAt)) return entry;
    if (ref.rows > this.options.maxRows || !ref.key.length || !ref.files.length) return undefined;
    return this.start(ref, entry?.failures ?? 0);
  }

  private start(ref: SnapshotRef, failures: number): Entry {
    const base = ref.id.replace(/[^A-Za-z0-9._@-]/g, '_');
    const entry: Entry = {
      id: ref.id, state: 'building', done: Promise.resolve(undefined), path: join(this.options.dir, `${base}.duckdb`),
      alias: `lookup_${base.replace(/[^A-Za-z0-9]/g, '_')}`, bytes: 0, lastUsed: nextUseTime(), readers: 0, dropping: false, failures, retryAt: 0,
    };
    entry.done = this.build(ref, entry).then(async (report) => {
      entry.report = report;
      entry.bytes = report.bytes;
      entry.lastUsed = nextUseTime();
      this.files.adopt(ref.id);
      // The cache makes room before the copy is used (still busy meanwhile, so it stays).
      for (const listener of this.growListeners) await listener(ref.id).catch(() => undefined);
      entry.table = `${quoteIdent(entry.alias)}.${quoteIdent(LOOKUP_TABLE)}`;
      entry.state = 'ready';
      entry.failures = 0;
      this.options.onBuilt?.(report);
      return entry.table;
    }, (error: unknown) => {
      entry.failures++;
      const retryInMs = Math.min(RETRY_FIRST_MS * 2 ** (entry.failures - 1), RETRY_MAX_MS);
      entry.retryAt = this.now() + retryInMs;
      entry.state = 'failed';
      this.options.onBuilt?.({ id: ref.id, rows: ref.rows, buildMs: 0, bytes: 0, error, retryInMs });
      return undefined;
    });
    this.entries.set(ref.id, entry);
    return entry;
  }

  /** {@link buildNow} after every build started before it: one build at a time. */
  private build(ref: SnapshotRef, entry: Entry): Promise<LookupTableReport> {
    const run = this.building.then(() => this.buildNow(ref, entry));
    this.building = run.catch(() => undefined);
    return run;
  }

  private async buildNow(ref: SnapshotRef, entry: Entry): Promise<LookupTableReport> {
    await this.files.removed(ref.id);
    const started = performance.now();
    await mkdir(this.options.dir, { recursive: true });
    const final = entry.path;
    let bytes = await sizeOf(final);
    let buildMs = 0;
    if (bytes === undefined) {
      await removeLeftovers(this.options.dir, `${final.slice(this.options.dir.length + 1)}.`);
      const temp = `${final}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await buildLookupCopy(temp, ref, this.options);
        await rename(temp, final);
      } finally {
        await rm(temp, { force: true });
        await rm(`${temp}.wal`, { force: true });
      }
      bytes = (await sizeOf(final)) ?? 0;
      buildMs = performance.now() - started;
    } else {
      // A copy an earlier process left: its use now orders it for eviction after a restart too.
      const now = new Date();
      await utimes(final, now, now).catch(() => undefined);
    }
    if (this.closed) throw new Error('the executor closed before the lookup table was attached');
    const connection = await this.connect();
    try {
      // Only an entry that is gone from this process's map had the alias; a detach that failed then left it attached.
      await connection.run(`DETACH DATABASE IF EXISTS ${quoteIdent(entry.alias)}`);
      await connection.run(`ATTACH ${quoteString(final)} AS ${quoteIdent(entry.alias)} (READ_ONLY)`);
    } finally {
      connection.closeSync();
    }
    return { id: ref.id, rows: ref.rows, buildMs: Math.round(buildMs), bytes };
  }

  /**
   * Detaches a copy no statement holds and removes its file; the next lookup of its snapshot builds it again. The
   * entry stays (dropping: no lease) until its file is gone, so no build can start meanwhile and find the old file.
   */
  private remove(entry: Entry): Promise<void> {
    entry.removal ??= (async () => {
      try {
        if (!this.closed) {
          const connection = await this.connect();
          try {
            await connection.run(`DETACH DATABASE IF EXISTS ${quoteIdent(entry.alias)}`);
          } finally {
            connection.closeSync();
          }
        }
      } finally {
        try {
          await this.files.remove(entry.id, entry.path);
        } finally {
          if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id);
        }
      }
    })();
    return entry.removal;
  }
}
