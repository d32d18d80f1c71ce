import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString } from '../duckdb/sqlQuote';
import type { ObjectStore } from '../storage/objectStore';
import type { UsageTable } from './usageLog';
import { usageDay, usageDayPrefix } from './usageLog';

/** A time window of the usage log: from `since` (inclusive) to `until` (exclusive), by minute. */
export interface UsageWindow {
  since: Date;
  /** @default now */
  until?: Date;
}

/** Requests of one consumer that read one field of one product version in a window. */
export interface FieldUsage {
  consumer: string;
  version: number;
  field: string;
  column: string | null;
  requests: number;
  /** Start of the last minute it was read in. */
  lastReadAt: Date;
}

/** One consumer of a product in a window: what it read and what that cost. */
export interface ConsumerUsage {
  consumer: string;
  /** Versions it read, ascending. */
  versions: number[];
  requests: number;
  rows: number;
  bytesScanned: number;
  engineMs: number;
  lastReadAt: Date;
}

/** The cost of one consumer's requests to one product version in a window. */
export interface UsageCost {
  product: string;
  version: number;
  consumer: string;
  requests: number;
  rows: number;
  bytesScanned: number;
  engineMs: number;
}

/** A consumer that read a product (a version, some fields) recently. */
export interface RecentReader {
  consumer: string;
  /** Versions it read among those asked about, ascending. */
  versions: number[];
  /** The fields (GraphQL names) it read among those asked about, sorted; every field it read when none was asked. */
  fields: string[];
  requests: number;
  lastReadAt: Date;
}

/** What {@link UsageReader.recentReaders} asks. */
export interface RecentReadersQuery {
  /** `<domain>.<product>` */
  product: string;
  /** Only readers of this version. */
  version?: number;
  /** Only readers of at least one of these fields, by GraphQL field name or contract column name. */
  fields?: readonly string[];
  /** @default the last 30 days */
  since?: Date;
  until?: Date;
}

/** Longest window a question may span: every day of it is listed in the store. */
const MAX_WINDOW_DAYS = 400;
const DAY_MS = 86_400_000;


/** What "recently" means for usage questions that name no window: the last 30 days. */
export const RECENT_WINDOW_DAYS = 30;
/**
 * Answers questions over the usage log in the store (what the gateways flushed; the minutes still in a gateway's
 * memory are not there yet) with DuckDB over the parquet files of the days a window spans. Files are immutable:
 * on a remote store each is downloaded once into `cacheDir`. Usage is per minute, so a window is rounded to minutes.
 */
export class UsageReader {
  private readonly listings = new Map<string, ReturnType<ObjectStore['list']>>();

  constructor(private readonly store: ObjectStore, private readonly connection: DuckDBConnection, private readonly cacheDir: string,
    private readonly now: () => number = Date.now) {}

  /**
   * Requests by consumer × version × field of one product in a window, sorted by consumer, version and field.
   * @throws RangeError for a window that ends before it starts or spans more than {@link MAX_WINDOW_DAYS} days.
   */
  async fieldUsage(product: string, window: UsageWindow): Promise<FieldUsage[]> {
    const rows = await this.query('fields', window, `SELECT consumer, version, field, any_value("column") AS "column",
      sum(requests)::BIGINT AS requests, epoch_ms(max(minute)) AS last FROM usage WHERE product = $product
      GROUP BY consumer, version, field ORDER BY consumer, version, field`, { product });
    return rows.map((r) => ({
      consumer: String(r.consumer), version: Number(r.version), field: String(r.field), column: r.column === null ? null : String(r.column),
      requests: Number(r.requests), lastReadAt: new Date(Number(r.last)),
    }));
  }

  /**
   * Every consumer of one product in a window, sorted by consumer.
   * @throws RangeError for a bad window (see {@link fieldUsage}).
   */
  async consumers(product: string, window: UsageWindow): Promise<ConsumerUsage[]> {
    const rows = await this.query('requests', window, `SELECT consumer, list(DISTINCT version ORDER BY version) AS versions,
      sum(requests)::BIGINT AS requests, sum(rows)::BIGINT AS rows, sum(bytes_scanned)::BIGINT AS bytes, sum(engine_ms) AS engine_ms,
      epoch_ms(max(minute)) AS last FROM usage WHERE product = $product GROUP BY consumer ORDER BY consumer`, { product });
    return rows.map((r) => ({
      consumer: String(r.consumer), versions: (r.versions as unknown[]).map(Number), requests: Number(r.requests), rows: Number(r.rows),
      bytesScanned: Number(r.bytes), engineMs: Number(r.engine_ms), lastReadAt: new Date(Number(r.last)),
    }));
  }

  /**
   * Requests, rows, bytes scanned and engine time per product version and consumer in a window, sorted by product,
   * version and consumer: the figures cost per owner sums.
   * @throws RangeError for a bad window (see {@link fieldUsage}).
   */
  async costs(window: UsageWindow): Promise<UsageCost[]> {
    const rows = await this.query('requests', window, `SELECT product, version, consumer, sum(requests)::BIGINT AS requests,
      sum(rows)::BIGINT AS rows, sum(bytes_scanned)::BIGINT AS bytes, sum(engine_ms) AS engine_ms FROM usage
      WHERE product IS NOT NULL GROUP BY product, version, consumer ORDER BY product, version, consumer`, {});
    return rows.map((r) => ({
      product: String(r.product), version: Number(r.version), consumer: String(r.consumer), requests: Number(r.requests),
      rows: Number(r.rows), bytesScanned: Number(r.bytes), engineMs: Number(r.engine_ms),
    }));
  }

  /**
   * The consumers that read a product recently (by default in the last 30 days): of one version, of some fields
   * (given by field or column name), or at all. For the monitor (tell readers of a deprecated version of its sunset)
   * and lineage impact (who read the affected fields). Sorted by consumer.
   * @throws RangeError for a bad window (see {@link fieldUsage}).
   */
  async recentReaders(q: RecentReadersQuery): Promise<RecentReader[]> {
    const since = q.since ?? new Date(this.now() - RECENT_WINDOW_DAYS * DAY_MS);
    const wanted = q.fields?.length ? [...q.fields] : undefined;
    const rows = await this.query('fields', { since, until: q.until }, `SELECT consumer, list(DISTINCT version ORDER BY version) AS versions,
      list(DISTINCT field ORDER BY field) AS fields, sum(requests)::BIGINT AS requests, epoch_ms(max(minute)) AS last FROM usage
      WHERE product = $product AND (CAST($version AS INTEGER) IS NULL OR version = CAST($version AS INTEGER))
        AND (CAST($fields AS VARCHAR) IS NULL OR list_contains(from_json($fields, '["VARCHAR"]'), field)
          OR list_contains(from_json($fields, '["VARCHAR"]'), "column"))
      GROUP BY consumer ORDER BY consumer`, { product: q.product, version: q.version ?? null, fields: wanted ? JSON.stringify(wanted) : null });
    return rows.map((r) => ({
      consumer: String(r.consumer), versions: (r.versions as unknown[]).map(Number), fields: (r.fields as unknown[]).map(String),
      requests: Number(r.requests), lastReadAt: new Date(Number(r.last)),
    }));
  }

  /** Runs `sql` over the table's rows in the window, exposed as the relation `usage`; [] when no file covers it. */
  private async query(table: UsageTable, window: UsageWindow, sql: string, params: Record<string, string | number | null>): Promise<Record<string, unknown>[]> {
    const until = window.until?.getTime() ?? this.now();
    const since = window.since.getTime();
    if (!(until >= since)) throw new RangeError(`expected a window whose end (${new Date(until).toISOString()}) is not before its start (${new Date(since).toISOString()})`);
    if (until - since > MAX_WINDOW_DAYS * DAY_MS) throw new RangeError(`expected a window of at most ${MAX_WINDOW_DAYS} days, got ${Math.ceil((until - since) / DAY_MS)}`);
    const files = await this.files(table, since, until);
    if (!files.length) return [];
    // Values go in as parameters; only the local file paths are literals (DuckDB takes no parameters there).
    const from = `(SELECT * FROM read_parquet([${files.map(quoteString).join(', ')}], union_by_name = true)
      WHERE minute >= make_timestamp(CAST($since_us AS BIGINT)) AND minute < make_timestamp(CAST($until_us AS BIGINT)))`;
    const full = `WITH usage AS ${from} ${sql}`;
    const values: Record<string, string | number | bigint | null> = { ...params, since_us: BigInt(since) * 1000n, until_us: BigInt(until) * 1000n };
    const used = Object.fromEntries(Object.entries(values).filter(([k]) => full.includes(`$${k}`)));
    const reader = await this.connection.runAndReadAll(full, used as Record<string, string>);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  }

  private async files(table: UsageTable, since: number, until: number): Promise<string[]> {
    const days: string[] = [];
    for (let t = since - (since % DAY_MS); t <= until; t += DAY_MS) days.push(usageDay(t));
    const listed = (await Promise.all(days.map((d) => this.listShared(usageDayPrefix(table, d))))).flat();
    return Promise.all(listed.filter((o) => o.key.endsWith('.parquet')).map((o) => this.localFile(o.key)));
  }

  /** Lists a day folder; questions asked at the same moment (the products of one impact trace) share one listing. */
  private listShared(prefix: string): ReturnType<ObjectStore['list']> {
    let listing = this.listings.get(prefix);
    if (!listing) {
      listing = this.store.list(prefix).finally(() => this.listings.delete(prefix));
      this.listings.set(prefix, listing);
    }
    return listing;
  }

  private async localFile(key: string): Promise<string> {
    const inPlace = this.store.localPath(key);
    if (inPlace) return inPlace;
    const path = join(this.cacheDir, ...key.split('/'));
    if (!existsSync(path)) {
      await mkdir(join(path, '..'), { recursive: true });
      await this.store.getToFile(key, path);
    }
    return path;
  }
}
