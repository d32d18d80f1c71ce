import type { Table } from 'apache-arrow';
import { DataType, tableFromIPC } from 'apache-arrow';
import { wireRows } from '../helpers/arrowRows';
import type { DataHub } from '../gateway/helpers/startDataHub';
import { startDataHub } from '../gateway/helpers/startDataHub';

let hub: DataHub;
beforeAll(async () => {
  hub = await startDataHub();
});
afterAll(async () => {
  await hub?.stop();
});

const exportUrl = (): string => hub.gateway.url.replace(/\/graphql$/, '/export');

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(exportUrl(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Every node of a list field, paged through the gateway 100 at a time. */
async function allNodes(field: string, selection: string, where: unknown): Promise<Record<string, unknown>[]> {
  const nodes: Record<string, unknown>[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const { body } = await hub.ask(`query ($w: ${field === 'ordersV2' ? 'OrderV2Filter' : field === 'productsV1' ? 'ProductV1Filter' : 'OrderLineV1Filter'}, $a: String) {
      ${field}(where: $w, first: 100, after: $a) { nodes { ${selection} } pageInfo { hasNextPage endCursor } } }`, {}, { w: where, a: after });
    expect(body.errors).toBeUndefined();
    const conn = body.data![field] as { nodes: Record<string, unknown>[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    nodes.push(...conn.nodes);
    if (!conn.pageInfo.hasNextPage) return nodes;
    after = conn.pageInfo.endCursor;
  }
  throw new Error('more than 50 pages');
}

/** Each field's name and type; a decimal as `Decimal(precision,scale)`. */
function fieldTypes(table: Table): [string, string][] {
  return table.schema.fields.map((f) => [f.name, DataType.isDecimal(f.type) ? `Decimal(${f.type.precision},${f.type.scale})` : String(f.type)]);
}

describe('POST /export as an Arrow IPC stream through the gateway', () => {
  it('reads back with an Arrow reader equal to the GraphQL answer, every scalar typed', async () => {
    const fields = ['productId', 'name', 'category', 'price', 'isActive', 'createdAt', 'releasedOn'];
    const res = await post({ product: 'merchandising.products', columns: fields, format: 'arrow' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect(res.headers.get('content-disposition')).toMatch(/merchandising\.products\.v1\..*\.arrows"/);
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(res.headers.get('x-tessera-rows')).toBe(String(table.numRows));
    expect(fieldTypes(table)).toEqual([
      ['productId', 'Utf8'], ['name', 'Utf8'], ['category', 'Utf8'], ['price', 'Decimal(10,2)'], ['isActive', 'Bool'],
      ['createdAt', 'Timestamp<MICROSECOND, UTC>'], ['releasedOn', 'Date32<DAY>'],
    ]);
    const expected = await allNodes('productsV1', fields.join(' '), undefined);
    expect(expected.length).toBeGreaterThan(10);
    expect(wireRows(table)).toEqual(expected);
  });

  it('types Int and Long, follows a filter, and keeps the contract names when asked', async () => {
    const where = { quantity: { gte: 2 } };
    const res = await post({ product: 'sales.order_lines', where, format: 'arrow' });
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(fieldTypes(table)).toEqual([
      ['orderId', 'Int64'], ['lineId', 'Int32'], ['productId', 'Utf8'], ['quantity', 'Int32'], ['unitPrice', 'Decimal(10,2)'],
    ]);
    const expected = await allNodes('orderLinesV1', 'orderId lineId productId quantity unitPrice', where);
    expect(expected.length).toBeGreaterThan(5);
    expect(wireRows(table)).toEqual(expected);
    const contract = await post({ product: 'sales.order_lines', where, format: 'arrow', naming: 'contract', limit: 2 });
    const named = tableFromIPC(new Uint8Array(await contract.arrayBuffer()));
    expect(named.schema.fields.map((f) => f.name)).toEqual(['order_id', 'line_id', 'product_id', 'quantity', 'unit_price']);
    expect(named.numRows).toBe(2);
  });

  it('writes the schema when no row matches', async () => {
    const res = await post({ product: 'sales.orders', columns: ['orderId', 'status'], where: { status: { eq: 'no-such-status' } }, format: 'arrow' });
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['orderId', 'status']);
  });

  it('chooses the format by the Accept header, and answers 406 NOT_ACCEPTABLE for a type it cannot produce', async () => {
    const body = { product: 'sales.orders', columns: ['orderId'], limit: 3 };
    const arrow = await post(body, { accept: 'application/vnd.apache.arrow.stream' });
    expect(arrow.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    expect(tableFromIPC(new Uint8Array(await arrow.arrayBuffer())).numRows).toBe(3);
    const csv = await post(body, { accept: 'application/xml;q=0.9, text/csv;q=0.5' });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toBe('orderId');
    const any = await post(body, { accept: '*/*' });
    expect(any.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    await any.arrayBuffer();
    for (const [accept, extra] of [['application/xml', {}], ['text/csv', { format: 'arrow' }]] as const) {
      const refused = await post({ ...body, ...extra }, { accept });
      expect(refused.status).toBe(406);
      expect(await refused.json()).toEqual({ errors: [{ message: expect.stringContaining('Accept: expected'), extensions: { code: 'NOT_ACCEPTABLE' } }] });
    }
  });
});
