import type { ColumnRef, ProductContract } from '../contract/types';
import { currentVersion } from '../contract/types';
import type { Manifest } from '../snapshot/manifest';
import type { SnapshotCache } from '../snapshot/snapshotCache';
import type { SnapshotReader } from '../snapshot/snapshotReader';
import type { ObjectStore } from '../storage/objectStore';
import type { ReferenceResolver } from './runQualityTests';

/**
 * Resolves a relationships test's target to the local files of the referenced product's latest committed snapshot.
 * The version is the referenced contract's current one when the contracts are known; otherwise the highest version
 * in the store whose latest snapshot has the referenced column.
 */
export function resolveReferences(store: ObjectStore, reader: SnapshotReader, cache: SnapshotCache,
  contracts: ProductContract[] | undefined): ReferenceResolver {
  return async (to: ColumnRef) => {
    const manifest = await latestOf(store, reader, to, contracts);
    if (!manifest) return undefined;
    return { label: `v${manifest.version} @ ${manifest.snapshotId}`, files: await cache.filesOf(manifest) };
  };
}

async function latestOf(store: ObjectStore, reader: SnapshotReader, to: ColumnRef,
  contracts: ProductContract[] | undefined): Promise<Manifest | undefined> {
  const contract = contracts?.find((c) => c.domain === to.domain && c.product === to.product);
  if (contract) return reader.latest({ domain: to.domain, product: to.product, version: currentVersion(contract).version });
  const prefix = `${to.domain}/${to.product}/`;
  const versions = [...new Set((await store.list(prefix))
    .map((o) => /^v(\d+)\//.exec(o.key.slice(prefix.length))?.[1])
    .filter((v): v is string => v !== undefined)
    .map(Number))].sort((a, b) => b - a);
  for (const version of versions) {
    const manifest = await reader.latest({ domain: to.domain, product: to.product, version });
    if (manifest?.contract.version.columns.some((c) => c.name === to.column)) return manifest;
  }
  return undefined;
}
