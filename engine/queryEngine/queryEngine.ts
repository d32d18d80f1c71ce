import { join } from 'node:path';
import type { TesseraConfig } from '../config';
import { ErrorCode, isTesseraError, TesseraError } from '../errors';
import type { DomainModel } from '../model/domainModel';
import type { ProductModel } from '../model/productModel';
import type { ReferenceModel } from '../model/relations';
import type { AggregateGroup, Executor, Row } from '../query/executor';
import type { AggregateRequest } from '../query/planAggregate';
import { planAggregate } from '../query/planAggregate';
import type { ChangesArgs } from '../query/planChanges';
import { planChangesPage } from '../query/planChanges';
import type { ExportPlan } from '../query/planExport';
import { planExport } from '../query/planExport';
import type { ListArgs, PageLimits } from '../query/planList';
import { listPlan, planPage } from '../query/planList';
import type { SortKey, Source } from '../query/queryPlan';
import { parseScalarValue } from '../query/scalarValue';
import { freshnessOf } from '../snapshot/freshness';
import type { Manifest } from '../snapshot/manifest';
import type { SnapshotChoice } from '../snapshot/snapshotChoice';
import { pinKey, pinnedInstant, pinOf } from '../snapshot/snapshotPins';
import { snapshotRefId } from '../snapshot/snapshotLayout';
import type { ObjectStore } from '../storage/objectStore';
import { entityLoader, keyOf } from './entityLoader';
import { KeySetCache } from './keySetCache';
import { referencedKeyLoader } from './referencedKeyLoader';
import { relationLoaders } from './relationLoaders';
import type { SubgraphContext } from './requestContext';
import { resolveAfter } from './resolveAfter';
import { renamedIn } from './renamedIn';
import { SnapshotSource } from './snapshotSource';
import { admissionOf, pageCost, scanCost } from './statementCost';

/** A snapshot opened for reading: its manifest and local files. */
export interface OpenSnapshot extends Source {
  manifest: Manifest;
}

/** One page of a list or a relation: the rows, whether more follow, and a lazy count of all matching rows. */
export interface ConnectionPage {
  model: ProductModel;
  rows: Row[];
  hasNextPage: boolean;
  orderBy: SortKey[];
  /** Counts the matching rows; called only when `totalCount` is selected. */
  count: () => Promise<number>;
}

/** What a domain's query engine needs. */
export interface QueryEngineOptions {
  config: Readonly<TesseraConfig>;
  store: ObjectStore;
  domain: DomainModel;
  /** Runs the plans (the DuckDB executor in every subgraph today). */
  executor: Executor;
}

/** Splits `first + 1` fetched rows into the page and whether more follow. */
function pageOf(rows: Row[], first: number): { rows: Row[]; hasNextPage: boolean } {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/**
 * The one entry point from a request to data, for every field and the export: each operation takes the request
 * context, the product model, the arguments and the selected fields, and returns rows. Every one takes the same
 * path — the access policy (grant, retired versions, pii columns), a plan (engine/query), the request's snapshot of
 * each product version (the gateway's pin, else the latest, chosen once per request; or the `snapshot`/`asOf`
 * asked for), the executor with fair admission, and read failures explained as DATA_CORRUPT — so a rule added here
 * holds for all of them. Lookups, references and relations are batched per request tick.
 */
export class QueryEngine {
  readonly limits: PageLimits;
  /** Key sets of referenced products' snapshots, for checking that references exist. */
  readonly keySets: KeySetCache;

  private constructor(readonly domain: DomainModel, readonly config: Readonly<TesseraConfig>, private readonly executor: Executor, private readonly snapshots: SnapshotSource) {
    this.limits = { defaultPageSize: config.defaultPageSize, maxPageSize: config.maxPageSize };
    this.keySets = new KeySetCache(config.keySetMaxKeys);
  }

  /** A query engine over the store's snapshots, with its own cache folder under `config.cacheDir`. */
  static create(options: QueryEngineOptions): QueryEngine {
    const { config } = options;
    // Each subgraph process owns a folder of the cache (processes never evict or re-verify each other's files).
    // A snapshot is kept while a query or an export may still read it: none runs longer than its timeout. What the
    // executor derives from snapshots in the same folder (lookup copies) counts in the same bound.
    const companion = options.executor.cacheCompanion;
    const snapshots = new SnapshotSource(options.store, {
      cacheDir: join(config.cacheDir, options.domain.domain), cacheMaxBytes: config.cacheMaxBytes, refreshMs: config.snapshotRefreshMs,
      minIdleMs: 2 * Math.max(config.queryTimeoutMs, config.exportTimeoutMs), companions: companion ? [companion] : [],
    });
    return new QueryEngine(options.domain, config, options.executor, snapshots);
  }

  /**
   * A page of a list field (`ordersV2(where, orderBy, first, after, snapshot, asOf)`) in one statement; the count
   * is one more, run only when asked for.
   * @throws TesseraError BAD_USER_INPUT, FORBIDDEN, VERSION_RETIRED, SNAPSHOT_NOT_FOUND, QUERY_TIMEOUT, …
   */
  async list(ctx: SubgraphContext, model: ProductModel, args: ListArgs & SnapshotChoice, fields: ReadonlySet<string>): Promise<ConnectionPage> {
    ctx.access.assertProduct(model);
    const selected = ctx.access.columnsToRead(model, this.domain.references, fields);
    const page = planPage(model, args, selected, ctx.access.assertColumn, this.limits);
    const snapshot = await this.open(ctx, model, args);
    const after = await resolveAfter(this, ctx, snapshot, page.orderBy, page.after);
    const rows = await this.run(snapshot, (x) => x.list(listPlan(page, snapshot, after), admissionOf(ctx, pageCost(snapshot, page.first + 1))));
    let counted: Promise<number> | undefined;
    return {
      model, orderBy: page.orderBy, ...pageOf(rows, page.first),
      count: () => (counted ??= this.run(snapshot, (x) => x.count(snapshot, page.filter, admissionOf(ctx, scanCost(snapshot))))),
    };
  }

  /**
   * One row by primary key (a lookup field, or a representation the gateway sends to `_entities`), or null; every
   * key asked for in the same tick is read in one statement.
   */
  lookup(ctx: SubgraphContext, model: ProductModel, key: Record<string, unknown>, choice: SnapshotChoice, fields: ReadonlySet<string>): Promise<Row | null> {
    ctx.access.assertProduct(model);
    const columns = ctx.access.columnsToRead(model, this.domain.references, fields);
    return entityLoader(this, ctx, model, choice, columns).load(keyOf(model, model.primaryKey.map((k) => key[k.field])));
  }

  /**
   * The entity a reference field (`OrderV2.customer`) points at: null when the key is null or not in the referenced
   * product's snapshot; this domain's row (batched), or for another domain's entity a stub `{ customerId }` the
   * gateway completes from its subgraph. The existence of another domain's key is checked here (a probe of the
   * snapshot's key set), because the gateway would otherwise build an object from the stub alone.
   * @throws TesseraError FORBIDDEN for a pii referencing column without the scope or a product outside the grant.
   */
  async reference(ctx: SubgraphContext, ref: ReferenceModel, row: Row, fields: ReadonlySet<string>): Promise<Row | null> {
    ctx.access.assertColumn(ref.column);
    const value = row[ref.column.field];
    if (value === null || value === undefined) return null;
    const targetKey = ref.target.primaryKey[0]!;
    const key = [parseScalarValue(targetKey.scalar, value)];
    if (ref.target.contract.domain !== this.domain.domain) {
      ctx.access.assertProduct(ref.target);
      return (await referencedKeyLoader(this, ctx, ref.target).load(key)) ? { [targetKey.field]: value } : null;
    }
    const target = this.domain.products.find((p) => p.typeName === ref.target.typeName)!;
    ctx.access.assertProduct(target);
    return entityLoader(this, ctx, target, {}, ctx.access.columnsToRead(target, this.domain.references, fields)).load(key);
  }

  /**
   * A page of a reverse relation (`CustomerV1.ordersV2(where, orderBy, first, after)`) for one parent: all parents
   * asking with the same arguments in one tick are answered by one statement, and their counts by one more.
   */
  async related(ctx: SubgraphContext, ref: ReferenceModel, parent: Row, args: ListArgs, fields: ReadonlySet<string>): Promise<ConnectionPage> {
    const model = ref.from;
    ctx.access.assertProduct(model);
    ctx.access.assertColumn(ref.column, 'filter');
    const selected = ctx.access.columnsToRead(model, this.domain.references, fields);
    const page = planPage(model, args, [...selected, ref.column], ctx.access.assertColumn, this.limits);
    const raw = parent[ref.target.primaryKey[0]!.field];
    if (raw === null || raw === undefined) return { model, orderBy: page.orderBy, rows: [], hasNextPage: false, count: () => Promise.resolve(0) };
    const key = parseScalarValue(ref.column.scalar, raw);
    const loaders = relationLoaders(this, ctx, ref, args, page);
    return { model, orderBy: page.orderBy, ...pageOf(await loaders.rows.load(key), page.first), count: () => loaders.counts.load(key) };
  }

  /**
   * Grouped aggregates (`<products>V<N>Aggregate(where, groupBy, snapshot, asOf)`) in one statement computing only
   * the selected measures. A measure or key its scalar cannot hold is a TesseraError in its place.
   * @throws TesseraError PAGE_SIZE_EXCEEDED for more groups than the maximum page size (never a silent cut).
   */
  async aggregate(ctx: SubgraphContext, model: ProductModel, request: AggregateRequest & SnapshotChoice): Promise<AggregateGroup[]> {
    ctx.access.assertProduct(model);
    const max = this.limits.maxPageSize;
    const snapshot = await this.open(ctx, model, request);
    const plan = planAggregate(model, request, ctx.access.assertColumn, snapshot, max);
    const groups = await this.run(snapshot, (x) => x.aggregate(plan, admissionOf(ctx, scanCost(snapshot))));
    if (groups.length > max) {
      throw new TesseraError(ErrorCode.PAGE_SIZE_EXCEEDED, `groupBy: expected at most ${max} groups (the maximum page size), got more; filter or group more coarsely`);
    }
    return groups;
  }

  /**
   * A page of a change feed (`ordersV2Changes(from, to, kinds, first, after)`): the rows that differ between two
   * snapshots of a product version by primary key, in key order, in one statement; the count is one more, run only
   * when asked for. Both snapshots are listed as served. A row counts as CHANGED when a column the caller may read
   * differs, so a change to a pii column is invisible without the scope.
   * @throws TesseraError BAD_USER_INPUT, FORBIDDEN, VERSION_RETIRED, SNAPSHOT_NOT_FOUND, QUERY_TIMEOUT, …
   */
  async changes(ctx: SubgraphContext, model: ProductModel, args: ChangesArgs, fields: ReadonlySet<string>): Promise<ConnectionPage> {
    ctx.access.assertProduct(model);
    const selected = ctx.access.columnsToRead(model, this.domain.references, fields);
    const page = planChangesPage(model, args, selected, (c) => ctx.access.mayUse(c), this.limits);
    const [from, to] = await Promise.all([this.open(ctx, model, { snapshot: args.from }), this.open(ctx, model, { snapshot: args.to })]);
    const both = { files: [...from.files, ...to.files] };
    // A cursor carrying a long key as a digest names a row of one of the two snapshots (a REMOVED one: of `from`).
    const after = await resolveAfter(this, ctx, to, page.orderBy, page.after)
      .catch((err: unknown) => (isTesseraError(err, ErrorCode.BAD_USER_INPUT) ? resolveAfter(this, ctx, from, page.orderBy, page.after) : Promise.reject(err)));
    const set = { from, to, key: model.primaryKey, compared: page.compared, kinds: page.kinds };
    const cost = scanCost(from) + scanCost(to);
    const rows = await this.run(both, (x) => x.changes({ ...set, columns: page.columns, orderBy: page.orderBy, after, limit: page.first + 1 }, admissionOf(ctx, cost)));
    let counted: Promise<number> | undefined;
    return {
      model, orderBy: page.orderBy, ...pageOf(rows.map((r) => ({ ...r.key, kind: r.kind, before: r.before, after: r.after })), page.first),
      count: () => (counted ??= this.run(both, (x) => x.changeCount(set, admissionOf(ctx, cost)))),
    };
  }

  /**
   * Writes an export request's rows (`{ product, version?, columns?, where?, format?, naming?, snapshot?, asOf?,
   * limit?, changes? }`; with `changes: { from, to }`, the change feed between two snapshots)
   * to the local file `target`, within the export timeout; `signal` stops it (the caller went away).
   * @returns the plan, the snapshot it read (the later one, for a change feed) and the rows written.
   * @throws TesseraError BAD_USER_INPUT, PRODUCT_NOT_FOUND, FORBIDDEN, SNAPSHOT_NOT_FOUND, QUERY_TIMEOUT, …
   */
  async export(ctx: SubgraphContext, body: unknown, target: string, signal: AbortSignal): Promise<{ plan: ExportPlan; manifest: Manifest; rows: number }> {
    // A caller limited to some products is told only of those.
    const plan = planExport(ctx.access.visible(this.domain.products), body, ctx.access.assertColumn, (c) => ctx.access.mayUse(c));
    ctx.access.assertProduct(plan.model);
    if (plan.changes) {
      // A change feed reads both snapshots; the file is named after the later one.
      const [from, to] = await Promise.all([this.open(ctx, plan.model, { snapshot: plan.changes.from }), this.open(ctx, plan.model, { snapshot: plan.changes.to })]);
      const withSources = { ...plan, changes: { ...plan.changes, sources: { from, to } } };
      const both = { files: [...from.files, ...to.files] };
      const rows = await this.run(both, (x) => x.export(withSources, to, target,
        { ...admissionOf(ctx, scanCost(from) + scanCost(to)), signal, timeoutMs: this.config.exportTimeoutMs }));
      return { plan: withSources, manifest: to.manifest, rows };
    }
    const snapshot = await this.open(ctx, plan.model, plan.choice);
    const rows = await this.run(snapshot, (x) => x.export(plan, snapshot, target,
      { ...admissionOf(ctx, scanCost(snapshot)), signal, timeoutMs: this.config.exportTimeoutMs }));
    return { plan, manifest: snapshot.manifest, rows };
  }

  /**
   * Opens the snapshot of a product version a read uses — by default the one the gateway pinned for the request
   * (the latest, or the one at the request's instant when it travels in time), else the latest, chosen once per
   * request — and records it as served. For the engine's batch loaders.
   * @throws TesseraError FORBIDDEN, VERSION_RETIRED, SNAPSHOT_NOT_FOUND, STORAGE_UNAVAILABLE, DATA_CORRUPT.
   */
  async open(ctx: SubgraphContext, model: ProductModel, choice: SnapshotChoice = {}): Promise<OpenSnapshot> {
    ctx.access.assertProduct(model);
    const ref = { domain: model.contract.domain, product: model.contract.product, version: model.version.version };
    // A request that travels in time (the gateway pinned every product as of one instant) reads its pins for an
    // `asOf` too: the gateway checked that every `asOf` of the request names that instant.
    const instant = pinnedInstant(ctx.pins);
    let manifest: Promise<Manifest>;
    if (choice.snapshot || (choice.asOf && !instant)) manifest = this.snapshots.resolve(ref, choice);
    else {
      const key = pinKey(model.qualified, model.version.version);
      let pinned = ctx.pinned.get(key);
      if (!pinned) {
        // The gateway's pin makes every subgraph of the request read the same snapshot; a pin that was garbage
        // collected meanwhile is SNAPSHOT_NOT_FOUND, never silently another snapshot. Without a pin, a travelling
        // request reads the version as of its instant (SNAPSHOT_NOT_FOUND when none was published by then).
        const pin = pinOf(ctx.pins, model.qualified, model.version.version);
        pinned = this.snapshots.resolve(ref, pin ? { snapshot: pin } : instant ? { asOf: instant } : {});
        ctx.pinned.set(key, pinned);
      }
      manifest = pinned;
    }
    const m = await manifest;
    ctx.served.set(snapshotRefId(m, m.snapshotId), {
      product: model.qualified, version: m.version, snapshot: m.snapshotId, publishedAt: m.publishedAt,
      freshness: freshnessOf(model.contract, m.publishedAt),
    });
    const files = await this.snapshots.files(m);
    const renamed = renamedIn(model, m);
    ctx.usage.opened(m, files);
    const relationKeys = this.domain.references.filter((r) => r.from.typeName === model.typeName).map((r) => r.column);
    return { manifest: m, files, snapshot: { id: snapshotRefId(m, m.snapshotId), files, rows: m.rowCount, key: model.primaryKey, relationKeys, renamed }, renamed };
  }

  /**
   * Runs work on the executor over files of an open snapshot; a failure to read them is DATA_CORRUPT naming the
   * product and snapshot (or what re-checking the files finds). For the engine's batch loaders.
   */
  run<T>(source: Source, work: (executor: Executor) => Promise<T>): Promise<T> {
    return work(this.executor).catch((err: unknown) => this.snapshots.explainFailure(err, source.files, (e) => this.executor.isUnreadableFile(e)));
  }

  /** Closes the executor. */
  close(): void {
    this.executor.close();
  }
}
