import type { SampleSizes } from '../../engine/sample/sampleSql';
import type { QueryFamily } from './family';
import { orderId, pickList, spread, text } from './family';

const GATEWAY = `query Q4($where: OrderV2Filter) {
  ordersV2(where: $where, first: 1000) { nodes { orderId amountCents status customer { name country } } }
}`;
const DIRECT = `query Q4($where: OrderV2Filter) {
  ordersV2(where: $where, first: 1000) { nodes { orderId amountCents status customer { customerId } } }
}`;
const SQL = `WITH o AS (
    SELECT order_id, amount_cents, status, customer_id FROM {orders}
    WHERE order_id >= CAST($1 AS BIGINT) AND status = $2 ORDER BY order_id LIMIT 1000)
  SELECT o.order_id, o.amount_cents, o.status, c.name, c.country FROM o LEFT JOIN {customers} c USING (customer_id) ORDER BY o.order_id`;

const POSTGRAPHILE = `query Q4($filter: OrderFilter) {
  allOrders(filter: $filter, orderBy: [PRIMARY_KEY_ASC], first: 1000) { nodes { orderId amountCents status customerByCustomerId { name country } } }
}`;
const POSTGRES = `WITH o AS (
    SELECT order_id, amount_cents, status, customer_id FROM orders WHERE order_id >= $1 AND status = $2 ORDER BY order_id LIMIT 1000)
  SELECT o.order_id, o.amount_cents, o.status, c.name, c.country FROM o LEFT JOIN customers c USING (customer_id) ORDER BY o.order_id`;

/**
 * Q4: 1,000 orders of one status from an order id on, each with its customer's name and country (sales, then
 * customers through the gateway). The direct figure is the sales subgraph's part only.
 */
export function ordersWithCustomers(sizes: SampleSizes): QueryFamily {
  const from = (i: number): number => orderId(spread(i, 4, Math.max(1, sizes.orders - 2000)));
  const status = (i: number): string => (i % 2 ? 'paid' : 'shipped');
  const where = (i: number) => ({ where: { orderId: { gte: String(from(i)) }, status: { eq: status(i) } } });
  return {
    id: 'Q4',
    title: '1,000 filtered orders with customer name and country (cross-subgraph)',
    subgraph: 'sales',
    directNote: 'direct = the sales subgraph part only (orders with customer keys); the gateway adds the customers fetch',
    gateway: (i) => ({ query: GATEWAY, variables: where(i) }),
    direct: (i) => ({ query: DIRECT, variables: where(i) }),
    reference: (i) => ({ sql: SQL, params: [from(i), status(i)] }),
    fingerprintGraphQL: (data) => pickList(data, 'ordersV2', 'nodes').map((r) => {
      const c = r.customer as Record<string, unknown> | null;
      return `${text(r.orderId)}|${text(c?.name)}|${text(c?.country)}`;
    }).join(','),
    fingerprintSql: (rows) => rows.map((r) => `${text(r.order_id)}|${text(r.name)}|${text(r.country)}`).join(','),
    peer: {
      postgraphile: (i) => ({ query: POSTGRAPHILE, variables: { filter: { orderId: { greaterThanOrEqualTo: String(from(i)) }, status: { equalTo: status(i) } } } }),
      fingerprintPostgraphile: (data) => pickList(data, 'allOrders', 'nodes').map((r) => {
        const c = r.customerByCustomerId as Record<string, unknown> | null;
        return `${text(r.orderId)}|${text(c?.name)}|${text(c?.country)}`;
      }).join(','),
      postgres: (i) => ({ sql: POSTGRES, params: [from(i), status(i)] }),
    },
  };
}
