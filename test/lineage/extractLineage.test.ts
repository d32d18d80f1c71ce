import type { DuckDBSession } from '../../engine/duckdb/openDuckDB';
import { openDuckDB } from '../../engine/duckdb/openDuckDB';
import { parseContract } from '../../engine/contract/parseContract';
import type { ProductContract } from '../../engine/contract/types';
import { inputSchemas } from '../../engine/lineage/inputSchemas';
import { lineageOfSql } from '../../engine/lineage/lineageOfSql';

/** A contract with the given versions' columns (all strings; lineage does not look at types). */
function contract(domain: string, product: string, versions: Record<number, string[]>, retired: number[] = []): ProductContract {
  const newest = Math.max(...Object.keys(versions).map(Number));
  const yaml = [`product: ${product}`, `domain: ${domain}`, 'owner: t', 'description: d', 'freshness: { warnAfter: 1h, errorAfter: 2h }', 'versions:',
    ...Object.entries(versions).map(([v, cols]) => {
      const status = retired.includes(Number(v)) ? 'retired' : Number(v) === newest ? 'current' : 'deprecated';
      const sunset = status === 'deprecated' ? ', sunset: 2030-01-01, deprecationReason: old' : '';
      return `  - { version: ${v}, status: ${status}${sunset}, primaryKey: [${cols[0]}], columns: [${cols.map((c) => `{ name: ${c}, type: string }`).join(', ')}] }`;
    })].join('\n');
  return parseContract(`${domain}/${product}.yaml`, yaml);
}

const CONTRACTS = [
  contract('sales', 'orders', { 1: ['order_id', 'customer_id', 'amount', 'ordered_at'], 2: ['order_id', 'customer_id', 'amount_cents', 'status', 'ordered_at'] }),
  contract('sales', 'order_lines', { 1: ['order_id', 'line_id', 'product_id', 'quantity', 'unit_price'] }),
  contract('customers', 'customers', { 1: ['customer_id', 'name', 'country'] }),
  contract('legacy', 'things', { 1: ['thing_id'], 2: ['thing_id', 'label'] }, [1]),
];

const O = (column: string, version = 2) => `sales.orders v${version}.${column}`;
const L = (column: string) => `sales.order_lines v1.${column}`;
const C = (column: string) => `customers.customers v1.${column}`;

describe('column lineage from DuckDB parse trees', () => {
  let session: DuckDBSession;
  beforeAll(async () => { session = await openDuckDB({ threads: 1, memoryLimit: '256MB' }); });
  afterAll(() => session?.close());

  /** Output column → its sources as `product vN.column`, sorted; fails the test on any problem. */
  async function edges(sql: string): Promise<Record<string, string[]>> {
    const lineage = await lineageOfSql(session.connection, sql, inputSchemas(CONTRACTS));
    expect(lineage.problems).toEqual([]);
    return Object.fromEntries(lineage.columns.map((c) => [c.name, c.sources.map((s) => `${s.product} v${s.version}.${s.column}`).sort()]));
  }

  async function problems(sql: string): Promise<string[]> {
    return (await lineageOfSql(session.connection, sql, inputSchemas(CONTRACTS))).problems.map((p) => p.message);
  }

  it('follows aliases, expressions and joins', async () => {
    expect(await edges(`SELECT o.order_id, c.name AS customer_name, o.amount_cents / 100.0 AS amount, upper(c.country) || '-' || o.status AS tag
      FROM sales.orders o JOIN customers.customers AS c ON c.customer_id = o.customer_id WHERE o.status <> 'cancelled'`)).toEqual({
      order_id: [O('order_id')], customer_name: [C('name')], amount: [O('amount_cents')], tag: [C('country'), O('status')],
    });
  });

  it('follows CTEs, nested ones and column alias lists', async () => {
    expect(await edges(`WITH lines AS (SELECT order_id, quantity * unit_price AS total FROM sales.order_lines),
        per_order(id, revenue) AS (SELECT order_id, sum(total) FROM lines GROUP BY order_id)
      SELECT p.id AS order_id, revenue, o.ordered_at FROM per_order p JOIN sales.orders o ON o.order_id = p.id`)).toEqual({
      order_id: [L('order_id')], revenue: [L('quantity'), L('unit_price')], ordered_at: [O('ordered_at')],
    });
  });

  it('follows aggregates: group keys are not sources of measures', async () => {
    expect(await edges(`SELECT customer_id, count(*) AS orders, sum(amount_cents) FILTER (WHERE status = 'paid') AS paid_cents,
        count(DISTINCT status) AS statuses, max(ordered_at) AS last_ordered_at
      FROM sales.orders GROUP BY customer_id HAVING count(*) > 1`)).toEqual({
      customer_id: [O('customer_id')], orders: [], paid_cents: [O('amount_cents'), O('status')], statuses: [O('status')],
      last_ordered_at: [O('ordered_at')],
    });
  });

  it('follows window functions through their arguments, PARTITION BY and ORDER BY', async () => {
    expect(await edges(`SELECT order_id, row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at) AS seq,
        sum(amount_cents) OVER w AS running_cents, lag(status) OVER (ORDER BY order_id) AS previous_status
      FROM sales.orders WINDOW w AS (PARTITION BY customer_id ORDER BY ordered_at)`)).toEqual({
      order_id: [O('order_id')], seq: [O('customer_id'), O('ordered_at')],
      running_cents: [O('amount_cents'), O('customer_id'), O('ordered_at')], previous_status: [O('order_id'), O('status')],
    });
  });

  it('expands SELECT * from the inputs\' contracts, with EXCLUDE, REPLACE, t.* and COLUMNS', async () => {
    expect(await edges('SELECT * FROM customers.customers')).toEqual({ customer_id: [C('customer_id')], name: [C('name')], country: [C('country')] });
    expect(await edges(`SELECT * EXCLUDE (status) REPLACE (amount_cents * 2 AS amount_cents) FROM sales.orders`)).toEqual({
      order_id: [O('order_id')], customer_id: [O('customer_id')], amount_cents: [O('amount_cents')], ordered_at: [O('ordered_at')],
    });
    expect(await edges(`SELECT c.*, COLUMNS('^ord') FROM sales.orders o JOIN customers.customers c USING (customer_id)`)).toEqual({
      customer_id: [C('customer_id')], name: [C('name')], country: [C('country')], order_id: [O('order_id')], ordered_at: [O('ordered_at')],
    });
    // USING merges the key: one column, from both sides.
    expect(Object.keys(await edges('SELECT * FROM sales.orders JOIN customers.customers USING (customer_id)'))).toEqual(
      ['order_id', 'customer_id', 'amount_cents', 'status', 'ordered_at', 'name', 'country']);
    expect((await edges('SELECT * FROM sales.orders JOIN customers.customers USING (customer_id)')).customer_id).toEqual([C('customer_id'), O('customer_id')]);
  });

  it('follows subqueries in FROM, scalar and correlated subqueries, IN and EXISTS', async () => {
    expect(await edges(`SELECT t.customer_id, t.n,
        (SELECT max(l.quantity) FROM sales.order_lines l WHERE l.order_id = t.last_order) AS max_quantity,
        EXISTS (SELECT 1 FROM sales.order_lines l WHERE l.order_id = t.last_order) AS has_lines,
        t.customer_id IN (SELECT customer_id FROM customers.customers WHERE country = 'DE') AS is_german
      FROM (SELECT customer_id, count(*) AS n, max(order_id) AS last_order FROM sales.orders GROUP BY ALL) AS t`)).toEqual({
      customer_id: [O('customer_id')], n: [], max_quantity: [L('quantity')], has_lines: [],
      is_german: [C('customer_id'), O('customer_id')],
    });
  });

  it('follows unions by position and by name, EXCEPT from its left side only', async () => {
    expect(await edges(`SELECT order_id AS id, status AS label FROM sales.orders
      UNION ALL SELECT line_id, product_id FROM sales.order_lines`)).toEqual({
      id: [L('line_id'), O('order_id')], label: [L('product_id'), O('status')],
    });
    expect(await edges(`SELECT customer_id, name FROM customers.customers UNION BY NAME SELECT status AS name, customer_id FROM sales.orders`)).toEqual({
      customer_id: [C('customer_id'), O('customer_id')], name: [C('name'), O('status')],
    });
    expect(await edges('SELECT customer_id FROM customers.customers EXCEPT SELECT customer_id FROM sales.orders')).toEqual({ customer_id: [C('customer_id')] });
  });

  it('reads pinned major versions, recursive CTEs, CASE, casts and lambdas', async () => {
    expect(await edges(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3)
      SELECT CAST(o.amount AS VARCHAR) AS amount_text, CASE WHEN o.amount > 10 THEN o.order_id ELSE o.customer_id END AS pick,
        list_transform([1, 2], x -> x + o.amount) AS shifted, (SELECT max(i) FROM n) AS depth
      FROM sales.orders.v1 o`)).toEqual({
      amount_text: [O('amount', 1)], pick: [O('amount', 1), O('customer_id', 1), O('order_id', 1)], shifted: [O('amount', 1)], depth: [],
    });
    const lineage = await lineageOfSql(session.connection, 'SELECT o1.order_id FROM sales.orders.v1 o1 JOIN sales.orders o2 USING (order_id)', inputSchemas(CONTRACTS));
    expect(lineage.inputs).toEqual([{ product: 'sales.orders', version: 1, pinned: true }, { product: 'sales.orders', version: 2, pinned: false }]);
  });

  it('lists the products read, including those only filtered or joined on', async () => {
    const lineage = await lineageOfSql(session.connection, `SELECT order_id FROM sales.orders o
      WHERE customer_id IN (SELECT customer_id FROM customers.customers) AND EXISTS (SELECT 1 FROM sales.order_lines)`, inputSchemas(CONTRACTS));
    expect(lineage.inputs.map((i) => i.product)).toEqual(['customers.customers', 'sales.order_lines', 'sales.orders']);
    expect(lineage.columns).toEqual([{ name: 'order_id', sources: [{ product: 'sales.orders', version: 2, column: 'order_id' }] }]);
    // Filter and join columns decide which rows there are; grouping keys and plain select items do not count.
    expect(lineage.filters.map((f) => `${f.product}.${f.column}`)).toEqual(['customers.customers.customer_id', 'sales.orders.customer_id']);
    const joined = await lineageOfSql(session.connection, `SELECT c.country, count(*) AS n FROM sales.orders o
      JOIN customers.customers c USING (customer_id) WHERE o.status = 'paid' GROUP BY c.country HAVING max(o.amount_cents) > 0`, inputSchemas(CONTRACTS));
    expect(joined.filters.map((f) => `${f.product}.${f.column}`)).toEqual(
      ['customers.customers.customer_id', 'sales.orders.amount_cents', 'sales.orders.customer_id', 'sales.orders.status']);
  });

  it('refuses what a build may not read or name, saying what was expected', async () => {
    expect(await problems('SELECT nope FROM sales.orders')).toEqual([
      'expected a column of sales.orders v2 (as orders): order_id, customer_id, amount_cents, status, ordered_at, found "nope"']);
    expect(await problems('SELECT o.nope FROM sales.orders o')).toEqual([
      'expected a column of sales.orders v2 (as o): order_id, customer_id, amount_cents, status, ordered_at, found "o.nope"']);
    expect(await problems('SELECT 1 AS x FROM sales.refunds')).toEqual(['expected a product of this hub, found "sales.refunds", which has no contract']);
    expect(await problems('SELECT 1 AS x FROM sales.orders.v7')).toEqual(['expected a version of sales.orders (v1, v2), found "sales.orders.v7"']);
    expect(await problems('SELECT 1 AS x FROM legacy.things.v1')).toEqual(['legacy.things v1 is retired; read a live version instead']);
    expect(await problems('SELECT 1 AS x FROM orders')).toEqual(['expected a product named domain.product (or a CTE), found "orders"']);
    expect(await problems("SELECT * FROM read_parquet('/etc/x.parquet')")).toEqual([
      'expected the build to read products of this hub by name (domain.product), found the table function read_parquet()']);
    expect(await problems('SELECT order_id, order_id + 1 FROM sales.orders')).toEqual([
      'expected output column 2 to be named (add AS <column>), found an expression without a name']);
    expect(await problems('SELECT customer_id FROM sales.orders JOIN customers.customers ON true')).toEqual([
      'expected column "customer_id" to name one column, found it in orders and customers (qualify it)']);
    expect(await problems('DELETE FROM sales.orders')).toEqual(['expected one SELECT statement, found another kind of statement']);
    expect((await problems('SELEC 1'))[0]).toMatch(/^expected SQL DuckDB can parse, found: syntax error/);
  });
});
