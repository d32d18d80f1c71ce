import type { CallerIdentity } from '../auth/callerIdentity';
import type { ProductContract } from '../contract/types';
import { qualifiedName } from '../contract/types';
import { ErrorCode, TesseraError } from '../errors';
import type { SubgraphContext } from '../queryEngine/requestContext';
import type { SubgraphResolverMap } from '../resolvers/subgraphResolverMap';
import type { UsageCost, UsageReader, UsageWindow } from '../usage/usageReader';
import type { ProductCatalog } from './productCatalog';
import { groupBy } from '../groupBy';
import { RECENT_WINDOW_DAYS } from '../usage/usageReader';

interface WindowArgs { since?: string | null; until?: string | null }

/** The window of a question that names none: the last 30 days. */
const DEFAULT_WINDOW_MS = RECENT_WINDOW_DAYS * 86_400_000;

/** Sums of requests, bytes and engine time, rendered as the SDL's strings of digits. */
interface Totals { requests: number; bytesScanned: number; engineMs: number }

function instant(text: string, name: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(text) ? new Date(text) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new TesseraError(ErrorCode.BAD_USER_INPUT, `expected ${name} to be an ISO 8601 date or time with its offset (2026-12-01T00:00:00Z), got ${JSON.stringify(text)}`).toGraphQLError();
  }
  return date;
}

function windowOf(args: WindowArgs): UsageWindow {
  const until = args.until ? instant(args.until, 'until') : undefined;
  return { since: args.since ? instant(args.since, 'since') : new Date((until?.getTime() ?? Date.now()) - DEFAULT_WINDOW_MS), until };
}

function forbidden(product: string, identity: CallerIdentity): never {
  throw new TesseraError(ErrorCode.FORBIDDEN, `expected a caller granted ${product} to see its usage, got one granted ${identity.products?.join(', ') || 'no products'}`).toGraphQLError();
}

/** A reader failure as the client sees it: a bad window is BAD_USER_INPUT, anything else STORAGE_UNAVAILABLE. */
function readFailure(err: unknown): never {
  if (err instanceof RangeError) throw new TesseraError(ErrorCode.BAD_USER_INPUT, err.message).toGraphQLError();
  throw new TesseraError(ErrorCode.STORAGE_UNAVAILABLE, 'expected to read the usage log, but the store did not answer').toGraphQLError();
}

const totals = (rows: readonly UsageCost[]): Totals => rows.reduce((t, r) => ({
  requests: t.requests + r.requests, bytesScanned: t.bytesScanned + r.bytesScanned, engineMs: t.engineMs + r.engineMs,
}), { requests: 0, bytesScanned: 0, engineMs: 0 });

const rendered = (t: Totals) => ({ requests: String(t.requests), bytesScanned: String(t.bytesScanned), engineMs: t.engineMs });

function sortedGroups<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  return new Map([...groupBy(rows, key)].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The resolvers of {@link USAGE_SDL} over the usage log: field usage and consumers per product (for callers granted
 * it: null with FORBIDDEN otherwise), and cost per owner (the owner from each product's contract; products no longer in the
 * catalog and products the caller is not granted do not count).
 */
export function usageResolvers(catalog: ProductCatalog, reader: UsageReader): SubgraphResolverMap {
  return {
    Query: {
      ownerCosts: async (_: unknown, args: WindowArgs, ctx: SubgraphContext) => {
        const window = windowOf(args);
        const costs = (await reader.costs(window).catch(readFailure))
          .filter((c) => catalog.product(c.product) !== undefined && ctx.access.grants(c.product));
        return [...sortedGroups(costs, (c) => catalog.product(c.product)!.owner)].map(([owner, rows]) => ({
          owner, ...rendered(totals(rows)),
          products: [...sortedGroups(rows, (r) => r.product)].map(([productId, p]) => ({ productId, dataProduct: catalog.product(productId) ?? null, ...rendered(totals(p)) })),
          consumers: [...sortedGroups(rows, (r) => r.consumer)].map(([consumer, c]) => ({ consumer, ...rendered(totals(c)) })),
        }));
      },
    },
    DataProduct: {
      usage: async (p: ProductContract, args: WindowArgs, ctx: SubgraphContext) => {
        const id = qualifiedName(p);
        if (!ctx.access.grants(id)) forbidden(id, ctx.identity);
        const rows = await reader.fieldUsage(id, windowOf(args)).catch(readFailure);
        return rows.map((r) => ({ consumer: r.consumer, version: r.version, field: r.field, column: r.column, requests: String(r.requests), lastReadAt: r.lastReadAt.toISOString() }));
      },
      consumers: async (p: ProductContract, args: WindowArgs, ctx: SubgraphContext) => {
        const id = qualifiedName(p);
        if (!ctx.access.grants(id)) forbidden(id, ctx.identity);
        const rows = await reader.consumers(id, windowOf(args)).catch(readFailure);
        return rows.map((r) => ({
          consumer: r.consumer, versions: r.versions, requests: String(r.requests), rows: String(r.rows), bytesScanned: String(r.bytesScanned),
          engineMs: r.engineMs, lastReadAt: r.lastReadAt.toISOString(),
        }));
      },
    },
  };
}
