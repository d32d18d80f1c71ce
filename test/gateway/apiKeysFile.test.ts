import { writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { parseApiKeys } from '../../gateway/apiKeys';
import { watchApiKeysFile } from '../../gateway/apiKeysFile';
import type { TestHub } from './helpers/startTestHub';
import { startTestHub } from './helpers/startTestHub';

const NOW = new Date('2026-12-01T00:00:00Z');

describe('the keys file', () => {
  it('refuses unknown fields, naming the file and line', () => {
    const text = 'keys:\n  - subject: a\n    key: a-key\n  - subject: b\n    key: b-key\n    scope: [pii]\n';
    expect(() => parseApiKeys('keys.yaml', text)).toThrow(/^keys.yaml:6: keys\[1\]: unexpected field "scope"; expected one of subject, sha256, key, scopes/);
    expect(() => parseApiKeys('keys.yaml', 'keys: []\nkey: x\n')).toThrow(/^keys.yaml:2: unexpected field "key" at the top level/);
    expect(() => parseApiKeys('keys.yaml', 'keys:\n  - subject: a\n    key: a\n    limits: { requestsPerHour: 5 }\n')).toThrow(/^keys.yaml:4: keys\[0\]: unexpected field "limits.requestsPerHour"/);
    expect(() => parseApiKeys('keys.yaml', 'keys:\n  - { subject: a, key: a, expires: soon }\n')).toThrow(/^keys.yaml:2: keys\[0\]: expected "expires" to be a date/);
  });

  it('refuses a key past its expiry, saying when, and serves it until then', () => {
    const keys = parseApiKeys('keys.yaml', 'keys:\n  - { subject: a, key: a-key, expires: 2026-12-31 }\n', NOW);
    expect(keys.lookup('a-key', NOW).status).toBe('ok');
    const later = keys.lookup('a-key', new Date('2027-01-01T00:00:01Z'));
    expect(later).toEqual({ status: 'expired', expired: new Date('2026-12-31T00:00:00Z'), subject: 'a' });
  });

  it('allows two live keys per subject for rotation, not three; an expired one does not count', () => {
    const two = 'keys:\n  - { subject: a, key: old }\n  - { subject: a, key: new }\n';
    const keys = parseApiKeys('keys.yaml', two, NOW);
    expect([keys.lookup('old', NOW).status, keys.lookup('new', NOW).status]).toEqual(['ok', 'ok']);
    expect(() => parseApiKeys('keys.yaml', `${two}  - { subject: a, key: newer }\n`, NOW)).toThrow(/^keys.yaml:4: keys\[2\]: expected at most 2 live keys for subject "a"/);
    expect(parseApiKeys('keys.yaml', `${two}  - { subject: a, key: older, expires: 2026-01-01 }\n`, NOW).size).toBe(3);
  });

  it('follows the file: a change is in force at the next check, and an invalid change keeps the keys in force', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(file, 'keys:\n  - { subject: a, key: a-key }\n');
    const errors: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => errors.push(line) });
    const watched = await watchApiKeysFile(file, 3_600_000, logger);
    try {
      expect(watched.current().lookup('a-key').status).toBe('ok');
      await writeFile(file, 'keys:\n  - { subject: b, key: b-key }\n');
      await watched.check();
      expect(watched.current().lookup('a-key').status).toBe('unknown');
      expect(watched.current().lookup('b-key').status).toBe('ok');
      await writeFile(file, 'keys:\n  - { subject: c, key: c-key, sope: [] }\n');
      await watched.check();
      expect(watched.current().lookup('b-key').status).toBe('ok');
      expect(watched.current().lookup('c-key').status).toBe('unknown');
      expect(errors.join('')).toMatch(/keys.yaml:2: keys\[0\]: unexpected field \\"sope\\"/);
    } finally {
      watched.stop();
    }
  });
});

describe('a gateway following its keys file', () => {
  let hub: TestHub;
  let file: string;
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(file, 'keys:\n  - { subject: team, key: team-key-1 }\n');
    hub = await startTestHub({ env: { TESSERA_API_KEYS_FILE: file, TESSERA_ANONYMOUS_ACCESS: 'false', TESSERA_API_KEYS_POLL_MS: '50' } });
  });
  afterAll(async () => hub?.stop());

  async function statusWhen(key: string, expected: number): Promise<number> {
    let status = 0;
    for (let i = 0; i < 200 && status !== expected; i++) {
      if (i) await new Promise((r) => setTimeout(r, 25));
      status = (await hub.ask('{ whoami { subject } }', { 'x-api-key': key })).status;
    }
    return status;
  }

  it('rotates a key without a restart: both keys work during the switch, the revoked one stops', async () => {
    expect(await statusWhen('team-key-1', 200)).toBe(200);
    await writeFile(file, 'keys:\n  - { subject: team, key: team-key-1 }\n  - { subject: team, key: team-key-2 }\n');
    expect(await statusWhen('team-key-2', 200)).toBe(200);
    const both = await hub.ask('{ whoami { subject } }', { 'x-api-key': 'team-key-1' });
    expect(both.body.data).toEqual({ whoami: { subject: 'team' } });
    await writeFile(file, 'keys:\n  - { subject: team, key: team-key-2 }\n');
    expect(await statusWhen('team-key-1', 401)).toBe(401);
    expect((await hub.ask('{ whoami { subject } }', { 'x-api-key': 'team-key-2' })).status).toBe(200);
  });

  it('refuses to start on a keys file with an unknown field', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'tessera-keys-')), 'keys.yaml');
    await writeFile(bad, 'keys:\n  - subject: x\n    key: x\n    expiry: 2027-01-01\n');
    await expect(startTestHub({ env: { TESSERA_API_KEYS_FILE: bad } })).rejects.toThrow(/keys.yaml:4: keys\[0\]: unexpected field "expiry"/);
  });
});
