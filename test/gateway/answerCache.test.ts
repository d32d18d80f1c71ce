import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../gateway/apiKeys';
import { publishRows } from '../subgraph/helpers/publishHub';
import type { DataHub } from './helpers/startDataHub';
import { startDataHub } from './helpers/startDataHub';

const QUERY = '{ ordersV2(first: 3, orderBy: [{ field: ORDER_ID, direction: ASC }]) { nodes { orderId customer { name } } } }';

describe('cacheable answers through the gateway', () => {
  let hub: DataHub;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(file, [
      'keys:',
      `  - { subject: analyst-a, sha256: ${sha256Hex('key-a')}, scopes: [] }`,
      `  - { subject: analyst-b, sha256: ${sha256Hex('key-b')}, scopes: [] }`,
      `  - { subject: auditor, sha256: ${sha256Hex('key-pii')}, scopes: [pii] }`,
      '',
    ].join('\n'));
    hub = await startDataHub({ TESSERA_API_KEYS_FILE: file });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  async function post(query: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
    const res = await fetch(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  it('answers a repeated query from the cache without asking a subgraph, with the same body and a strong ETag', async () => {
    const first = await post(QUERY);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    const asked = hub.captured.length;
    const second = await post(QUERY);
    expect(hub.captured.length).toBe(asked);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(etag);
    const fresh = await post(QUERY, { 'cache-control': 'no-cache' });
    expect(hub.captured.length).toBeGreaterThan(asked);
    expect(fresh.text).toBe(first.text);
    // An answer asked for with no-cache is not kept: the same query asked plainly next reaches the subgraphs.
    const other = QUERY.replace('first: 3', 'first: 4');
    await post(other, { 'cache-control': 'no-cache' });
    const before = hub.captured.length;
    await post(other);
    expect(hub.captured.length).toBeGreaterThan(before);
  });

  it('tags and caches a persisted query sent by its hash alone like the same query sent whole', async () => {
    const whole = await post(QUERY);
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(QUERY).digest('hex') };
    const send = async (body: object) => fetch(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await send({ query: QUERY, extensions: { persistedQuery } })).status).toBe(200);
    const asked = hub.captured.length;
    const byHash = await send({ extensions: { persistedQuery } });
    expect(byHash.headers.get('etag')).toBe(whole.headers.get('etag'));
    expect(await byHash.text()).toBe(whole.text);
    expect(hub.captured.length).toBe(asked);
  });

  it('answers 304 without a body to If-None-Match with the ETag, and 200 to another tag', async () => {
    const first = await post(QUERY);
    const etag = first.headers.get('etag')!;
    const again = await post(QUERY, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await post(QUERY, { 'if-none-match': '"something-else"' })).status).toBe(200);
  });

  it('gives a new ETag and asks the subgraphs again once a product the answer read has a new snapshot', async () => {
    const before = await post(QUERY);
    const { store, contracts, data } = hub.hub;
    await publishRows(store, contracts, 'customers.customers', 1, data.customers.map((c) => ({ ...c, name: `${String(c.name)} (renamed)` })));
    const asked = hub.captured.length;
    const after = await post(QUERY);
    expect(hub.captured.length).toBeGreaterThan(asked);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(after.text).toContain('(renamed)');
    expect((await post(QUERY, { 'if-none-match': before.headers.get('etag')! })).status).toBe(200);
  });

  it('shares answers between keys with the same grants, privately, and not with other grants', async () => {
    const a = await post(QUERY, { authorization: 'Bearer key-a' });
    const b = await post(QUERY, { authorization: 'Bearer key-b' });
    const pii = await post(QUERY, { authorization: 'Bearer key-pii' });
    expect(a.headers.get('cache-control')).toBe('private, no-cache');
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    expect(pii.headers.get('etag')).not.toBe(a.headers.get('etag'));
  });

  it('tags no answer with errors, no catalog answer and no introspection', async () => {
    const failing = await post('{ ordersV2(first: 2, after: "not-a-cursor") { nodes { orderId } } }');
    expect(JSON.parse(failing.text).errors).toBeDefined();
    expect(failing.headers.get('etag')).toBeNull();
    const catalog = await post('{ dataProducts { id owner } }');
    expect(JSON.parse(catalog.text).errors).toBeUndefined();
    expect(catalog.headers.get('etag')).toBeNull();
    expect((await post('{ __schema { queryType { name } } }')).headers.get('etag')).toBeNull();
  });
});
