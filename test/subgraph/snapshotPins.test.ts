import { publishRows } from './helpers/publishHub';
import type { GqlResponse } from './helpers/signedFetch';
import { PII_READER, signedPost } from './helpers/signedFetch';
import type { RunningHub } from './helpers/startHub';
import { startHub } from './helpers/startHub';

async function ask(url: string, query: string, pins?: Record<string, string>): Promise<GqlResponse> {
  const res = await signedPost(url, { query }, PII_READER, 'test-secret', pins ? { pins } : {});
  return { status: res.status, ...(await res.json() as Omit<GqlResponse, 'status'>) };
}

describe('snapshot pins signed into a subgraph request', () => {
  let hub: RunningHub;
  let renamed: string;
  beforeAll(async () => {
    hub = await startHub();
    renamed = (await publishRows(hub.store, hub.contracts, 'customers.customers', 1, hub.data.customers.map((c) => ({ ...c, name: 'renamed' })))).snapshotId;
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const QUERY = '{ customersV1(first: 1) { nodes { name } } customerV1(customerId: "C0002") { name } }';

  it('read exactly the pinned snapshot in root fields, lookups and entity fetches, and the latest without a pin', async () => {
    const first = hub.manifests.customers!.snapshotId;
    const pinned = await ask(hub.urls.customers, QUERY, { 'customers.customers@1': first });
    expect(pinned.errors).toBeUndefined();
    expect(JSON.stringify(pinned.data)).not.toContain('renamed');
    expect(pinned.extensions?.tessera?.products.map((p) => p.snapshot)).toEqual([first]);
    const entities = await ask(hub.urls.customers, `{ _entities(representations: [{ __typename: "CustomerV1", customerId: "C0001" }]) { ... on CustomerV1 { name } } }`,
      { 'customers.customers@1': first });
    expect(JSON.stringify(entities.data)).not.toContain('renamed');
    const latest = await ask(hub.urls.customers, QUERY);
    expect(latest.data).toEqual({ customersV1: { nodes: [{ name: 'renamed' }] }, customerV1: { name: 'renamed' } });
    expect(latest.extensions?.tessera?.products.map((p) => p.snapshot)).toEqual([renamed]);
    // An explicit snapshot argument still reads its own snapshot.
    const explicit = await ask(hub.urls.customers, `{ customersV1(first: 1, snapshot: "${renamed}") { nodes { name } } }`, { 'customers.customers@1': first });
    expect(explicit.data).toEqual({ customersV1: { nodes: [{ name: 'renamed' }] } });
  });

  it('answer SNAPSHOT_NOT_FOUND for a pin the store no longer holds, never another snapshot', async () => {
    const gone = await ask(hub.urls.customers, QUERY, { 'customers.customers@1': '20200101T000000000Z-abcdef' });
    expect(gone.data).toEqual({ customersV1: null, customerV1: null });
    expect(gone.errors?.map((e) => e.extensions?.code)).toEqual(['SNAPSHOT_NOT_FOUND', 'SNAPSHOT_NOT_FOUND']);
    const malformed = await ask(hub.urls.customers, QUERY, { 'customers.customers@1': '../../etc' });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('SNAPSHOT_NOT_FOUND');
  });
});
