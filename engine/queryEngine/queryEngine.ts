import { join } from 'node:path';
import type { CallerIdentity } from '../auth/callerIdentity';
import { hasScope } from '../auth/callerIdentity';
import type { TesseraConfig } from '../config';
import { ErrorCode, TesseraError } from '../errors';
import type { ColumnGuard } from '../query/planFilter';
import type { PageLimits } from '../query/planList';
import type { ColumnModel, ProductModel } from '../model/productModel';
import type { Source } from '../query/queryPlan';
import { freshnessOf } from '../snapshot/freshness';
import type { Manifest } from '../snapshot/manifest';
import type { ObjectStore } from '../storage/objectStore';
import type { DomainModel } from '../model/domainModel';
import type { AdmitListener, QueryListener, QueryOptions, SqlRow } from '../duckdb/connectionPool';
import { ConnectionPool } from '../duckdb/connectionPool';
import { KeySetCache } from './keySetCache';
import type { SubgraphContext } from './requestContext';
import { pinKey, pinOf } from '../snapshot/snapshotPins';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';
import { SnapshotSource } from './snapshotSource';
import type { CompiledSql } from '../query/queryPlan';

/** A snapshot opened for reading: its manifest and local files. */
export interface OpenSnapshot extends Source {
  manifest: Manifest;
}

/** What a domain subgraph's engine needs. */
export interface EngineOptions {
  config: Readonly<TesseraConfig>;
  store: ObjectStore;
  domain: DomainModel;
  /** Called after every SQL statement (tests count them). */
  onQuery?: QueryListener;
  /** Called when a statement is admitted to a connection, in order (tests read the order). */
  onAdmit?: AdmitListener;
}

/**
 * The query engine behind one domain subgraph: access checks, snapshot choice (pinned per request), served-product
 * records, and SQL execution on a pooled DuckDB. Resolvers plan and compile; this runs.
 */
export class SubgraphEngine {
  readonly limits: PageLimits;
  /** Key sets of referenced products' snapshots, for checking that references exist. */
  readonly keySets: KeySetCache;

  private constructor(readonly domain: DomainModel, readonly config: Readonly<TesseraConfig>, private readonly pool: ConnectionPool, private readonly snapshots: SnapshotSource) {
    this.limits = { defaultPageSize: config.defaultPageSize, maxPageSize: config.maxPageSize };
    this.keySets = new KeySetCache(config.keySetMaxKeys);
  }

  /** Opens the DuckDB pool (threads and memory from config) and the snapshot source. */
  static async open(options: EngineOptions): Promise<SubgraphEngine> {
    const { config } = options;
    // Each subgraph process owns a folder of the cache (processes never evict or re-verify each other's files) and a
    // spill folder beside it, in the one place a subgraph is known to be allowed to write.
    const cacheDir = join(config.cacheDir, options.domain.domain);
    const pool = await ConnectionPool.open({
      threads: config.duckdbThreads, memoryLimit: config.duckdbMemoryLimit, tempDirectory: `${cacheDir}.spill`,
      timeoutMs: config.queryTimeoutMs, onQuery: options.onQuery, onAdmit: options.onAdmit, connections: config.duckdbConnections,
      admission: {
        heavySlots: config.heavyStatements, heavyRows: config.heavyStatementRows,
        queueLimit: config.queryQueueLimit, callerQueueLimit: config.callerQueueLimit,
      },
    });
    // A snapshot is kept while a query or an export may still read it: none runs longer than its timeout.
    const snapshots = new SnapshotSource(options.store, {
      cacheDir, cacheMaxBytes: config.cacheMaxBytes, refreshMs: config.snapshotRefreshMs,
      minIdleMs: 2 * Math.max(config.queryTimeoutMs, config.exportTimeoutMs),
    });
    return new SubgraphEngine(options.domain, config, pool, snapshots);
  }

  /**
   * Checks the caller may read a product version and opens the chosen snapshot (by default the one the gateway
   * pinned for the request, else the latest, chosen once per request), recording it as served.
   * @throws TesseraError VERSION_RETIRED, FORBIDDEN, SNAPSHOT_NOT_FOUND, STORAGE_UNAVAILABLE.
   */
  async open(ctx: SubgraphContext, model: ProductModel, choice: SnapshotChoice = {}): Promise<OpenSnapshot> {
    assertReadable(ctx.identity, model);
    const ref = { domain: model.contract.domain, product: model.contract.product, version: model.version.version };
    let manifest: Promise<Manifest>;
    if (choice.snapshot || choice.asOf) manifest = this.snapshots.resolve(ref, choice);
    else {
      const key = pinKey(model.qualified, model.version.version);
      let pinned = ctx.pinned.get(key);
      if (!pinned) {
        // The gateway's pin makes every subgraph of the request read the same snapshot; a pin that was garbage
        // collected meanwhile is SNAPSHOT_NOT_FOUND, never silently another snapshot.
        const pin = pinOf(ctx.pins, model.qualified, model.version.version);
        pinned = this.snapshots.resolve(ref, pin ? { snapshot: pin } : {});
        ctx.pinned.set(key, pinned);
      }
      manifest = pinned;
    }
    const m = await manifest;
    ctx.served.set(`${model.qualified}@${m.version}@${m.snapshotId}`, {
      product: model.qualified, version: m.version, snapshot: m.snapshotId, publishedAt: m.publishedAt,
      freshness: freshnessOf(model.contract, m.publishedAt),
    });
    return { manifest: m, files: await this.snapshots.files(m) };
  }

  /** The column guard of a request: pii columns need the `pii` scope. */
  guard(ctx: SubgraphContext): ColumnGuard {
    return (column: ColumnModel) => {
      if (column.pii && !hasScope(ctx.identity, 'pii')) throw piiForbidden(column);
    };
  }

  /** Runs one compiled statement; a failure to read snapshot files is DATA_CORRUPT with the product and snapshot. */
  run(statement: CompiledSql, options?: QueryOptions): Promise<SqlRow[]> {
    return this.pool.query(statement, options).catch((err: unknown) => this.snapshots.explainFailure(err, statement.sql));
  }

  /** Closes the DuckDB pool. */
  close(): void {
    this.pool.close();
  }
}

/** The FORBIDDEN error for reading a pii column without the scope. */
export function piiForbidden(column: ColumnModel): TesseraError {
  return new TesseraError(ErrorCode.FORBIDDEN, `field ${column.field} (column ${column.name}) is personal data: expected a caller with the pii scope, got one without it`);
}

/**
 * Refuses retired versions and products outside the caller's grant.
 * @throws TesseraError VERSION_RETIRED or FORBIDDEN.
 */
export function assertReadable(identity: CallerIdentity, model: ProductModel): void {
  if (model.version.status === 'retired') {
    throw new TesseraError(ErrorCode.VERSION_RETIRED,
      `${model.qualified} v${model.version.version} is retired; expected a live version (current: v${model.contract.versions.find((v) => v.status === 'current')?.version})`);
  }
  if (identity.products && !identity.products.includes(model.qualified)) {
    throw new TesseraError(ErrorCode.FORBIDDEN, `expected a caller granted ${model.qualified}, got one granted ${identity.products.join(', ') || 'no products'}`);
  }
}
