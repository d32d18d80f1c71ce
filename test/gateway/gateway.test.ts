import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

describe('gateway over the platform catalog and a probe subgraph', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('answers a federated query across two subgraphs', async () => {
    const { status, body } = await hub.ask('{ dataProduct(id: "sales.orders") { owner currentVersion } whoami { subject scopes } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ dataProduct: { owner: 'sales-data', currentVersion: 2 }, whoami: { subject: 'anonymous', scopes: [] } });
  });

  it('signs subgraph requests with the caller identity, request id and deadline', async () => {
    const res = await fetch(hub.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' },
      body: JSON.stringify({ query: '{ whoami { subject requestId deadline } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('req-42');
    const body = await res.json() as { data: { whoami: { subject: string; requestId: string; deadline: string } } };
    expect(body.data.whoami).toMatchObject({ subject: 'anonymous', requestId: 'req-42' });
    expect(Number(body.data.whoami.deadline)).toBeGreaterThan(Date.now());
  });

  it('merges the subgraphs\' extensions.tessera.products into the response', async () => {
    const { body } = await hub.ask('{ a: served b: served whoami { subject } }');
    expect(body.extensions?.tessera?.products).toEqual([
      { product: 'probe.things', version: 1, snapshot: '20260101T000000000Z-abcdef', publishedAt: '2026-01-01T00:00:00.000Z', freshness: 'fresh' },
    ]);
    const none = await hub.ask('{ whoami { subject } }');
    expect(none.body.extensions?.tessera?.products).toEqual([]);
  });

  it('masks unexpected subgraph errors: no internal message, URL, host or stack', async () => {
    const { status, body } = await hub.ask('{ failing whoami { subject } }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ failing: null, whoami: { subject: 'anonymous' } });
    const text = JSON.stringify(body.errors);
    expect(body.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(text).not.toMatch(/10\.1\.2\.3|db\.internal|5432|stack|ECONNREFUSED .*10\./);
  });

  it('refuses operations nested deeper than the depth limit and too many aliases', async () => {
    const deep = await hub.ask('{ dataProducts { downstream { downstream { downstream { downstream { downstream { downstream { downstream { downstream { downstream { downstream { downstream { id } } } } } } } } } } } } }');
    expect(deep.status).toBe(400);
    expect(deep.body.errors![0]!.message).toMatch(/nested at most 12 deep, got an operation 13 deep/);
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: whoami { subject }`).join(' ');
    const many = await hub.ask(`{ ${aliases} }`);
    expect(many.status).toBe(400);
    expect(many.body.errors![0]!.message).toMatch(/at most 30 aliases, got 31/);
  });

  it('prevents CSRF and refuses batched requests', async () => {
    const simple = await fetch(hub.gateway.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ whoami { subject } }' }) });
    expect(simple.status).toBe(400);
    const batch = await fetch(hub.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ whoami { subject } }' }, { query: '{ whoami { subject } }' }]),
    });
    expect(batch.status).toBe(400);
    expect(await batch.text()).toMatch(/batch/i);
  });

  it('serves /livez, /readyz and /metrics', async () => {
    const base = hub.gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, store: 'ok', subgraphs: { platform: 'ok', probe: 'ok' }, supergraph: 'ok' });
    await hub.ask('query Named { whoami { subject } }');
    await hub.ask('query Named { whoami { subject } }');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/tessera_gateway_requests_total\{operation="Named",outcome="success"\} 2/);
    expect(metrics).toMatch(/tessera_gateway_request_duration_seconds_count\{operation="Named",outcome="success"\} 2/);
    expect(metrics).toMatch(/tessera_gateway_subgraph_fetch_duration_seconds_count\{subgraph="probe",outcome="ok"\} \d+/);
    expect(metrics).toMatch(/tessera_gateway_document_cache_total\{result="hit"\} [1-9]/);
  });

  it('answers 404 with the NOT_FOUND code off the GraphQL paths, and health as a plain status object', async () => {
    const base = hub.gateway.url.replace(/\/graphql$/, '');
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ errors: [{ message: expect.stringContaining('/nope'), extensions: { code: 'NOT_FOUND' } }] });
    expect(await (await fetch(`${base}/livez`)).json()).toEqual({ status: 'ok' });
  });
});
