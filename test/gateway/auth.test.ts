import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseApiKeys, sha256Hex } from '../../gateway/apiKeys';
import { RateLimiter } from '../../gateway/rateLimiter';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

const KEYS = `keys:
  - subject: analyst
    sha256: ${sha256Hex('analyst-key')}
    scopes: [pii]
    products: [sales.orders]
  - subject: intern
    key: intern-key
`;

describe('API keys', () => {
  let hub: TestHub;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(file, KEYS);
    hub = await startTestHub({ env: { TESSERA_API_KEYS_FILE: file, TESSERA_ANONYMOUS_ACCESS: 'false' } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('forwards the identity a key grants (Bearer or X-Api-Key) to subgraphs', async () => {
    const bearer = await hub.ask('{ whoami { subject scopes products } }', { authorization: 'Bearer analyst-key' });
    expect(bearer.body.data).toEqual({ whoami: { subject: 'analyst', scopes: ['pii'], products: ['sales.orders'] } });
    const header = await hub.ask('{ whoami { subject scopes products } }', { 'x-api-key': 'intern-key' });
    expect(header.body.data).toEqual({ whoami: { subject: 'intern', scopes: [], products: null } });
  });

  it('answers 401 UNAUTHENTICATED without a key or with an unknown one, before asking any subgraph', async () => {
    const before = hub.probe.requests;
    const attempts: Record<string, string>[] = [{}, { 'x-api-key': 'wrong' }, { authorization: 'Bearer wrong' }];
    for (const headers of attempts) {
      const { status, headers: h, body } = await hub.ask('{ whoami { subject } }', headers);
      expect(status).toBe(401);
      expect(h.get('www-authenticate')).toBe('Bearer');
      expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
    expect(hub.probe.requests).toBe(before);
  });

  it('still serves GraphiQL to a browser without a key', async () => {
    const res = await fetch(hub.gateway.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('anonymous access in development', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { TESSERA_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('serves callers without keys as anonymous without the pii scope, then rate limits them', async () => {
    const first = await hub.ask('{ whoami { subject scopes } }');
    expect(first.body.data).toEqual({ whoami: { subject: 'anonymous', scopes: [] } });
    await hub.ask('{ whoami { subject } }');
    await hub.ask('{ whoami { subject } }');
    const limited = await hub.ask('{ whoami { subject } }');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
  });
});

describe('parseApiKeys', () => {
  it('rejects entries without a subject or key and duplicate keys, naming the file, line and entry', () => {
    expect(() => parseApiKeys('k.yaml', 'keys:\n  - key: x\n')).toThrow(/k.yaml:2: keys\[0\]: expected a non-empty "subject"/);
    expect(() => parseApiKeys('k.yaml', 'keys:\n  - subject: a\n')).toThrow(/keys\[0\]: expected "sha256"/);
    expect(() => parseApiKeys('k.yaml', 'keys:\n  - { subject: a, key: x }\n  - { subject: b, key: x }\n')).toThrow(/k.yaml:3: keys\[1\]: the same key/);
    expect(() => parseApiKeys('k.yaml', 'nope: 1\n')).toThrow(/top-level "keys" list/);
    const found = parseApiKeys('k.yaml', KEYS).lookup('analyst-key');
    expect(found.status === 'ok' && found.grant.identity.subject).toBe('analyst');
  });
});

describe('RateLimiter', () => {
  it('allows a burst of the bucket size, then refills evenly; sizes and charges are per call', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a', 60).allowed).toBe(true);
    expect(limiter.take('a', 60)).toEqual({ allowed: false, remaining: 0, resetSeconds: 60, retryAfterSeconds: 1 });
    expect(limiter.take('b', 60).allowed).toBe(true);
    now += 1000;
    expect(limiter.take('a', 60).allowed).toBe(true);
    expect(limiter.take('a', 60).allowed).toBe(false);
    expect(limiter.take('x', 0).allowed).toBe(true);
    // Weighted charges: 1000 rows a minute, 600 then 600 more is refused until 200 more have refilled (12 s).
    expect(limiter.take('rows', 1000, 600)).toMatchObject({ allowed: true, remaining: 400 });
    expect(limiter.take('rows', 1000, 600)).toMatchObject({ allowed: false, remaining: 400, retryAfterSeconds: 12 });
    expect(limiter.peek('rows', 1000, 400)).toMatchObject({ allowed: true, remaining: 400 });
    expect(limiter.take('rows', 1000, 5000)).toMatchObject({ allowed: false });
    now += 60_000;
    expect(limiter.take('rows', 1000, 5000)).toMatchObject({ allowed: true, remaining: 0 });
  });
});
