import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { parseApiKeys, sha256Hex } from '../../gateway/apiKeys';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const WHOAMI = '{ whoami { subject } }';
const SERVED = '{ served }';

describe('persisted queries through the gateway', () => {
  let hub: TestHub;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(file, [
      'keys:',
      `  - { subject: analyst, sha256: ${sha256Hex('analyst-key')} }`,
      `  - { subject: partner, sha256: ${sha256Hex('partner-key')}, trustedDocumentsOnly: true, trustedDocuments: [${sha256(WHOAMI)}] }`,
      '',
    ].join('\n'));
    hub = await startTestHub({ env: { TESSERA_API_KEYS_FILE: file, TESSERA_MAX_VARIABLES_BYTES: '1024' } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  function client(sent: unknown[], key = 'analyst-key'): ApolloClient {
    const recording: typeof fetch = async (input, init) => {
      sent.push(JSON.parse(String(init?.body)));
      return fetch(input, init);
    };
    const http = new HttpLink({ uri: hub.gateway.url, fetch: recording, headers: { authorization: `Bearer ${key}` } });
    return new ApolloClient({ link: new PersistedQueryLink({ sha256 }).concat(http), cache: new InMemoryCache() });
  }

  it('registers a document on a first miss and answers its hash alone afterwards, with Apollo Client\'s link', async () => {
    const first: { query?: string; extensions?: { persistedQuery?: { sha256Hash: string } } }[] = [];
    const answer = await client(first).query({ query: gql(WHOAMI), fetchPolicy: 'no-cache' });
    expect(answer.data).toEqual({ whoami: { __typename: 'Caller', subject: 'analyst' } });
    expect(first.map((b) => [b.query === undefined, b.extensions?.persistedQuery?.sha256Hash !== undefined])).toEqual([[true, true], [false, true]]);
    const second: typeof first = [];
    const again = await client(second).query({ query: gql(WHOAMI), fetchPolicy: 'no-cache' });
    expect(again.data).toEqual(answer.data);
    expect(second).toHaveLength(1);
    expect(second[0]!.query).toBeUndefined();
  });

  it('screens the variables of a hash-only request like any other', async () => {
    const res = await fetch(hub.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer analyst-key' },
      body: JSON.stringify({ variables: { s: 'x'.repeat(4096) }, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(WHOAMI) } } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('QUERY_TOO_LARGE');
  });

  it('lets a trusted-documents key run only the documents listed for it, by text or by hash', async () => {
    const trusted = await hub.ask(WHOAMI, { authorization: 'Bearer partner-key' });
    expect(trusted.body.data).toEqual({ whoami: { subject: 'partner' } });
    const other = await hub.ask(SERVED, { authorization: 'Bearer partner-key' });
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(other.body.errors?.[0]?.message).toContain(sha256(SERVED));
    // Registered (automatic persisted query) by another key, the document is still not the partner's.
    const registered = await fetch(hub.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer analyst-key' },
      body: JSON.stringify({ query: SERVED, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(SERVED) } } }),
    });
    expect(registered.status).toBe(200);
    const byHash = await fetch(hub.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer partner-key' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(SERVED) } } }),
    });
    expect(byHash.status).toBe(403);
    const apq = (body: object) => fetch(hub.gateway.url, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer partner-key' }, body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() as { data?: unknown } }));
    const persistedQuery = { version: 1, sha256Hash: sha256(WHOAMI) };
    expect(await apq({ query: WHOAMI, extensions: { persistedQuery } })).toEqual({ status: 200, body: expect.objectContaining({ data: { whoami: { subject: 'partner' } } }) });
    expect(await apq({ extensions: { persistedQuery } })).toEqual({ status: 200, body: expect.objectContaining({ data: { whoami: { subject: 'partner' } } }) });
  });

  it('refuses a keys file that lists trusted documents it does not enforce, or none', () => {
    const key = sha256Hex('k');
    expect(() => parseApiKeys('keys.yaml', `keys:\n  - { subject: p, sha256: ${key}, trustedDocuments: [${sha256(WHOAMI)}] }\n`))
      .toThrow(/keys\.yaml:2: keys\[0\]: expected "trustedDocumentsOnly: true" beside "trustedDocuments"/);
    expect(() => parseApiKeys('keys.yaml', `keys:\n  - { subject: p, sha256: ${key}, trustedDocumentsOnly: true }\n`))
      .toThrow(/expected "trustedDocuments", a list of the SHA-256 hex digests/);
    expect(() => parseApiKeys('keys.yaml', `keys:\n  - { subject: p, sha256: ${key}, trustedDocumentsOnly: true, trustedDocuments: [abc] }\n`))
      .toThrow(/expected SHA-256 hex digests \(64 hex digits\), got "abc"/);
  });
});
