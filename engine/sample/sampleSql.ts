/** Sizes of the sample domains for a number of orders. */
export interface SampleSizes { orders: number; customers: number; products: number }

/** Customers ~ orders/10, products ~ orders/250 (at least 1 of each); order lines average 2.5 per order. */
export function sampleSizes(orders: number): SampleSizes {
  return { orders, customers: Math.max(1, Math.round(orders / 10)), products: Math.max(1, Math.round(orders / 250)) };
}

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Marta', 'Noah', 'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sven', 'Tomás', 'Uma', 'Vera', 'Wei', 'Yara', 'Zoë'];
const LAST = ['Andersen', 'Bauer', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hansen', 'Ivanova', 'Jansen', 'Kowalski', 'López', 'Müller', 'Nowak', 'O\'Brien', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Weber'];
const ADJECTIVES = ['Classic', 'Compact', 'Deluxe', 'Eco', 'Essential', 'Ultra', 'Smart', 'Vintage', 'Pro', 'Lite', 'Organic', 'Travel'];
const NOUNS = ['Backpack', 'Blender', 'Candle', 'Desk Lamp', 'Headphones', 'Kettle', 'Notebook', 'Running Shoes', 'Scarf', 'Teapot', 'Umbrella', 'Water Bottle', 'Yoga Mat', 'Jacket'];
const CATEGORIES = ['apparel', 'books', 'electronics', 'garden', 'home', 'kitchen', 'sports', 'toys'];
const COUNTRIES = ['DE', 'DE', 'DE', 'FR', 'FR', 'NL', 'AT', 'CH', 'IT', 'ES', 'GB', 'US', 'PL', 'SE', 'JP'];

function list(values: string[]): string {
  return `[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]`;
}

/** `pick(i, salt, n)`: a deterministic pseudo-random whole number in [0, n), the same on every run. */
const MACROS = `CREATE OR REPLACE MACRO pick(i, salt, n) AS CAST(hash(i, salt) % n AS BIGINT);
CREATE OR REPLACE MACRO element(xs, i, salt) AS xs[1 + pick(i, salt, len(xs))];`;

/**
 * The SQL statements that build the sample tables in DuckDB (products, customers, orders with their lines), all from
 * `range()` and hash-based pseudo-random values, so 5M orders take seconds and every run gives the same rows. Amounts
 * are consistent: an order's amount is the sum of its lines, a customer's lifetime value the sum of its paid orders.
 */
export function sampleSql(s: SampleSizes): string[] {
  return [
    MACROS,
    `CREATE TABLE products AS SELECT
       'P' || lpad(CAST(i AS VARCHAR), 6, '0') AS product_id,
       element(${list(ADJECTIVES)}, i, 'adj') || ' ' || element(${list(NOUNS)}, i, 'noun') AS name,
       element(${list(CATEGORIES)}, i, 'cat') AS category,
       CAST((199 + pick(i, 'price', 49800)) / 100 AS DECIMAL(10,2)) AS price,
       pick(i, 'active', 10) <> 0 AS is_active,
       TIMESTAMP '2019-01-01 00:00:00' + to_seconds(pick(i, 'created', 5 * 365 * 86400)) AS created_at,
       DATE '2018-06-01' + CAST(pick(i, 'released', 2000) AS INTEGER) AS released_on
     FROM range(1, ${s.products + 1}) t(i)`,
    `CREATE TABLE orders AS SELECT
       CAST(1000000 + i AS BIGINT) AS order_id,
       'C' || lpad(CAST(1 + pick(i, 'customer', ${s.customers}) AS VARCHAR), 7, '0') AS customer_id,
       CAST(1 + pick(i, 'lines', 4) AS INTEGER) AS line_count,
       CASE WHEN pick(i, 'cur', 10) < 7 THEN 'EUR' WHEN pick(i, 'cur', 10) < 9 THEN 'USD' ELSE 'GBP' END AS currency,
       CASE WHEN pick(i, 'st', 100) < 10 THEN 'placed' WHEN pick(i, 'st', 100) < 30 THEN 'paid'
            WHEN pick(i, 'st', 100) < 95 THEN 'shipped' ELSE 'cancelled' END AS status,
       CASE WHEN pick(i, 'ch', 100) < 55 THEN 'web' WHEN pick(i, 'ch', 100) < 90 THEN 'app' ELSE 'store' END AS channel,
       pick(i, 'gift', 20) = 0 AS is_gift,
       TIMESTAMP '2024-01-01 00:00:00' + to_seconds(CAST(i * (730 * 86400 / ${s.orders}) AS BIGINT) + pick(i, 'jitter', 3600)) AS ordered_at
     FROM range(1, ${s.orders + 1}) t(i)`,
    `CREATE TABLE order_lines AS SELECT o.order_id, CAST(o.line_id AS INTEGER) AS line_id, p.product_id,
       CAST(1 + pick(o.order_id * 8 + o.line_id, 'qty', 3) AS INTEGER) AS quantity, p.price AS unit_price
     FROM (SELECT order_id, unnest(range(1, line_count + 1)) AS line_id FROM orders) o
     JOIN products p ON p.product_id = 'P' || lpad(CAST(1 + pick(o.order_id * 8 + o.line_id, 'product', ${s.products}) AS VARCHAR), 6, '0')`,
    `CREATE TABLE order_totals AS SELECT order_id, CAST(sum(quantity * unit_price * 100) AS BIGINT) AS amount_cents
     FROM order_lines GROUP BY order_id`,
    `CREATE TABLE customers AS SELECT
       'C' || lpad(CAST(i AS VARCHAR), 7, '0') AS customer_id,
       first || ' ' || last AS name,
       lower(strip_accents(first)) || '.' || lower(replace(strip_accents(last), '''', '')) || i || '@example.com' AS email,
       element(${list(COUNTRIES)}, i, 'country') AS country,
       CASE WHEN pick(i, 'seg', 100) < 80 THEN 'consumer' WHEN pick(i, 'seg', 100) < 95 THEN 'business' ELSE 'vip' END AS segment,
       CAST(coalesce(v.cents, 0) / 100 AS DECIMAL(12,2)) AS lifetime_value,
       pick(i, 'act', 20) <> 0 AS is_active,
       TIMESTAMP '2019-01-01 00:00:00' + to_seconds(pick(i, 'signup', 5 * 365 * 86400)) AS signed_up_at
     FROM (SELECT i, element(${list(FIRST)}, i, 'first') AS first, element(${list(LAST)}, i, 'last') AS last
           FROM range(1, ${s.customers + 1}) t(i)) c
     LEFT JOIN (SELECT o.customer_id, sum(t.amount_cents) AS cents FROM orders o JOIN order_totals t USING (order_id)
                WHERE o.status IN ('paid', 'shipped') GROUP BY o.customer_id) v
       ON v.customer_id = 'C' || lpad(CAST(c.i AS VARCHAR), 7, '0')`,
  ];
}

/** The query giving each published product version's input rows, in the contract's column order. */
export const SAMPLE_INPUTS: { domain: string; product: string; version: number; sql: string }[] = [
  { domain: 'merchandising', product: 'products', version: 1, sql: 'SELECT * FROM products' },
  { domain: 'customers', product: 'customers', version: 1, sql: 'SELECT * FROM customers' },
  { domain: 'sales', product: 'orders', version: 2, sql: `SELECT o.order_id, o.customer_id, t.amount_cents, o.currency, o.status, o.channel, o.is_gift, o.ordered_at
     FROM orders o JOIN order_totals t USING (order_id)` },
  { domain: 'sales', product: 'orders', version: 1, sql: `SELECT o.order_id, o.customer_id, t.amount_cents / 100.0 AS amount, o.status, o.ordered_at
     FROM orders o JOIN order_totals t USING (order_id)` },
  { domain: 'sales', product: 'order_lines', version: 1, sql: 'SELECT * FROM order_lines' },
];

/** The sample products built from SQL over the others (`build.sql`), published after their inputs, in this order. */
export const SAMPLE_BUILDS: { domain: string; product: string; version: number }[] = [
  { domain: 'sales', product: 'customer_values', version: 1 },
];
