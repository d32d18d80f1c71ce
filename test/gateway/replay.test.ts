import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { sha256Hex } from '../../gateway/apiKeys';
import type { CapturedRequest, DataHub } from './helpers/startDataHub';
import { startDataHub } from './helpers/startDataHub';

/** Sends a captured request again, straight to the subgraph, with `body` (the captured one by default) and `path`. */
async function replay(hub: DataHub, captured: CapturedRequest, body: string | Buffer = captured.body, path = captured.path) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(captured.headers)) {
    if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
  }
  const res = await fetch(new URL(path, hub.urls[captured.subgraph]), { method: captured.method, headers, body: new Uint8Array(Buffer.from(body)) });
  return { status: res.status, body: await res.json() as { errors?: { extensions?: { code?: string } }[] } };
}

describe('signed subgraph requests cannot be replayed', () => {
  let hub: DataHub;
  const key = { authorization: 'Bearer auditor-key' };
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(file, `keys:\n  - subject: auditor\n    sha256: ${sha256Hex('auditor-key')}\n    scopes: [pii]\n`);
    hub = await startDataHub({ TESSERA_API_KEYS_FILE: file });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('refuses a captured GraphQL request sent again, as is or with another body, path or deadline (401)', async () => {
    const answer = await hub.ask('{ customersV1(first: 2) { nodes { customerId email } } }', key);
    expect(answer.body.errors).toBeUndefined();
    const captured = hub.captured.filter((c) => c.subgraph === 'customers').at(-1)!;
    expect(captured).toBeDefined();
    const again = await replay(hub, captured);
    expect(again.status).toBe(401);
    expect(again.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const otherBody = await replay(hub, captured, JSON.stringify({ query: '{ customersV1(first: 100) { nodes { email } } }' }));
    expect(otherBody.status).toBe(401);
    const exportAll = await replay(hub, captured, JSON.stringify({ product: 'customers.customers', columns: ['email'], format: 'csv' }),
      captured.path.replace(/graphql$/, 'export'));
    expect(exportAll.status).toBe(401);
    const later = { ...captured, headers: { ...captured.headers, 'x-tessera-deadline': String(Date.now() + 3_600_000) } };
    expect((await replay(hub, later)).status).toBe(401);
  });

  it('refuses a captured export sent again, or with the body of another export (401)', async () => {
    const res = await fetch(hub.gateway.url.replace(/\/graphql$/, '/export'), {
      method: 'POST', headers: { 'content-type': 'application/json', ...key },
      body: JSON.stringify({ product: 'customers.customers', columns: ['customerId'], format: 'csv' }),
    });
    expect(res.status).toBe(200);
    await res.text();
    const captured = hub.captured.filter((c) => c.subgraph === 'customers' && c.path.endsWith('/export')).at(-1)!;
    expect(captured).toBeDefined();
    // The export read the snapshot the gateway pinned for the request.
    const pins = JSON.parse(Buffer.from(String(captured.headers['x-tessera-pins']), 'base64url').toString('utf8')) as Record<string, string>;
    const served = JSON.parse(res.headers.get('x-tessera-products')!) as { product: string; snapshot: string }[];
    expect(served).toEqual([expect.objectContaining({ product: 'customers.customers', snapshot: pins['customers.customers@1'] })]);
    expect(Object.keys(pins)).toEqual(['customers.customers@1']);
    expect((await replay(hub, captured)).status).toBe(401);
    const pii = await replay(hub, captured, JSON.stringify({ product: 'customers.customers', columns: ['customerId', 'email'], format: 'csv' }));
    expect(pii.status).toBe(401);
  });
});
