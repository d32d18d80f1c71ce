import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkContracts } from '../../engine/check/checkContracts';
import type { ContractFinding } from '../../engine/contract/contractFinding';
import { parseContract } from '../../engine/contract/parseContract';
import { publishProduct } from '../../engine/publish/publishProduct';
import { SnapshotReader } from '../../engine/snapshot/snapshotReader';
import { LocalStore } from '../../engine/storage/localStore';

const CUSTOMERS = `product: customers
domain: crm
owner: crm-team
description: Customers.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [customer_id]
    columns:
      - { name: customer_id, type: string }
      - { name: is_active, type: boolean }
      - { name: signed_up_at, type: timestamp }
`;

const ORDERS = `product: orders
domain: shop
owner: shop-team
description: Orders.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [order_id]
    columns:
      - { name: order_id, type: int64 }
      - { name: customer_id, type: string, references: crm.customers.customer_id }
`;

/**
 * Writes contracts into a fresh schema folder (`{ 'crm/customers.yaml': text }`), with a registry declaring each
 * domain, and checks them.
 */
async function check(files: Record<string, string>, reader?: SnapshotReader): Promise<ContractFinding[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-schema-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path.split('/')[0]!), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  const domains = [...new Set(Object.keys(files).map((path) => path.split('/')[0]!)), 'platform'];
  await writeFile(join(dir, 'domains.yaml'), `subgraphs:\n${domains.map((d, i) => `  ${d}: { port: ${5001 + i} }\n`).join('')}`);
  return (await checkContracts(relative(process.cwd(), dir), reader)).findings;
}

const base = { 'crm/customers.yaml': CUSTOMERS, 'shop/orders.yaml': ORDERS };

describe('tessera check', () => {
  it('accepts the sample domains and a clean pair of contracts', async () => {
    expect((await checkContracts('schema')).findings).toEqual([]);
    expect(await check(base)).toEqual([]);
  });

  it.each([
    ['naming/snake_case', '{ name: is_active, type: boolean }', '{ name: isActive, type: boolean }', 'expected a snake_case column name'],
    ['naming/timestamp_suffix', 'signed_up_at, type: timestamp', 'signed_up, type: timestamp', 'expected timestamp column "signed_up" to end in _at'],
    ['naming/boolean_prefix', '{ name: is_active, type: boolean }', '{ name: active, type: boolean }', 'expected boolean column "active" to start with is_ or has_'],
    ['naming/id_suffix', 'primaryKey: [customer_id]', 'primaryKey: [signed_up_at]', 'expected primary-key column "signed_up_at" to end in _id'],
  ])('reports %s with file, line and path', async (rule, from, to, message) => {
    const findings = await check({ ...base, 'crm/customers.yaml': CUSTOMERS.replace(from, to) });
    const found = findings.filter((f) => f.rule === rule);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: expect.stringMatching(/crm\/customers\.yaml$/), line: expect.any(Number), path: expect.stringMatching(/^\/versions\/0\/columns\/\d\/name$/) });
    expect(found[0]!.message).toContain(message);
  });

  it('reports a reference column not ending in _id', async () => {
    const findings = await check({ ...base, 'shop/orders.yaml': ORDERS.replace('{ name: customer_id, type: string, references', '{ name: customer, type: string, references') });
    expect(findings).toEqual([expect.objectContaining({ rule: 'naming/id_suffix', line: 12, message: 'expected reference column "customer" to end in _id' })]);
  });

  it('reports references that do not resolve or differ in type', async () => {
    const missing = await check({ ...base, 'shop/orders.yaml': ORDERS.replace('crm.customers.customer_id', 'crm.clients.customer_id') });
    expect(missing).toEqual([expect.objectContaining({ rule: 'references/resolve', path: '/versions/0/columns/1/references', message: expect.stringContaining('found no contract crm.clients') })]);
    const column = await check({ ...base, 'shop/orders.yaml': ORDERS.replace('crm.customers.customer_id', 'crm.customers.client_id') });
    expect(column[0]?.message).toContain('found no column "client_id"');
    const typed = await check({ ...base, 'shop/orders.yaml': ORDERS.replace('{ name: customer_id, type: string', '{ name: customer_id, type: int64') });
    expect(typed[0]?.message).toBe('expected column "customer_id" to have the type of crm.customers.customer_id (string), found int64');
  });

  it('reports product and entity names used by two domains', async () => {
    const twin = ORDERS.replace('domain: shop', 'domain: crm').replace('references: crm.customers.customer_id', 'description: x');
    const products = await check({ ...base, 'crm/orders.yaml': twin });
    expect(products.filter((f) => f.rule === 'naming/unique_product').map((f) => f.file).sort()).toEqual([expect.stringMatching(/crm\/orders\.yaml$/), expect.stringMatching(/shop\/orders\.yaml$/)]);
    const entities = await check({ ...base, 'crm/purchases.yaml': twin.replace('product: orders', 'product: purchases\nentity: Order') });
    expect(entities.filter((f) => f.rule === 'naming/unique_entity')).toHaveLength(2);
  });

  it('reports parse errors of every file rather than stopping at the first', async () => {
    const findings = await check({ 'crm/customers.yaml': CUSTOMERS.replace('type: boolean', 'type: bool'), 'shop/orders.yaml': ORDERS.replace('owner: shop-team\n', '') });
    expect(findings.map((f) => f.rule)).toEqual(['schema', 'schema']);
  });

  it('lints and checks the contracts that parsed while others did not, listing every finding together', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-')));
    const dir = await mkdtemp(join(tmpdir(), 'tessera-in-'));
    await writeFile(join(dir, 'o.csv'), 'order_id,customer_id\n1,C1\n');
    await publishProduct({ store, contract: parseContract('shop/orders.yaml', ORDERS), inputs: [join(dir, 'o.csv')] });
    const orders = ORDERS.replace('{ name: customer_id, type: string, references', '{ name: customer, type: string, references')
      .replace('{ name: order_id, type: int64 }', '{ name: order_id, type: int32 }');
    const findings = await check({ 'crm/customers.yaml': CUSTOMERS.replace('type: boolean', 'type: bool'), 'shop/orders.yaml': orders }, new SnapshotReader(store));
    expect(findings.map((f) => [f.file.split('/').slice(-2).join('/'), f.rule])).toEqual([
      ['crm/customers.yaml', 'schema'],
      ['shop/orders.yaml', 'breaking/retyped_column'],
      ['shop/orders.yaml', 'breaking/removed_column'],
      ['shop/orders.yaml', 'naming/id_suffix'],
    ]);
  });

  it('rejects breaking changes against the latest committed snapshot of the version', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-')));
    const dir = await mkdtemp(join(tmpdir(), 'tessera-in-'));
    await writeFile(join(dir, 'c.csv'), 'customer_id,is_active,signed_up_at\nC1,true,2024-01-01T00:00:00Z\n');
    const parsed = parseContract('crm/customers.yaml', CUSTOMERS);
    await publishProduct({ store, contract: parsed, inputs: [join(dir, 'c.csv')] });
    const reader = new SnapshotReader(store);
    expect(await check(base, reader)).toEqual([]);
    const added = CUSTOMERS.replace('      - { name: signed_up_at', '      - { name: nickname, type: string }\n      - { name: signed_up_at');
    expect(await check({ ...base, 'crm/customers.yaml': added }, reader)).toEqual([]);
    const broken = CUSTOMERS.replace('      - { name: is_active, type: boolean }\n', '').replace('signed_up_at, type: timestamp', 'signed_up_at, type: date').replace('primaryKey: [customer_id]', 'primaryKey: [customer_id, signed_up_at]');
    const findings = (await check({ ...base, 'crm/customers.yaml': broken }, reader)).filter((f) => f.rule.startsWith('breaking/'));
    expect(findings.map((f) => [f.rule, f.path, f.line])).toEqual([
      ['breaking/primary_key', '/versions/0/primaryKey', 9],
      ['breaking/removed_column', '/versions/0/columns', 11],
      ['breaking/retyped_column', '/versions/0/columns/1/type', 12],
    ]);
    expect(findings[1]!.message).toContain('expected column "is_active" (boolean) published in v1 to remain, found it removed');
  });
});
