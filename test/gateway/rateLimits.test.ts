import { writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

/** The items of a structured-field list header: name → its parameters. */
function items(header: string | null): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const item of (header ?? '').split(',').map((i) => i.trim()).filter(Boolean)) {
    const [name, ...params] = item.split(';');
    out[JSON.parse(name!) as string] = Object.fromEntries(params.map((p) => p.split('=') as [string, string]));
  }
  return out;
}

const SNAPSHOTS = '{ dataProducts { id versions { snapshots(first: 40) { id } } } }';

describe('per-key rate limits and quotas', () => {
  let hub: TestHub;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(file, `keys:
  - { subject: small, key: small-key, limits: { requestsPerMinute: 3 } }
  - { subject: rows, key: rows-key, limits: { rowsPerMinute: 1000 } }
  - { subject: roomy, key: roomy-key }
`);
    hub = await startTestHub({ env: { TESSERA_API_KEYS_FILE: file, TESSERA_RATE_LIMIT_PER_MINUTE: '50', TESSERA_ROWS_PER_MINUTE: '100000' } });
  });
  afterAll(async () => hub?.stop());

  it('says each caller\'s policy and standing in RateLimit-Policy and RateLimit, then answers 429 with Retry-After', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await hub.ask('{ whoami { subject } }', { 'x-api-key': 'small-key' });
      expect(res.status).toBe(200);
      expect(items(res.headers.get('ratelimit-policy'))).toEqual({ requests: { q: '3', w: '60' }, rows: { q: '100000', w: '60' } });
      seen.push(Number(items(res.headers.get('ratelimit')).requests!.r));
    }
    expect(seen).toEqual([2, 1, 0]);
    const limited = await hub.ask('{ whoami { subject } }', { 'x-api-key': 'small-key' });
    expect(limited.status).toBe(429);
    expect(limited.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(items(limited.headers.get('ratelimit')).requests).toMatchObject({ r: '0' });
    // Another key keeps its own, configured-default policy.
    const other = await hub.ask('{ whoami { subject } }', { 'x-api-key': 'roomy-key' });
    expect(other.status).toBe(200);
    expect(items(other.headers.get('ratelimit-policy')).requests).toEqual({ q: '50', w: '60' });
    expect(items(other.headers.get('ratelimit')).requests).toMatchObject({ r: '49' });
  });

  it('charges each operation\'s estimated rows to the key\'s rows quota and refuses what it cannot cover', async () => {
    const first = await hub.ask(SNAPSHOTS, { 'x-api-key': 'rows-key' });
    expect(first.status).toBe(200);
    const left = Number(items(first.headers.get('ratelimit')).rows!.r);
    const charge = 1000 - left;
    expect(charge).toBeGreaterThanOrEqual(40);
    let answered = 1;
    let refused: Awaited<ReturnType<TestHub['ask']>> | undefined;
    for (let i = 0; i < 2 * (1000 / charge) && !refused; i++) {
      const res = await hub.ask(SNAPSHOTS, { 'x-api-key': 'rows-key' });
      if (res.status === 429) refused = res;
      else answered++;
    }
    // The bucket refills as the test runs (1000 rows a minute), so a little more than a full bucket may pass.
    expect(answered).toBeGreaterThanOrEqual(Math.floor(1000 / charge));
    expect(refused).toBeDefined();
    expect(refused!.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    expect(refused!.body.errors![0]!.message).toMatch(/expected at most 1000 estimated rows a minute/);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // A cheap operation still fits in what is left.
    const cheap = await hub.ask('{ whoami { subject } }', { 'x-api-key': 'rows-key' });
    expect(cheap.status).toBe(200);
  });
});

describe('failed authentications per client address', () => {
  let hub: TestHub;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(file, 'keys:\n  - { subject: good, key: good-key }\n  - { subject: old, key: old-key, expires: 2020-01-01T00:00:00Z }\n');
    hub = await startTestHub({ env: { TESSERA_API_KEYS_FILE: file, TESSERA_AUTH_FAILURES_PER_MINUTE: '4', TESSERA_ANONYMOUS_ACCESS: 'false' } });
  });
  afterAll(async () => hub?.stop());

  it('refuses an expired key saying when it expired, and throttles guessing: past the failures, even a right key waits', async () => {
    const expired = await hub.ask('{ whoami { subject } }', { 'x-api-key': 'old-key' });
    expect(expired.status).toBe(401);
    expect(expired.body.errors![0]!.message).toMatch(/expired at 2020-01-01T00:00:00.000Z/);
    for (let i = 0; i < 3; i++) expect((await hub.ask('{ whoami { subject } }', { 'x-api-key': `guess-${i}` })).status).toBe(401);
    const throttled = await hub.ask('{ whoami { subject } }', { 'x-api-key': 'guess-3' });
    expect(throttled.status).toBe(429);
    expect(throttled.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const right = await hub.ask('{ whoami { subject } }', { 'x-api-key': 'good-key' });
    expect(right.status).toBe(429);
  });
});
