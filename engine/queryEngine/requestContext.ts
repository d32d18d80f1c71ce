import type DataLoader from 'dataloader';
import { AccessPolicy } from '../access/accessPolicy';
import type { CallerIdentity } from '../auth/callerIdentity';
import type { Manifest } from '../snapshot/manifest';
import type { ServedProduct } from '../snapshot/servedProduct';
import type { SnapshotPins } from '../snapshot/snapshotPins';
import { RequestUsage } from '../usage/requestUsage';

/**
 * Per-request state of a domain subgraph: who asks (from the gateway's signed headers), what the request read, the
 * snapshot of each product version chosen once so every read in the request is consistent (the gateway's pin when
 * it sent one, so every subgraph of the request reads the same snapshots), and the request's DataLoaders (batching
 * entities and relations into one SQL query per batch).
 */
export interface SubgraphContext {
  identity: CallerIdentity;
  /** What this caller may read, filter, sort and group by. */
  access: AccessPolicy;
  /** Product versions read, keyed `<domain>.<product>@<version>@<snapshot>`. */
  served: Map<string, ServedProduct>;
  /** Snapshot ids the gateway chose for this request, keyed `<domain>.<product>@<version>` (signed with the request). */
  pins: SnapshotPins;
  /** Manifests opened for this request by default (the pin, else the latest), keyed `<domain>.<product>@<version>`. */
  pinned: Map<string, Promise<Manifest>>;
  loaders: Map<string, DataLoader<unknown, unknown, string>>;
  /** What the request's statements read (bytes, rows, engine time), reported to the gateway for the usage log. */
  usage: RequestUsage;
  /** Aborted when the gateway stops waiting for this request (its deadline): SQL still running is interrupted. */
  signal?: AbortSignal;
}

/** A fresh context for one request; `pins` are the gateway's snapshot choices (none: each product's latest). */
export function createRequestContext(identity: CallerIdentity, signal?: AbortSignal, pins: SnapshotPins = {}): SubgraphContext {
  return { identity, access: new AccessPolicy(identity), served: new Map(), pins, pinned: new Map(), loaders: new Map(), signal, usage: new RequestUsage() };
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
