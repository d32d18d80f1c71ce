import { GraphQLError } from 'graphql';
import type { ProductContract } from '../contract/types';
import { currentVersion, qualifiedName } from '../contract/types';
import type { AccessPolicy } from '../access/accessPolicy';
import { ErrorCode, TesseraError, isTesseraError } from '../errors';
import type { ColumnSource } from '../lineage/buildLineage';
import type { ColumnEdge, TableEdge } from '../lineage/hubLineage';
import type { LineageTrace, TracedProduct, TraceDirection } from '../lineage/traceLineage';
import { traceLineage } from '../lineage/traceLineage';
import type { ManifestBuildInput } from '../snapshot/manifest';
import type { Manifest } from '../snapshot/manifest';
import type { SubgraphContext } from '../queryEngine/requestContext';
import type { ProductCatalog } from './productCatalog';
import type { StaleCause } from './staleCauses';
import { staleCauses } from './staleCauses';

/** A build as the resolvers pass it down. */
interface BuildParent { contract: ProductContract }

function rethrow(err: unknown): never {
  throw isTesseraError(err) ? err.toGraphQLError() : err;
}

/**
 * The lineage fields of the catalog: table and column edges, builds, upstream and impact traces, staleness and
 * snapshot provenance, over the catalog's {@link ProductCatalog.lineage}. A `column` argument that the product's
 * current version does not have is BAD_USER_INPUT. Merged into {@link catalogResolvers} by type.
 */
export function lineageResolvers(catalog: ProductCatalog): Record<string, Record<string, unknown>> {
  const product = (id: string): ProductContract | null => catalog.product(id) ?? null;
  const trace = (p: ProductContract, column: string | null | undefined, direction: TraceDirection): LineageTrace => {
    if (column !== null && column !== undefined) {
      const columns = currentVersion(p).columns.map((c) => c.name);
      if (!columns.includes(column)) {
        throw new GraphQLError(`expected a column of ${qualifiedName(p)} v${currentVersion(p).version} (${columns.join(', ')}), got "${column}"`,
          { extensions: { code: ErrorCode.BAD_USER_INPUT } });
      }
    }
    return traceLineage(catalog.lineage, (id) => catalog.product(id), qualifiedName(p), column ?? undefined, direction);
  };
  return {
    Query: {
      lineageEdges: (): TableEdge[] => catalog.lineage.tableEdges,
    },
    DataProduct: {
      layer: (p: ProductContract) => p.layer?.toUpperCase() ?? null,
      build: (p: ProductContract): BuildParent | null => (p.build ? { contract: p } : null),
      upstreamEdges: (p: ProductContract) => catalog.lineage.edgesInto.get(qualifiedName(p)) ?? [],
      downstreamEdges: (p: ProductContract) => catalog.lineage.edgesFrom.get(qualifiedName(p)) ?? [],
      columnLineage: (p: ProductContract) => catalog.lineage.columnEdgesInto.get(qualifiedName(p)) ?? [],
      upstreamLineage: (p: ProductContract, args: { column?: string | null }) => trace(p, args.column, 'upstream'),
      impact: (p: ProductContract, args: { column?: string | null }) => {
        const t = trace(p, args.column, 'downstream');
        return { ...t, consumers: (_: unknown, ctx: SubgraphContext) => consumersOf(catalog, t, ctx.access) };
      },
      staleBecauseOf: (p: ProductContract) => staleCauses(catalog, p).catch(rethrow),
    },
    LineageEdge: {
      kind: (e: TableEdge) => e.kind.toUpperCase(),
      fromProduct: (e: TableEdge) => product(e.from),
      toProduct: (e: TableEdge) => product(e.to),
    },
    LineageColumn: {
      productId: (c: ColumnSource) => c.product,
      dataProduct: (c: ColumnSource) => product(c.product),
    },
    ColumnLineageEdge: {
      kind: (e: ColumnEdge) => e.kind.toUpperCase(),
    },
    ProductBuild: {
      sqlFile: (b: BuildParent) => b.contract.build!.sql,
      sql: (b: BuildParent) => b.contract.build!.text ?? '',
      inputs: (b: BuildParent) => catalog.lineage.builds.get(qualifiedName(b.contract))?.inputs ?? [],
      problems: (b: BuildParent) => catalog.lineage.builds.get(qualifiedName(b.contract))?.problems.map((p) => p.message)
        ?? ['the build SQL was not read'],
    },
    BuildInput: {
      productId: (i: { product: string }) => i.product,
      dataProduct: (i: { product: string }) => product(i.product),
    },
    LineageGraph: { edges: (t: LineageTrace) => t.tableEdges },
    Impact: { edges: (t: LineageTrace) => t.tableEdges },
    LineageNode: {
      productId: (n: TracedProduct) => n.product,
      dataProduct: (n: TracedProduct) => product(n.product),
      owner: (n: TracedProduct) => catalog.product(n.product)?.owner ?? null,
      subscribers: (n: TracedProduct) => catalog.product(n.product)?.subscribers ?? [],
    },
    StaleCause: {
      reason: (c: StaleCause) => c.reason.toUpperCase(),
      productId: (c: StaleCause) => c.product,
      dataProduct: (c: StaleCause) => product(c.product),
      builtFromSnapshot: (c: StaleCause) => c.builtFromSnapshot ?? null,
      latestSnapshot: (c: StaleCause) => c.latestSnapshot ?? null,
      freshness: (c: StaleCause) => c.freshness?.toUpperCase() ?? null,
    },
    Snapshot: {
      builtFrom: (m: Manifest): ManifestBuildInput[] => m.build?.inputs ?? [],
    },
    SnapshotInput: {
      productId: (i: ManifestBuildInput) => i.product,
      dataProduct: (i: ManifestBuildInput) => product(i.product),
    },
  };
}

/** A consumer that read affected fields of one product version recently. */
interface ImpactConsumer { consumer: string; productId: string; version: number; fields: string[]; requests: number; lastReadAt: string }

/**
 * The consumers that read affected fields of the traced products (their current versions) in the last
 * 30 days (the usage reader's default, `RECENT_WINDOW_DAYS`), most recent first. Only products the caller is granted count: who reads a product
 * is usage of it, shown only to callers who may see its usage.
 * @throws GraphQLError STORAGE_UNAVAILABLE when the usage log cannot be read.
 */
async function consumersOf(catalog: ProductCatalog, t: LineageTrace, access: AccessPolicy): Promise<ImpactConsumer[]> {
  const usage = catalog.usage;
  if (!usage) return [];
  const asked = t.products.flatMap((p) => {
    const c = catalog.product(p.product);
    if (!c || !access.grants(p.product)) return [];
    const v = currentVersion(c);
    // A product reached at table level only is affected as a whole: every column counts.
    return [{ product: p.product, version: v.version, columns: p.columns.length ? p.columns : v.columns.map((x) => x.name) }];
  });
  const answers = await Promise.all(asked.map((q) => usage.recentReaders({ product: q.product, version: q.version, fields: q.columns })))
    .catch(() => {
      throw new TesseraError(ErrorCode.STORAGE_UNAVAILABLE, `expected to read the usage log for the consumers of ${t.products.length} affected product(s), but the store did not answer`).toGraphQLError();
    });
  const found = asked.flatMap((q, i) => answers[i]!.map((r) => ({
    consumer: r.consumer, productId: q.product, version: q.version, fields: r.fields, requests: r.requests, lastReadAt: r.lastReadAt.toISOString(),
  })));
  return found.sort((a, b) => b.lastReadAt.localeCompare(a.lastReadAt) || a.consumer.localeCompare(b.consumer) || a.productId.localeCompare(b.productId));
}
