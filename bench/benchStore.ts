import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LAYOUT } from '../engine/publish/writeParts';
import { generateSampleData } from '../engine/sample/generateSampleData';
import type { SampleSizes } from '../engine/sample/sampleSql';
import { sampleSizes } from '../engine/sample/sampleSql';
import type { Manifest } from '../engine/snapshot/manifest';
import { SnapshotReader } from '../engine/snapshot/snapshotReader';
import { LocalStore } from '../engine/storage/localStore';

/** A store holding the sample domains at one scale. */
export interface BenchStore {
  /** The store's root folder (what `TESSERA_STORE` points at). */
  root: string;
  sizes: SampleSizes;
  /** Parquet files of the latest snapshot of sales.orders v2 and customers.customers v1. */
  files: { orders: string[]; customers: string[] };
  /** Seconds the generation took, or undefined when an existing store was reused. */
  generatedSeconds?: number;
}

const LAYOUT_FILE = 'bench-layout.json';

/** What a store must have been generated with to be reused: its scale and the publish layout in force. */
function signature(orders: number): string {
  return JSON.stringify({ orders, layout: DEFAULT_LAYOUT });
}

async function latest(store: LocalStore, domain: string, product: string, version: number): Promise<Manifest | undefined> {
  return new SnapshotReader(store).latest({ domain, product, version });
}

/** The manifests of a store when it holds exactly the sample at `sizes` in the current layout, else undefined. */
async function reusable(root: string, sizes: SampleSizes): Promise<{ orders: Manifest; customers: Manifest } | undefined> {
  const recorded = await readFile(join(root, LAYOUT_FILE), 'utf8').catch(() => undefined);
  if (recorded !== signature(sizes.orders)) return undefined;
  const store = new LocalStore(root);
  const [orders, ordersV1, customers, products, lines] = await Promise.all([
    latest(store, 'sales', 'orders', 2), latest(store, 'sales', 'orders', 1), latest(store, 'customers', 'customers', 1),
    latest(store, 'merchandising', 'products', 1), latest(store, 'sales', 'order_lines', 1),
  ]);
  if (orders?.rowCount !== sizes.orders || ordersV1?.rowCount !== sizes.orders) return undefined;
  if (customers?.rowCount !== sizes.customers || products?.rowCount !== sizes.products || !lines?.rowCount) return undefined;
  // Stores published before manifests recorded per-file key ranges are regenerated, so lookups can prune files.
  if (!orders.files.every((f) => f.keyRange)) return undefined;
  return { orders, customers };
}

/**
 * The sample domains at `orders` orders in `<parent>/orders-<n>/`: reused when its manifests hold exactly that many
 * orders, customers and products and it was written with the current publish layout; otherwise removed and generated
 * again through {@link generateSampleData} (the normal publish path).
 */
export async function prepareStore(parent: string, orders: number, threads: number, log: (line: string) => void): Promise<BenchStore> {
  const root = join(parent, `orders-${orders}`);
  const sizes = sampleSizes(orders);
  let manifests = await reusable(root, sizes);
  let generatedSeconds: number | undefined;
  if (manifests) log(`reusing the store at ${root}`);
  else {
    log(`generating ${orders.toLocaleString('en-US')} orders into ${root}`);
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const started = performance.now();
    await generateSampleData({
      store: new LocalStore(root), schemaDir: 'schema', scale: orders, publisher: 'tessera-bench', duckdb: { threads, memoryLimit: '4GB' },
      onProgress: (product, event) => { if (event.phase !== 'upload') log(`  ${product}: ${event.message}`); },
    });
    generatedSeconds = (performance.now() - started) / 1000;
    await writeFile(join(root, LAYOUT_FILE), signature(orders));
    manifests = await reusable(root, sizes);
    if (!manifests) throw new Error(`expected the generated store at ${root} to hold ${orders} orders, it does not`);
    log(`  generated in ${generatedSeconds.toFixed(1)} s`);
  }
  const local = new LocalStore(root);
  const filesOf = (m: Manifest): string[] => m.files.map((f) => local.localPath(`${m.domain}/${m.product}/v${m.version}/${m.snapshotId}/${f.path}`));
  return { root, sizes, files: { orders: filesOf(manifests.orders), customers: filesOf(manifests.customers) }, generatedSeconds };
}
