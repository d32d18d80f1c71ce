import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProductContract } from '../../../engine/contract/types';
import { publishProduct } from '../../../engine/publish/publishProduct';
import type { PartLayout } from '../../../engine/publish/writeParts';
import type { Manifest } from '../../../engine/snapshot/manifest';
import type { ObjectStore } from '../../../engine/storage/objectStore';
import type { ColumnModel } from '../../../engine/model/productModel';
import { buildProductModel } from '../../../engine/model/productModel';
import type { HubData, Row } from './hubData';

/** JSON lines with every value as text (or null), keyed by column name: exact for int64 and decimals. */
function jsonLines(columns: ColumnModel[], rows: Row[]): string {
  return rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c) => {
    const v = row[c.field];
    return [c.name, v === null || v === undefined ? null : String(v)];
  })))).join('\n') + '\n';
}

/** Publishes rows of one product version through `publishProduct`, as a domain team would. */
export async function publishRows(store: ObjectStore, contracts: ProductContract[], qualified: string, version: number, rows: Row[], now?: Date, layout?: PartLayout): Promise<Manifest> {
  const contract = contracts.find((c) => `${c.domain}.${c.product}` === qualified)!;
  const model = buildProductModel(contract, contract.versions.find((v) => v.version === version)!);
  const dir = await mkdtemp(join(tmpdir(), 'tessera-hub-'));
  try {
    const input = join(dir, `${contract.product}.jsonl`);
    await writeFile(input, jsonLines(model.columns, rows));
    return await publishProduct({ store, contract, contracts, version, inputs: [input], publisher: 'test', now, layout, duckdb: { threads: 1, memoryLimit: '256MB' } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Publishes the whole generated hub in dependency order (referenced products first), then builds the products built
 * from SQL over them.
 */
export async function publishHub(store: ObjectStore, contracts: ProductContract[], data: HubData): Promise<Record<string, Manifest>> {
  const published = {
    customers: await publishRows(store, contracts, 'customers.customers', 1, data.customers),
    products: await publishRows(store, contracts, 'merchandising.products', 1, data.products),
    ordersV2: await publishRows(store, contracts, 'sales.orders', 2, data.ordersV2),
    ordersV1: await publishRows(store, contracts, 'sales.orders', 1, data.ordersV1),
    orderLines: await publishRows(store, contracts, 'sales.order_lines', 1, data.orderLines),
  };
  const customerValues = contracts.find((c) => `${c.domain}.${c.product}` === 'sales.customer_values')!;
  return {
    ...published,
    customerValues: await publishProduct({ store, contract: customerValues, contracts, version: 1, inputs: [], publisher: 'test', duckdb: { threads: 1, memoryLimit: '256MB' } }),
  };
}
