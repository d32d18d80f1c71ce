import type { ApolloServerPlugin } from '@apollo/server';
import type { ServedProduct } from '../engine/snapshot/servedProduct';
import { pinnedInstant } from '../engine/snapshot/snapshotPins';
import type { GatewayContext } from './gatewayContext';

/** The products of a response, one entry per product, version and snapshot, in a stable order. */
function mergeServedProducts(products: readonly ServedProduct[]): ServedProduct[] {
  const unique = new Map<string, ServedProduct>();
  for (const p of products) unique.set(`${p.product}\u0000${p.version}\u0000${p.snapshot}`, p);
  return [...unique.values()].sort((a, b) =>
    a.product.localeCompare(b.product) || a.version - b.version || a.snapshot.localeCompare(b.snapshot));
}

/** Merged lists by the request's collected list, while it holds as many entries as when merged. */
const merged = new WeakMap<readonly ServedProduct[], { length: number; products: ServedProduct[] }>();

/**
 * The request's served products merged ({@link mergeServedProducts}), once per request: the response hooks that need
 * them (this plugin's, the answer cache's, the deprecation notices') run concurrently, so they share the merge through the collected list.
 */
export function servedProductsOf(ctx: Pick<GatewayContext, 'products'>): ServedProduct[] {
  const collected = ctx.products ?? [];
  const known = merged.get(collected);
  if (known?.length === collected.length) return known.products;
  const products = mergeServedProducts(collected);
  merged.set(collected, { length: collected.length, products });
  return products;
}

/**
 * Puts what the subgraphs said they served (their `extensions.tessera.products`, collected by the data sources)
 * into the client response's `extensions.tessera.products`; `@apollo/gateway` does not pass subgraph extensions on.
 * Every GraphQL response carries the list, empty when no product was read; a request that travelled in time
 * (`asOf`, or `snapshot` on a root field) also carries `extensions.tessera.asOf`, the instant it read every product at.
 */
export function servedProductsPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const tessera = (result.extensions?.tessera ?? {}) as Record<string, unknown>;
          const products = servedProductsOf(contextValue);
          // A request that travelled in time says to which instant: every product it read was read as of it.
          const asOf = contextValue.pins ? pinnedInstant(contextValue.pins) : undefined;
          result.extensions = { ...result.extensions, tessera: { ...tessera, ...(asOf ? { asOf } : {}), products } };
        },
      };
    },
  };
}
