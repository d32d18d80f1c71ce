import type { Logger } from 'pino';
import type { DuckDBSession } from '../engine/duckdb/openDuckDB';
import { openDuckDB } from '../engine/duckdb/openDuckDB';
import type { ObjectStore } from '../engine/storage/objectStore';
import { UsageAggregator } from '../engine/usage/usageAggregator';
import { writeUsageLog } from '../engine/usage/usageLog';
import type { UsageRequest } from '../engine/usage/usageRequest';

/** Rows held in memory past which a flush starts before its interval. */
const MAX_ROWS = 50_000;
/** Rows kept for the next flush when flushes fail, past which they are dropped (bounds the gateway's memory). */
const MAX_HELD_ROWS = 4 * MAX_ROWS;

/** Options of a {@link UsageRecorder}. */
export interface UsageRecorderOptions {
  store: ObjectStore;
  /** Flush interval (config `usageFlushMs`). */
  flushMs: number;
  logger: Logger;
  /** @default 50,000 */
  maxRows?: number;
  /** @default 200,000 */
  maxHeldRows?: number;
}

/**
 * The gateway's usage log writer: requests are aggregated in memory ({@link UsageAggregator}) and appended to the
 * store as parquet every `flushMs` by a timer, and sooner past `maxRows` rows, one flush at a time (a flush asked for
 * while one waits to start is that one), never on a request's path. A flush that fails keeps its rows for the next
 * one (logged), up to `maxHeldRows`: past it, while the store does not answer, they are dropped and the loss logged
 * as an error. Stopping flushes what is left.
 */
export class UsageRecorder {
  private readonly aggregator = new UsageAggregator();
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  /** The flush asked for that has not started yet. */
  private queued: Promise<void> | undefined;
  private duck: Promise<DuckDBSession> | undefined;

  constructor(private readonly options: UsageRecorderOptions) {
    this.timer = setInterval(() => void this.flush(), options.flushMs);
    this.timer.unref();
  }

  /** Adds one request to the aggregate (a few map updates). */
  record(request: UsageRequest): void {
    this.aggregator.add(request);
    if (this.aggregator.size >= (this.options.maxRows ?? MAX_ROWS)) void this.flush();
  }

  /** Appends what was aggregated so far to the usage log, after any flush already running; resolves when written (or failed and kept). */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running.then(() => {
      this.queued = undefined;
      return this.write();
    });
    this.queued = next;
    this.running = next;
    return next;
  }

  /** Stops the timer, flushes what is left and closes the DuckDB used to write. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.duck) (await this.duck).close();
  }

  private async write(): Promise<void> {
    if (this.aggregator.size === 0) return;
    const rows = this.aggregator.drain();
    try {
      this.duck ??= openDuckDB({ threads: 1, memoryLimit: '256MB' });
      const keys = await writeUsageLog(this.options.store, (await this.duck).connection, rows);
      this.options.logger.debug({ files: keys.length, requests: rows.requests.length, fields: rows.fields.length }, 'usage flushed');
    } catch (err) {
      this.aggregator.restore(rows);
      if (this.aggregator.size > (this.options.maxHeldRows ?? MAX_HELD_ROWS)) {
        const rows = this.aggregator.size;
        this.aggregator.drain();
        this.options.logger.error({ err, rows }, 'flushing usage to the store keeps failing; dropped the usage held in memory');
      } else {
        this.options.logger.warn({ err }, 'flushing usage to the store failed; keeping it for the next flush');
      }
    }
  }
}
