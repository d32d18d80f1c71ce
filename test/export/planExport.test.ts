import { loadContracts } from '../../engine/contract/loadContracts';
import { compileExport } from '../../engine/duckdb/compileExport';
import { planExport } from '../../engine/query/planExport';
import { ErrorCode, TesseraError } from '../../engine/errors';
import type { ColumnModel, ProductModel } from '../../engine/model/productModel';
import { buildProductModels } from '../../engine/model/productModel';

let models: ProductModel[];
const forbidPii = (c: ColumnModel): void => {
  if (c.pii) throw new TesseraError(ErrorCode.FORBIDDEN, `no pii: ${c.field}`);
};
const notPii = (c: ColumnModel): boolean => !c.pii;

beforeAll(async () => {
  models = buildProductModels(await loadContracts('schema'));
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof TesseraError ? err.code : 'not a TesseraError';
  }
  return undefined;
}

describe('planExport', () => {
  it('defaults to the current version, parquet and every readable column', () => {
    const plan = planExport(models, { product: 'customers.customers' }, forbidPii, notPii);
    expect(plan.model.version.version).toBe(1);
    expect(plan.format).toBe('parquet');
    expect(plan.columns.map((c) => c.name)).not.toContain('email');
    expect(plan.columns.map((c) => c.name)).toContain('customer_id');
  });

  it('takes GraphQL field names and the list filter shape', () => {
    const plan = planExport(models, {
      product: 'sales.orders', version: 1, columns: ['orderId', 'amount'], where: { status: { in: ['paid'] } }, format: 'csv',
    }, forbidPii, notPii);
    expect(plan.model.version.version).toBe(1);
    expect(plan.columns.map((c) => c.name)).toEqual(['order_id', 'amount']);
    expect(plan.filter).toMatchObject({ kind: 'in', values: ['paid'] });
  });

  it('refuses a pii column without the scope, unknown products, fields, formats and keys', () => {
    expect(codeOf(() => planExport(models, { product: 'customers.customers', columns: ['email'] }, forbidPii, notPii))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(() => planExport(models, { product: 'sales.nope' }, forbidPii, notPii))).toBe(ErrorCode.PRODUCT_NOT_FOUND);
    expect(codeOf(() => planExport(models, { product: 'sales.orders', columns: ['order_id; DROP'] }, forbidPii, notPii))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf(() => planExport(models, { product: 'sales.orders', format: 'xlsx' }, forbidPii, notPii))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf(() => planExport(models, { product: 'sales.orders', version: 7 }, forbidPii, notPii))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf(() => planExport(models, { product: 'sales.orders', path: '/etc/passwd' }, forbidPii, notPii))).toBe(ErrorCode.BAD_USER_INPUT);
    expect(codeOf(() => planExport(models, { product: 'sales.orders', limit: -1 }, forbidPii, notPii))).toBe(ErrorCode.BAD_USER_INPUT);
  });
});

describe('compileExport', () => {
  it('keeps values out of the SQL text and names only contract columns', () => {
    const hostile = "x') TO '/tmp/pwned' --";
    const plan = planExport(models, { product: 'sales.orders', columns: ['orderId', 'status'], where: { status: { eq: hostile } }, format: 'jsonl', limit: 10 }, forbidPii, notPii);
    const sql = compileExport(plan, { files: ['/data/a.parquet'] }, '/tmp/out.jsonl');
    expect(sql.sql).not.toContain(hostile);
    expect(sql.params).toEqual([hostile]);
    expect(sql.sql).toBe(`COPY (SELECT CAST("order_id" AS VARCHAR) AS "orderId", "status" AS "status" FROM read_parquet(['/data/a.parquet']) WHERE ("status" = CAST($1 AS VARCHAR)) LIMIT 10) TO '/tmp/out.jsonl' (FORMAT json)`);
  });

  it('keeps native types in parquet, UTC instants under GraphQL naming, and writes the wire forms in the text formats', () => {
    const columns = ['orderId', 'amountCents', 'isGift', 'orderedAt'];
    const select = (format: string, naming = 'graphql'): string => {
      const plan = planExport(models, { product: 'sales.orders', columns, format, naming }, forbidPii, notPii);
      const sql = compileExport(plan, { files: ['/data/a.parquet'] }, '/tmp/out').sql;
      return sql.slice('COPY (SELECT '.length, sql.indexOf(' FROM '));
    };
    const ts = `strftime("ordered_at", '%Y-%m-%dT%H:%M:%S.%fZ') AS "orderedAt"`;
    expect(select('parquet', 'contract')).toBe('"order_id" AS "order_id", "amount_cents" AS "amount_cents", "is_gift" AS "is_gift", "ordered_at" AS "ordered_at"');
    expect(select('parquet')).toBe('"order_id" AS "orderId", "amount_cents" AS "amountCents", "is_gift" AS "isGift", CAST("ordered_at" AS TIMESTAMPTZ) AS "orderedAt"');
    expect(select('csv')).toBe(`"order_id" AS "orderId", "amount_cents" AS "amountCents", "is_gift" AS "isGift", ${ts}`);
    expect(select('jsonl')).toBe(`CAST("order_id" AS VARCHAR) AS "orderId", CAST("amount_cents" AS VARCHAR) AS "amountCents", "is_gift" AS "isGift", ${ts}`);
    const lines = planExport(models, { product: 'sales.order_lines', columns: ['unitPrice', 'quantity'], format: 'jsonl' }, forbidPii, notPii);
    expect(compileExport(lines, { files: ['/data/a.parquet'] }, '/tmp/out').sql).toContain('CAST("unit_price" AS VARCHAR) AS "unitPrice", "quantity" AS "quantity"');
    expect(codeOf(() => planExport(models, { product: 'sales.orders', naming: 'snake' }, forbidPii, notPii))).toBe(ErrorCode.BAD_USER_INPUT);
  });
});
