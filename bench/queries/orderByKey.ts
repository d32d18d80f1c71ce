import type { SampleSizes } from '../../engine/sample/sampleSql';
import type { QueryFamily } from './family';
import { instant, orderId, pick, spread, text } from './family';

const FIELDS = 'orderId customerId amountCents currency status channel isGift orderedAt';
const QUERY = `query Q1($id: Long!) { orderV2(orderId: $id) { ${FIELDS} } }`;
const POSTGRAPHILE = `query Q1($id: BigInt!) { orderByOrderId(orderId: $id) { ${FIELDS} } }`;

function fingerprint(row: Record<string, unknown> | null, keys: string[]): string {
  if (!row) return 'none';
  return keys.map((k, n) => (n === keys.length - 1 ? instant(row[k]) : text(row[k]))).join('|');
}

/** Q1: one order by key, all fields. */
export function orderByKey(sizes: SampleSizes): QueryFamily {
  const key = (i: number): number => orderId(spread(i, 1, sizes.orders));
  const request = (i: number) => ({ query: QUERY, variables: { id: String(key(i)) } });
  return {
    id: 'Q1',
    title: 'one order by key, all fields',
    subgraph: 'sales',
    gateway: request,
    direct: request,
    reference: (i) => ({ sql: 'SELECT * FROM {orders} WHERE order_id = CAST($1 AS BIGINT)', params: [key(i)] }),
    fingerprintGraphQL: (data) => fingerprint(pick(data, 'orderV2') as Record<string, unknown> | null,
      ['orderId', 'customerId', 'amountCents', 'currency', 'status', 'channel', 'isGift', 'orderedAt']),
    fingerprintSql: (rows) => fingerprint(rows[0] ?? null,
      ['order_id', 'customer_id', 'amount_cents', 'currency', 'status', 'channel', 'is_gift', 'ordered_at']),
    peer: {
      postgraphile: (i) => ({ query: POSTGRAPHILE, variables: { id: String(key(i)) } }),
      fingerprintPostgraphile: (data) => fingerprint(pick(data, 'orderByOrderId') as Record<string, unknown> | null,
        ['orderId', 'customerId', 'amountCents', 'currency', 'status', 'channel', 'isGift', 'orderedAt']),
      postgres: (i) => ({ sql: 'SELECT * FROM orders WHERE order_id = $1', params: [key(i)] }),
    },
  };
}
