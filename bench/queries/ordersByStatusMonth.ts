import type { SampleSizes } from '../../engine/sample/sampleSql';
import type { QueryFamily } from './family';
import { instant, pickList, text } from './family';

const CHANNELS = ['web', 'app', 'store'];
const QUERY = `query Q3($where: OrderV2Filter) {
  ordersV2Aggregate(where: $where, groupBy: [STATUS, ORDERED_AT_MONTH]) { keys { status orderedAtMonth } count sum { amountCents } }
}`;
const SQL = `SELECT status, date_trunc('month', ordered_at) AS month, count(*) AS n, sum(amount_cents) AS total FROM {orders}
  WHERE channel = $1 GROUP BY ALL`;

/** PostGraphile's grouped aggregates have no plain count: the distinct count of the key is the same number. */
const POSTGRAPHILE = `query Q3($filter: OrderFilter) {
  allOrders(filter: $filter) { groupedAggregates(groupBy: [STATUS, ORDERED_AT_TRUNCATED_TO_MONTH]) { keys distinctCount { orderId } sum { amountCents } } }
}`;
const POSTGRES = `SELECT status, date_trunc('month', ordered_at) AS month, count(*) AS n, sum(amount_cents) AS total FROM orders
  WHERE channel = $1 GROUP BY 1, 2`;

function fingerprint(groups: string[]): string {
  return groups.sort().join(';');
}

/** Q3: orders of one channel grouped by status and month, with count and sum of amounts (the channel varies). */
export function ordersByStatusMonth(_sizes: SampleSizes): QueryFamily {
  const channel = (i: number): string => CHANNELS[i % CHANNELS.length]!;
  const request = (i: number) => ({ query: QUERY, variables: { where: { channel: { eq: channel(i) } } } });
  return {
    id: 'Q3',
    title: 'orders grouped by status and month, count and sum',
    subgraph: 'sales',
    gateway: request,
    direct: request,
    reference: (i) => ({ sql: SQL, params: [channel(i)] }),
    fingerprintGraphQL: (data) => fingerprint(pickList(data, 'ordersV2Aggregate').map((g) => {
      const keys = g.keys as Record<string, unknown>;
      return `${text(keys.status)}|${instant(keys.orderedAtMonth)}|${text(g.count)}|${text((g.sum as Record<string, unknown>).amountCents)}`;
    })),
    fingerprintSql: (rows) => fingerprint(rows.map((r) => `${text(r.status)}|${instant(r.month)}|${text(r.n)}|${text(r.total)}`)),
    peer: {
      postgraphile: (i) => ({ query: POSTGRAPHILE, variables: { filter: { channel: { equalTo: channel(i) } } } }),
      fingerprintPostgraphile: (data) => fingerprint(pickList(data, 'allOrders', 'groupedAggregates').map((g) => {
        const [status, month] = g.keys as unknown[];
        return `${text(status)}|${instant(month)}|${text((g.distinctCount as Record<string, unknown>).orderId)}|${text((g.sum as Record<string, unknown>).amountCents)}`;
      })),
      postgres: (i) => ({ sql: POSTGRES, params: [channel(i)] }),
    },
  };
}
