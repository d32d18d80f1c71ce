import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContracts } from '../contract/loadContracts';
import { DEFAULT_CONFIG } from '../config';
import type { DuckDBOptions } from '../duckdb/openDuckDB';
import { openDuckDB } from '../duckdb/openDuckDB';
import { quoteString } from '../duckdb/sqlQuote';
import type { PublishProgress } from '../publish/publishProduct';
import { publishProduct } from '../publish/publishProduct';
import type { Manifest } from '../snapshot/manifest';
import type { ProductVersionRef } from '../snapshot/snapshotLayout';
import type { ObjectStore } from '../storage/objectStore';
import { SAMPLE_BUILDS, SAMPLE_INPUTS, sampleSizes, sampleSql } from './sampleSql';

/** What {@link generateSampleData} needs. */
export interface SampleDataOptions {
  store: ObjectStore;
  /** Folder with the sample contracts (merchandising, customers, sales). */
  schemaDir: string;
  /** Number of orders. @default 200_000 */
  scale?: number;
  /** Progress per product (`generate` while the rows are being built). */
  onProgress?: (product: string, event: PublishProgress) => void;
  duckdb?: DuckDBOptions;
  publisher?: string;
  /** Publish only these product versions (all rows are still generated, so references stay consistent). @default all */
  only?: ProductVersionRef[];
}

/** The default number of orders. */
export const DEFAULT_SAMPLE_ORDERS = 200_000;

/**
 * Generates the sample domains deterministically at a scale (orders; customers ~ orders/10, products ~ orders/250,
 * ~2.5 lines per order) with DuckDB SQL into parquet input files, then publishes every product through
 * {@link publishProduct} in dependency order: merchandising.products, customers.customers, sales.orders v2 and v1,
 * sales.order_lines, then the products built from SQL over them (sales.customer_values). The input files are removed
 * afterwards.
 * @returns the committed manifests, in publish order.
 */
export async function generateSampleData(options: SampleDataOptions): Promise<Manifest[]> {
  const scale = options.scale ?? DEFAULT_SAMPLE_ORDERS;
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`expected a scale of at least 1 order, got ${scale}`);
  const contracts = await loadContracts(options.schemaDir);
  const work = await mkdtemp(join(tmpdir(), 'tessera-sample-'));
  const duckdb = { threads: DEFAULT_CONFIG.duckdbThreads, memoryLimit: DEFAULT_CONFIG.duckdbMemoryLimit, ...options.duckdb };
  try {
    const session = await openDuckDB({ ...duckdb, tempDirectory: join(work, 'spill') });
    try {
      options.onProgress?.('generate', { phase: 'write', message: `generating ${scale} orders and their customers, products and lines` });
      for (const sql of sampleSql(sampleSizes(scale))) await session.connection.run(sql);
      for (const input of SAMPLE_INPUTS) {
        const file = join(work, `${input.domain}.${input.product}.v${input.version}.parquet`);
        await session.connection.run(`COPY (${input.sql}) TO ${quoteString(file)} (FORMAT parquet, COMPRESSION zstd)`);
      }
    } finally {
      session.close();
    }
    const manifests: Manifest[] = [];
    const only = options.only;
    const inputs = only ? SAMPLE_INPUTS.filter((i) => only.some((r) => r.domain === i.domain && r.product === i.product && r.version === i.version)) : SAMPLE_INPUTS;
    for (const input of inputs) {
      const name = `${input.domain}.${input.product}`;
      const contract = contracts.find((c) => c.domain === input.domain && c.product === input.product);
      if (!contract) throw new Error(`expected a contract for ${name} in ${options.schemaDir}, found none`);
      manifests.push(await publishProduct({
        store: options.store, contract, contracts, version: input.version, duckdb, publisher: options.publisher ?? 'tessera-sample',
        inputs: [join(work, `${name}.v${input.version}.parquet`)],
        onProgress: (e) => options.onProgress?.(`${name} v${input.version}`, e),
      }));
    }
    // Built products read the snapshots just committed (or, for a partial run, the ones already in the store).
    const builds = only ? SAMPLE_BUILDS.filter((b) => only.some((r) => r.domain === b.domain && r.product === b.product && r.version === b.version)) : SAMPLE_BUILDS;
    for (const b of builds) {
      const name = `${b.domain}.${b.product}`;
      const contract = contracts.find((c) => c.domain === b.domain && c.product === b.product);
      if (!contract) continue;
      manifests.push(await publishProduct({
        store: options.store, contract, contracts, version: b.version, duckdb, publisher: options.publisher ?? 'tessera-sample', inputs: [],
        onProgress: (e) => options.onProgress?.(`${name} v${b.version}`, e),
      }));
    }
    return manifests;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
