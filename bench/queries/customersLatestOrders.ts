import type { SampleSizes } from '../../engine/sample/sampleSql';
import type { QueryFamily } from './family';
import { customerId, pickList, spread, text } from './family';

const ORDER_FIELDS = 'orderId amountCents status orderedAt';
const GATEWAY = `query Q5($from: String!) {
  customersV1(where: { customerId: { gte: $from } }, first: 100) {
    nodes { customerId name ordersV2(first: 5, orderBy: [{ field: ORDERED_AT, direction: DESC }]) { nodes { ${ORDER_FIELDS} } } }
  }
}`;
const DIRECT = `query Q5($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on CustomerV1 { customerId ordersV2(first: 5, orderBy: [{ field: ORDERED_AT, direction: DESC }]) { nodes { ${ORDER_FIELDS} } } }
  }
}`;
const SQL = `WITH c AS (SELECT customer_id, name FROM {customers} WHERE customer_id >= $1 ORDER BY customer_id LIMIT 100),
  o AS (SELECT customer_id, order_id, amount_cents, status, ordered_at,
          row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at DESC, order_id) AS rn
        FROM {orders} WHERE customer_id IN (SELECT customer_id FROM c))
  SELECT c.customer_id, c.name, o.order_id, o.rn FROM c LEFT JOIN o ON o.customer_id = c.customer_id AND o.rn <= 5
  ORDER BY c.customer_id, o.rn`;

const POSTGRAPHILE = `query Q5($from: String!) {
  allCustomers(filter: { customerId: { greaterThanOrEqualTo: $from } }, orderBy: [PRIMARY_KEY_ASC], first: 100) {
    nodes { customerId name ordersByCustomerId(first: 5, orderBy: [ORDERED_AT_DESC]) { nodes { ${ORDER_FIELDS} } } }
  }
}`;
const POSTGRES = `SELECT c.customer_id, c.name, o.order_id, o.amount_cents, o.status, o.ordered_at
  FROM (SELECT customer_id, name FROM customers WHERE customer_id >= $1 ORDER BY customer_id LIMIT 100) c
  LEFT JOIN LATERAL (SELECT order_id, amount_cents, status, ordered_at FROM orders
    WHERE orders.customer_id = c.customer_id ORDER BY ordered_at DESC, order_id LIMIT 5) o ON true
  ORDER BY c.customer_id, o.ordered_at DESC, o.order_id`;

function fingerprint(pairs: [string, string][]): string {
  return pairs.map(([c, o]) => `${c}:${o}`).join(',');
}

/**
 * Q5: 100 customers from a customer id on, each with their 5 latest orders (the reverse relation `ordersV2` that
 * the sales subgraph adds to CustomerV1). The direct figure is the sales subgraph's `_entities` part for the same
 * 100 customers, which is where the relation is resolved.
 */
export function customersLatestOrders(sizes: SampleSizes): QueryFamily {
  const first = (i: number): number => spread(i, 5, Math.max(1, sizes.customers - 100));
  return {
    id: 'Q5',
    title: '100 customers with their 5 latest orders (reverse relation)',
    subgraph: 'sales',
    directNote: 'direct = the sales subgraph resolving the relation for the 100 customers (_entities); the gateway adds the customers page',
    gateway: (i) => ({ query: GATEWAY, variables: { from: customerId(first(i)) } }),
    direct: (i) => ({
      query: DIRECT,
      variables: { representations: Array.from({ length: Math.min(100, sizes.customers) }, (_, n) => ({ __typename: 'CustomerV1', customerId: customerId(first(i) + n) })) },
    }),
    reference: (i) => ({ sql: SQL, params: [customerId(first(i))] }),
    fingerprintGraphQL: (data) => fingerprint(pickList(data, 'customersV1', 'nodes').flatMap((c) => {
      const orders = pickList(c, 'ordersV2', 'nodes');
      return orders.length ? orders.map((o): [string, string] => [text(c.customerId), text(o.orderId)]) : [[text(c.customerId), 'null']];
    })),
    fingerprintSql: (rows) => fingerprint(rows.map((r): [string, string] => [text(r.customer_id), text(r.order_id)])),
    peer: {
      postgraphile: (i) => ({ query: POSTGRAPHILE, variables: { from: customerId(first(i)) } }),
      fingerprintPostgraphile: (data) => fingerprint(pickList(data, 'allCustomers', 'nodes').flatMap((c) => {
        const orders = pickList(c, 'ordersByCustomerId', 'nodes');
        return orders.length ? orders.map((o): [string, string] => [text(c.customerId), text(o.orderId)]) : [[text(c.customerId), 'null']];
      })),
      postgres: (i) => ({ sql: POSTGRES, params: [customerId(first(i))] }),
    },
  };
}
