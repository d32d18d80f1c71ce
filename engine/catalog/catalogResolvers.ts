import type { SubgraphResolverMap } from '../resolvers/subgraphResolverMap';
import type { ColumnContract, ColumnRef, ProductContract, VersionContract } from '../contract/types';
import { findVersion, qualifiedName } from '../contract/types';
import { isTesseraError } from '../errors';
import { buildProductModel, camelCase } from '../model/productModel';
import { freshnessOf } from '../snapshot/freshness';
import type { Manifest, TestResult } from '../snapshot/manifest';
import type { SubgraphContext } from '../queryEngine/requestContext';
import { lineageResolvers } from './lineageResolvers';
import type { ProductCatalog } from './productCatalog';
import { visibleTestResults } from './visibleTestResults';

/** A version as the resolvers pass it down: the version block and its product. */
interface VersionParent { product: ProductContract; version: VersionContract }
/** A column as the resolvers pass it down. */
interface ColumnParent { column: ColumnContract; version: VersionContract }

const MAX_SNAPSHOTS = 1000;

function versionRef(p: VersionParent): { domain: string; product: string; version: number } {
  return { domain: p.product.domain, product: p.product.product, version: p.version.version };
}

function current(product: ProductContract): VersionContract {
  // Contracts are validated to have exactly one current version; fall back to the newest for safety.
  return product.versions.find((v) => v.status === 'current') ?? [...product.versions].sort((a, b) => b.version - a.version)[0]!;
}

async function versionFreshness(catalog: ProductCatalog, p: VersionParent): Promise<string> {
  const latest = await catalog.latest(versionRef(p));
  return freshnessOf(p.product, latest?.publishedAt).toUpperCase();
}

function piiColumns(version: VersionContract | undefined): Set<string> {
  return new Set((version?.columns ?? []).filter((c) => c.pii).map((c) => c.name));
}

function rethrow(err: unknown): never {
  throw isTesseraError(err) ? err.toGraphQLError() : err;
}

/**
 * The resolvers of the catalog subgraph ({@link CATALOG_SDL}) over a {@link ProductCatalog}. Store failures surface as
 * `STORAGE_UNAVAILABLE` errors on the fields that needed the store, not on the whole response. Every caller sees
 * every entry; quality test messages show data values only to callers granted them ({@link visibleTestResults}).
 */
export function catalogResolvers(catalog: ProductCatalog): SubgraphResolverMap {
  const refTo = (ref: ColumnRef | string): ProductContract | null => {
    const id = typeof ref === 'string' ? ref : `${ref.domain}.${ref.product}`;
    return catalog.product(id) ?? null;
  };
  const lineage = lineageResolvers(catalog);
  return {
    ...lineage,
    Query: {
      ...lineage.Query,
      dataProducts: (_: unknown, args: { domain?: string | null }) => catalog.products(args.domain ?? undefined),
      dataProduct: (_: unknown, args: { id: string }) => catalog.product(args.id) ?? null,
    },
    DataProduct: {
      ...lineage.DataProduct,
      __resolveReference: (ref: { id: string }) => catalog.product(ref.id) ?? null,
      id: (p: ProductContract) => qualifiedName(p),
      name: (p: ProductContract) => p.product,
      subscribers: (p: ProductContract) => [...p.subscribers].sort(),
      runbook: (p: ProductContract) => p.runbook ?? null,
      freshnessSlo: (p: ProductContract) => ({ warnAfter: p.freshness.warnAfter, errorAfter: p.freshness.errorAfter }),
      freshness: (p: ProductContract) => versionFreshness(catalog, { product: p, version: current(p) }).catch(rethrow),
      currentVersion: (p: ProductContract) => current(p).version,
      versions: (p: ProductContract): VersionParent[] =>
        [...p.versions].sort((a, b) => b.version - a.version).map((version) => ({ product: p, version })),
      version: (p: ProductContract, args: { version: number }): VersionParent | null => {
        const version = p.versions.find((v) => v.version === args.version);
        return version ? { product: p, version } : null;
      },
      upstream: (p: ProductContract) => p.lineage.upstream.map((id) => ({ id, dataProduct: refTo(id) })),
      downstream: (p: ProductContract) => catalog.downstreamOf(qualifiedName(p)),
    },
    DataProductVersion: {
      version: (p: VersionParent) => p.version.version,
      status: (p: VersionParent) => p.version.status.toUpperCase(),
      sunset: (p: VersionParent) => p.version.sunset ?? null,
      deprecatedAt: (p: VersionParent) => p.version.deprecatedAt ?? null,
      deprecationReason: (p: VersionParent) => p.version.deprecationReason ?? null,
      successorVersion: (p: VersionParent) => (p.version.status === 'deprecated' ? current(p.product).version : null),
      typeName: (p: VersionParent) => buildProductModel(p.product, p.version).typeName,
      primaryKey: (p: VersionParent) => p.version.primaryKey,
      columns: (p: VersionParent): ColumnParent[] => p.version.columns.map((column) => ({ column, version: p.version })),
      freshness: (p: VersionParent) => versionFreshness(catalog, p).catch(rethrow),
      latestSnapshot: (p: VersionParent) => catalog.latest(versionRef(p)).then((m) => m ?? null, rethrow),
      snapshots: (p: VersionParent, args: { first?: number | null }) => {
        const first = Math.max(0, Math.min(args.first ?? 20, MAX_SNAPSHOTS));
        return catalog.snapshots(versionRef(p)).then((list) => list.slice(0, first), rethrow);
      },
      qualityTests: (p: VersionParent, _: unknown, ctx: SubgraphContext) => catalog.latest(versionRef(p)).then(
        (m) => visibleTestResults(m?.tests ?? [], qualifiedName(p.product), piiColumns(p.version), ctx.identity), rethrow),
    },
    DataProductColumn: {
      name: (p: ColumnParent) => p.column.name,
      field: (p: ColumnParent) => camelCase(p.column.name),
      type: (p: ColumnParent) => p.column.type,
      description: (p: ColumnParent) => p.column.description ?? null,
      pii: (p: ColumnParent) => p.column.pii,
      primaryKey: (p: ColumnParent) => p.version.primaryKey.includes(p.column.name),
      references: (p: ColumnParent) => {
        const ref = p.column.references;
        return ref ? { productId: `${ref.domain}.${ref.product}`, column: ref.column, dataProduct: refTo(ref) } : null;
      },
      renamedFrom: (p: ColumnParent) => p.column.renamedFrom ?? null,
      formerField: (p: ColumnParent) => (p.column.renamedFrom ? camelCase(p.column.renamedFrom) : null),
    },
    Snapshot: {
      ...lineage.Snapshot,
      id: (m: Manifest) => m.snapshotId,
      rowCount: (m: Manifest) => String(m.rowCount),
      fileCount: (m: Manifest) => m.files.length,
      bytes: (m: Manifest) => String(m.files.reduce((sum, f) => sum + f.bytes, 0)),
      tests: (m: Manifest, _: unknown, ctx: SubgraphContext) => {
        const contract = catalog.product(`${m.domain}.${m.product}`);
        const version = m.contract?.version?.columns ? m.contract.version : contract && findVersion(contract, m.version);
        return visibleTestResults(m.tests, `${m.domain}.${m.product}`, piiColumns(version), ctx.identity);
      },
    },
    QualityTestResult: {
      column: (t: TestResult) => t.column ?? null,
      severity: (t: TestResult) => t.severity.toUpperCase(),
      status: (t: TestResult) => t.status.toUpperCase(),
      message: (t: TestResult) => t.message ?? null,
    },
  };
}
