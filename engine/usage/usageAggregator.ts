import type { UsageRequest } from './usageRequest';

/** One row of the usage log's `requests` table: requests of a minute by consumer, operation, product version and outcome. */
export interface RequestRow {
  /** Epoch milliseconds of the minute's start (UTC). */
  minute: number;
  consumer: string;
  operation: string | null;
  /** Null for requests that read no product (catalog questions, refused documents). */
  product: string | null;
  version: number | null;
  outcome: string;
  requests: number;
  rows: number;
  bytesScanned: number;
  engineMs: number;
  /** Summed durations of those requests (a request reading two products counts in both rows). */
  durationMs: number;
}

/** One row of the usage log's `fields` table: requests of a minute by consumer, product version and field. */
export interface FieldRow {
  minute: number;
  consumer: string;
  product: string;
  version: number;
  field: string;
  column: string | null;
  requests: number;
}

/** What {@link UsageAggregator.drain} hands over: the rows aggregated since the last drain. */
export interface UsageRows {
  requests: RequestRow[];
  fields: FieldRow[];
}

const MINUTE_MS = 60_000;

type RequestKey = Pick<RequestRow, 'minute' | 'consumer' | 'operation' | 'product' | 'version' | 'outcome'>;
const requestKey = (r: RequestKey): string => JSON.stringify([r.minute, r.consumer, r.operation, r.product, r.version, r.outcome]);
const fieldKey = (r: Pick<FieldRow, 'minute' | 'consumer' | 'product' | 'version' | 'field'>): string =>
  JSON.stringify([r.minute, r.consumer, r.product, r.version, r.field]);

/**
 * Usage aggregated in memory by minute: requests, rows, bytes scanned and engine time per consumer, operation,
 * product version and outcome, and requests per consumer, product version and field. Adding is a few map updates;
 * the rows are written to the store by whoever drains them (the usage flusher), never on the request path.
 */
export class UsageAggregator {
  private requests = new Map<string, RequestRow>();
  private fields = new Map<string, FieldRow>();

  /** Distinct rows held (both tables). */
  get size(): number {
    return this.requests.size + this.fields.size;
  }

  /** Adds one request. */
  add(request: UsageRequest): void {
    const minute = request.at - (request.at % MINUTE_MS);
    const versions = new Map<string, { product: string; version: number; rows: number; bytes: number; engineMs: number }>();
    const versionOf = (product: string, version: number) => {
      const key = `${product}\u0000${version}`;
      let v = versions.get(key);
      if (!v) versions.set(key, v = { product, version, rows: 0, bytes: 0, engineMs: 0 });
      return v;
    };
    for (const f of request.fields) versionOf(f.product, f.version);
    for (const s of request.scans) {
      const v = versionOf(s.product, s.version);
      v.rows += s.rows;
      v.bytes += s.bytesScanned;
      v.engineMs += s.engineMs;
    }
    const base = { minute, consumer: request.consumer, operation: request.operation, outcome: request.outcome };
    const targets = versions.size ? [...versions.values()] : [{ product: null, version: null, rows: 0, bytes: 0, engineMs: 0 }];
    for (const v of targets) {
      this.addRequestRow({ ...base, product: v.product, version: v.version, requests: 1, rows: v.rows, bytesScanned: v.bytes, engineMs: v.engineMs, durationMs: request.durationMs });
    }
    for (const f of request.fields) {
      this.addFieldRow({ minute, consumer: request.consumer, product: f.product, version: f.version, field: f.field, column: f.column, requests: 1 });
    }
  }

  /** Takes every row aggregated so far and starts afresh. */
  drain(): UsageRows {
    const rows = { requests: [...this.requests.values()], fields: [...this.fields.values()] };
    this.requests = new Map();
    this.fields = new Map();
    return rows;
  }

  /** Puts rows back (a flush that failed), to be written with the next one. */
  restore(rows: UsageRows): void {
    for (const r of rows.requests) this.addRequestRow(r);
    for (const f of rows.fields) this.addFieldRow(f);
  }

  /** Sums a request row into the row of its key (keeping it as that row when it is the first). */
  private addRequestRow(r: RequestRow): void {
    const key = requestKey(r);
    const into = this.requests.get(key);
    if (!into) {
      this.requests.set(key, r);
      return;
    }
    into.requests += r.requests;
    into.rows += r.rows;
    into.bytesScanned += r.bytesScanned;
    into.engineMs += r.engineMs;
    into.durationMs += r.durationMs;
  }

  /** Sums a field row into the row of its key (keeping it as that row when it is the first). */
  private addFieldRow(f: FieldRow): void {
    const key = fieldKey(f);
    const into = this.fields.get(key);
    if (into) into.requests += f.requests;
    else this.fields.set(key, f);
  }
}
