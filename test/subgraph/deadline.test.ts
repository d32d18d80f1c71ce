import { PII_READER, signedPost } from './helpers/signedFetch';
import { startHub } from './helpers/startHub';
import type { RunningHub } from './helpers/startHub';

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub({ seed: 9 });
});
afterAll(async () => hub?.stop());

async function ask(deadline: number): Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }> {
  const res = await signedPost(hub.urls.sales, { query: '{ ordersV2(first: 2) { nodes { orderId } } }' }, PII_READER, 'test-secret', { deadline });
  return res.json() as Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>;
}

it('runs no SQL for a request whose gateway deadline has passed, and answers one still within it', async () => {
  const before = hub.queries.sales.length;
  const late = await ask(Date.now() - 1000);
  expect(late.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
  expect(hub.queries.sales.length - before).toBe(0);
  const inTime = await ask(Date.now() + 60_000);
  expect(inTime.errors).toBeUndefined();
  expect((inTime.data as { ordersV2: { nodes: unknown[] } }).ordersV2.nodes).toHaveLength(2);
});
