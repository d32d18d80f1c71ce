import type { ProductContract } from '../contract/types';
import { findVersion } from '../contract/types';
import type { ProductVersionRef } from '../snapshot/snapshotLayout';
import type { SnapshotReader } from '../snapshot/snapshotReader';
import { SAMPLE_BUILDS, SAMPLE_INPUTS } from './sampleSql';

/**
 * The sample product versions (each contract's current version, plus sales.orders v1, then the products built from
 * SQL) that have a contract in
 * `contracts` but no committed snapshot in the store, in publish order. `npm start` publishes these, so a first run
 * that was interrupted half-way finishes on the next start, and a store whose samples are all committed is left alone.
 */
export async function unpublishedSampleVersions(reader: SnapshotReader, contracts: ProductContract[]): Promise<ProductVersionRef[]> {
  const missing: ProductVersionRef[] = [];
  for (const { domain, product, version } of [...SAMPLE_INPUTS, ...SAMPLE_BUILDS]) {
    const contract = contracts.find((c) => c.domain === domain && c.product === product);
    if (!contract || !findVersion(contract, version)) continue;
    if (!(await reader.listSnapshotIds({ domain, product, version })).length) missing.push({ domain, product, version });
  }
  return missing;
}
