import type { SampleSizes } from '../../engine/sample/sampleSql';
import type { QueryFamily } from './family';
import { dayIso, ORDER_SPAN_DAYS, pickList, spread, text } from './family';

const STATUS_SETS = [['paid'], ['shipped'], ['placed', 'cancelled']];
const QUERY = `query Q2($where: OrderV2Filter) {
  ordersV2(where: $where, orderBy: [{ field: ORDERED_AT }], first: 100) { nodes { orderId customerId amountCents status orderedAt } }
}`;
const POSTGRAPHILE = `query Q2($filter: OrderFilter) {
  allOrders(filter: $filter, orderBy: [ORDERED_AT_ASC], first: 100) { nodes { orderId customerId amountCents status orderedAt } }
}`;
function postgresSql(statuses: number): string {
  const list = Array.from({ length: statuses }, (_, n) => `$${n + 1}`).join(', ');
  return `SELECT order_id, customer_id, amount_cents, status, ordered_at FROM orders
  WHERE status IN (${list}) AND ordered_at >= $${statuses + 1} ORDER BY ordered_at, order_id LIMIT 100`;
}
function sql(statuses: number): string {
  const list = Array.from({ length: statuses }, (_, n) => `$${n + 1}`).join(', ');
  return `SELECT order_id, customer_id, amount_cents, status, ordered_at FROM {orders}
  WHERE status IN (${list}) AND ordered_at >= CAST($${statuses + 1} AS TIMESTAMP) ORDER BY ordered_at, order_id LIMIT 100`;
}

/**
 * Q2: a filtered, sorted page of 100 orders, 5 fields: orders of some statuses placed since a day, oldest first
 * (the usual "what happened since" page). The day and the statuses vary per request.
 */
export function ordersPage(_sizes: SampleSizes): QueryFamily {
  const since = (i: number): string => dayIso(spread(i, 2, ORDER_SPAN_DAYS - 30));
  const statuses = (i: number): string[] => STATUS_SETS[i % STATUS_SETS.length]!;
  const request = (i: number) => ({ query: QUERY, variables: { where: { status: { in: statuses(i) }, orderedAt: { gte: since(i) } } } });
  return {
    id: 'Q2',
    title: 'filtered, sorted page of 100 orders, 5 fields',
    subgraph: 'sales',
    gateway: request,
    direct: request,
    reference: (i) => ({ sql: sql(statuses(i).length), params: [...statuses(i), since(i)] }),
    fingerprintGraphQL: (data) => pickList(data, 'ordersV2', 'nodes').map((r) => text(r.orderId)).join(','),
    fingerprintSql: (rows) => rows.map((r) => text(r.order_id)).join(','),
    peer: {
      postgraphile: (i) => ({ query: POSTGRAPHILE, variables: { filter: { status: { in: statuses(i) }, orderedAt: { greaterThanOrEqualTo: since(i) } } } }),
      fingerprintPostgraphile: (data) => pickList(data, 'allOrders', 'nodes').map((r) => text(r.orderId)).join(','),
      postgres: (i) => ({ sql: postgresSql(statuses(i).length), params: [...statuses(i), since(i)] }),
    },
  };
}
