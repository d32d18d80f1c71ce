import type DataLoader from 'dataloader';
import type { CallerIdentity } from '../auth/callerIdentity';
import type { Manifest } from '../snapshot/manifest';
import type { ServedProduct } from '../snapshot/servedProduct';

/**
 * Per-request state of a domain subgraph: who asks (from the gateway's signed headers), what the request read, the
 * latest snapshot of each product version pinned once so every read in the request is consistent, and the
 * request's DataLoaders (batching entities and relations into one SQL query per batch).
 */
export interface SubgraphContext {
  identity: CallerIdentity;
  /** Product versions read, keyed `<domain>.<product>@<version>@<snapshot>`. */
  served: Map<string, ServedProduct>;
  /** Latest manifests pinned for this request, keyed `<domain>.<product>@<version>`. */
  pinned: Map<string, Promise<Manifest>>;
  loaders: Map<string, DataLoader<unknown, unknown, string>>;
  /** Aborted when the gateway stops waiting for this request (its deadline): SQL still running is interrupted. */
  signal?: AbortSignal;
}

/** A fresh context for one request. */
export function createRequestContext(identity: CallerIdentity, signal?: AbortSignal): SubgraphContext {
  return { identity, served: new Map(), pinned: new Map(), loaders: new Map(), signal };
}

/** The request's loader under `key`, created on first use. */
export function loaderFor<K, V>(ctx: SubgraphContext, key: string, create: () => DataLoader<K, V, string>): DataLoader<K, V, string> {
  let loader = ctx.loaders.get(key);
  if (!loader) {
    loader = create() as unknown as DataLoader<unknown, unknown, string>;
    ctx.loaders.set(key, loader);
  }
  return loader as unknown as DataLoader<K, V, string>;
}
